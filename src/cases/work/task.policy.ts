import { definePolicy } from '../../access/policy.js';
import { role } from '../../access/rules.js';
import { caseHolders } from './holders.js';

/** A task, with the ward/agency holding its case now. */
export type TaskRecord = { case_unit_id: string | null; case_agency_id: string | null };

/** Tasks are the holders' work on their case: they add, see and close them (an assignee is one of them). */
export const taskPolicy = definePolicy<TaskRecord, 'read' | 'create' | 'update'>(
  'case_task',
  {
    read: [role('system_admin'), ...caseHolders],
    create: caseHolders,
    update: caseHolders,
  },
  { visibleAction: 'read' },
);
