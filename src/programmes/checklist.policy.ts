import { definePolicy } from '../access/policy.js';
import { inOwnUnit, role } from '../access/rules.js';
import { readSchoolRecords, type SchoolRecord, writeSchoolRecords } from './rules.js';

/**
 * Information-safety self-assessments: the school fills them in (submit); its ward's officer or
 * the city reviews them (approve with a confirmed score, or return). A school never approves its own.
 */
export const checklistPolicy = definePolicy<SchoolRecord, 'read' | 'submit' | 'review'>(
  'programme_checklist',
  {
    read: readSchoolRecords,
    submit: writeSchoolRecords,
    review: [role('system_admin', 'city_leader'), inOwnUnit<SchoolRecord>('unit_id', 'case_worker')],
  },
  { visibleAction: 'read' },
);
