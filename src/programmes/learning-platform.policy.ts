import { definePolicy } from '../access/policy.js';
import { inOwnSchool, role } from '../access/rules.js';
import { readSchoolRecords, type SchoolRecord } from './rules.js';

/**
 * A school's approved learning platforms change what its filter lets through in class time, so
 * only the school's administrator (and the system administrator) set them; the ward and city read.
 */
export const learningPlatformPolicy = definePolicy<SchoolRecord, 'read' | 'update'>(
  'programme_learning_platforms',
  { read: readSchoolRecords, update: [role('system_admin'), inOwnSchool<SchoolRecord>('school_id', 'school_admin')] },
  { visibleAction: 'read' },
);
