import { definePolicy } from '../../access/policy.js';
import { anyStaff, tokenScope } from '../../access/rules.js';
import type { UnitsTable } from '../tables.js';

/** Wards and communes are public reference data: every staff member and org:read tokens may read them. */
export const unitPolicy = definePolicy<UnitsTable, 'read'>('unit', {
  read: [anyStaff, tokenScope('org:read', 'beyond limits')],
});
