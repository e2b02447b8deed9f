import { definePolicy } from '../../access/policy.js';
import { anyStaff, role, tokenScope } from '../../access/rules.js';
import type { AgenciesTable } from '../tables.js';

/** Agencies are the city's own structure: everyone on staff sees them; administrators change them. */
export const agencyPolicy = definePolicy<AgenciesTable, 'read' | 'create' | 'update'>('agency', {
  read: [anyStaff, tokenScope('org:read', 'beyond limits')],
  create: [role('system_admin')],
  update: [role('system_admin')],
});
