import { definePolicy } from '../access/policy.js';
import { role } from '../access/rules.js';
import type { AuditLogTable } from './tables.js';

/** The audit trail says who read what about whom: only administrators read it, and that read is logged too. */
export const auditPolicy = definePolicy<AuditLogTable, 'read' | 'verify'>('audit', {
  read: [role('system_admin')],
  verify: [role('system_admin')],
});
