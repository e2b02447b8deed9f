import { definePolicy } from '../access/policy.js';
import { inOwnUnit, role } from '../access/rules.js';

type Outreach = { unit_id: string };

/**
 * Community outreach in residential groups is the ward's work: its officer records it, the city
 * reads it all (the system administrator also edits). Schools do not see it.
 */
export const outreachPolicy = definePolicy<Outreach, 'read' | 'create' | 'update' | 'delete'>(
  'programme_outreach',
  {
    read: [role('system_admin', 'city_leader', 'analyst'), inOwnUnit<Outreach>('unit_id', 'case_worker')],
    create: [role('system_admin'), inOwnUnit<Outreach>('unit_id', 'case_worker')],
    update: [role('system_admin'), inOwnUnit<Outreach>('unit_id', 'case_worker')],
    delete: [role('system_admin'), inOwnUnit<Outreach>('unit_id', 'case_worker')],
  },
  { visibleAction: 'read' },
);
