import { definePolicy } from '../../access/policy.js';
import { inOwnSchool, inOwnUnit, role, system, tokenScope } from '../../access/rules.js';
import type { SchoolsTable } from '../tables.js';

type School = Pick<SchoolsTable, 'id' | 'unit_id'>;

/**
 * Schools and care facilities. City-wide roles see all of them; a ward's case worker sees the
 * schools of that ward; a school's administrator sees and edits only their own school. A token
 * limited to a school or ward reads and updates only the schools inside its limit, and creates none.
 */
export const schoolPolicy = definePolicy<School, 'read' | 'create' | 'update' | 'delete' | 'import'>(
  'school',
  {
    read: [
      role('system_admin', 'city_leader', 'intake_officer', 'analyst', 'agency_officer'),
      inOwnUnit<School>('unit_id', 'case_worker'),
      inOwnSchool<School>('id', 'school_admin'),
      tokenScope<School>('schools:read', { school: 'id', unit: 'unit_id' }),
    ],
    create: [role('system_admin'), tokenScope('schools:write', 'unlimited tokens only')],
    update: [role('system_admin'), inOwnSchool<School>('id', 'school_admin'), tokenScope<School>('schools:write', { school: 'id', unit: 'unit_id' })],
    delete: [role('system_admin')],
    import: [role('system_admin'), tokenScope('schools:write', 'unlimited tokens only'), system],
  },
  { visibleAction: 'read' },
);
