import { audit } from '../../../audit/audit.js';
import type { Ctx } from '../../../context.js';
import { AppError, badInput, notFound } from '../../../shared/errors.js';
import { appendCaseEvents, loadCaseForUpdate } from '../../store.js';
import type { UpdateTaskBody } from '../api-schemas.js';
import '../messages.js';
import type { CaseTasksTable } from '../tables.js';
import { taskPolicy } from '../task.policy.js';
import { checkAssignee } from './assignee.js';
import { checkTaskDates } from './task-dates.js';
import { taskRows } from './task-rows.js';

/**
 * Marks a task done or cancelled, or moves its due date, reminder or assignee. A closed task stays
 * closed. A new due date or reminder is checked as when the task was added, and a changed reminder
 * rings again.
 */
export async function updateTask(ctx: Ctx, id: string, input: typeof UpdateTaskBody.static): Promise<{ id: string; caseVersion: number }> {
  if (input.status === undefined && input.dueAt === undefined && input.remindAt === undefined && input.assigneeId === undefined) throw badInput('status');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const t = await taskRows(trx).where('t.id', '=', id).executeTakeFirst();
    if (!t) throw notFound();
    taskPolicy.authorize(ctx.actor, 'update', t);
    if (t.status !== 'open') throw new AppError(409, 'case_work_task_closed');
    const row = await loadCaseForUpdate(trx, ctx, t.case_id);
    const now = ctx.clock().toISOString();
    const changes: Partial<CaseTasksTable> = {};
    if (input.dueAt !== undefined || input.remindAt !== undefined) {
      const dates = checkTaskDates(now, input.dueAt ?? t.due_at, input.remindAt === undefined ? t.remind_at : input.remindAt);
      if (input.dueAt !== undefined) Object.assign(changes, { due_at: dates.dueAt, overdue_notified_at: null });
      if (input.remindAt !== undefined) Object.assign(changes, { remind_at: dates.remindAt, reminded_at: null });
    }
    if (input.assigneeId !== undefined) {
      if (input.assigneeId !== null) await checkAssignee(trx, row, input.assigneeId);
      changes.assignee_id = input.assigneeId;
    }
    if (input.status) Object.assign(changes, { status: input.status, completed_by: ctx.actor.id, completed_at: now });
    const type = input.status === 'done' ? 'work_task_done' : input.status === 'cancelled' ? 'work_task_cancelled' : 'work_task_changed';
    const state = await appendCaseEvents(trx, ctx, row, input.version, [
      { event: { type, at: now, data: { taskId: t.id, dueAt: changes.due_at ?? t.due_at, assigneeId: changes.assignee_id ?? t.assignee_id } } },
    ]);
    await trx.updateTable('case_tasks').set(changes).where('id', '=', t.id).where('status', '=', 'open').execute();
    await audit(ctx, trx, `case_task.${input.status ?? 'changed'}`, { type: 'case_task', id: t.id }, { caseId: t.case_id, fields: Object.keys(changes) });
    return { id: t.id, caseVersion: state.version };
  });
}
