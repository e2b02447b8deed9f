import type { Tx } from '../../../db/database.js';
import type { Lang } from '../../../shared/i18n.js';
import type { Sealer } from '../../../shared/secrets.js';
import type { CaseTasksTable } from '../tables.js';
import { TASK_STATUSES } from '../vocab.js';

/** Tasks as policies and pages see them: the row with its case's holder, code and version beside it. */
export function taskRows(db: Tx) {
  return db
    .selectFrom('case_tasks as t')
    .innerJoin('cases as c', 'c.id', 't.case_id')
    .selectAll('t')
    .select(['c.unit_id as case_unit_id', 'c.agency_id as case_agency_id', 'c.code as case_code', 'c.version as case_version']);
}

export type TaskRow = CaseTasksTable & { case_unit_id: string | null; case_agency_id: string | null; case_code: string; case_version: number };

/** Overdue, defined once: open and due strictly before now (the sweep, the board and the flag all ask here). */
export const isTaskOverdue = (t: Pick<CaseTasksTable, 'status' | 'due_at'>, now: string) => t.status === 'open' && t.due_at < now;

export function presentTask(t: TaskRow, names: Map<string, string>, sealer: Sealer, lang: Lang, now: string) {
  return {
    id: t.id,
    caseId: t.case_id,
    caseCode: t.case_code,
    caseVersion: t.case_version,
    title: sealer.open(t.sealed_title),
    assigneeId: t.assignee_id,
    assigneeName: t.assignee_id ? (names.get(t.assignee_id) ?? null) : null,
    dueAt: t.due_at,
    remindAt: t.remind_at,
    status: t.status,
    statusLabel: TASK_STATUSES[t.status][lang],
    overdue: isTaskOverdue(t, now),
    createdAt: t.created_at,
    completedAt: t.completed_at,
  };
}
