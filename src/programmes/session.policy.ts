import { definePolicy } from '../access/policy.js';
import { readSchoolRecords, type SchoolRecord, writeSchoolRecords } from './rules.js';

/**
 * Awareness sessions and the .xlsx bulk import of them. `unit_id` is the school's ward when the
 * session was recorded; for a new session it is the school's ward today (checked before saving).
 */
export const sessionPolicy = definePolicy<SchoolRecord, 'read' | 'create' | 'update' | 'delete' | 'import'>(
  'programme_session',
  { read: readSchoolRecords, create: writeSchoolRecords, update: writeSchoolRecords, delete: writeSchoolRecords, import: writeSchoolRecords },
  { visibleAction: 'read' },
);
