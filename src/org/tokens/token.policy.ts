import { definePolicy } from '../../access/policy.js';
import { role } from '../../access/rules.js';
import type { ApiTokensTable } from '../tables.js';

/** Machine tokens open doors to whole systems: only administrators see, issue and revoke them. */
export const tokenPolicy = definePolicy<ApiTokensTable, 'read' | 'create' | 'revoke'>('api_token', {
  read: [role('system_admin')],
  create: [role('system_admin')],
  revoke: [role('system_admin')],
});
