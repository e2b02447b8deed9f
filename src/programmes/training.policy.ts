import { definePolicy } from '../access/policy.js';
import { readSchoolRecords, type SchoolRecord, writeSchoolRecords } from './rules.js';

/** Staff trainings of a school (who, hours, certificate). */
export const trainingPolicy = definePolicy<SchoolRecord, 'read' | 'create' | 'update' | 'delete'>(
  'programme_training',
  { read: readSchoolRecords, create: writeSchoolRecords, update: writeSchoolRecords, delete: writeSchoolRecords },
  { visibleAction: 'read' },
);
