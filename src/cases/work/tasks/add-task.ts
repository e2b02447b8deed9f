import { audit } from '../../../audit/audit.js';
import type { Ctx } from '../../../context.js';
import { notify } from '../../../intake/notify.js';
import { newId } from '../../../shared/ids.js';
import { cleanText } from '../../../shared/text.js';
import { casePolicy } from '../../case.policy.js';
import { appendCaseEvents, loadCaseForUpdate } from '../../store.js';
import type { AddTaskBody } from '../api-schemas.js';
import type { CaseTasksTable } from '../tables.js';
import { taskPolicy } from '../task.policy.js';
import { checkAssignee } from './assignee.js';
import { checkTaskDates } from './task-dates.js';

/**
 * A task on a case: what to do (sealed: it may name the child), by when, who does it and when to
 * remind them (the reminder sweep, sweep-tasks.ts, rings the bell and sends an e-mail).
 */
export async function addTask(ctx: Ctx, caseId: string, input: typeof AddTaskBody.static): Promise<{ id: string; caseVersion: number }> {
  const title = cleanText(input.title);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await loadCaseForUpdate(trx, ctx, caseId);
    casePolicy.authorize(ctx.actor, 'read', row);
    taskPolicy.authorize(ctx.actor, 'create', { case_unit_id: row.unit_id, case_agency_id: row.agency_id });
    const now = ctx.clock().toISOString();
    const dates = checkTaskDates(now, input.dueAt, input.remindAt ?? null);
    if (input.assigneeId) await checkAssignee(trx, row, input.assigneeId);
    const task: CaseTasksTable = {
      id: newId(),
      case_id: caseId,
      sealed_title: ctx.sealer.seal(title),
      assignee_id: input.assigneeId ?? null,
      due_at: dates.dueAt,
      remind_at: dates.remindAt,
      status: 'open',
      reminded_at: null,
      overdue_notified_at: null,
      created_by: ctx.actor.id,
      created_at: now,
      completed_by: null,
      completed_at: null,
    };
    const state = await appendCaseEvents(trx, ctx, row, input.version, [
      { event: { type: 'work_task_added', at: now, data: { taskId: task.id, dueAt: task.due_at, assigneeId: task.assignee_id } }, sealed: { title } },
    ]);
    await trx.insertInto('case_tasks').values(task).execute();
    await audit(ctx, trx, 'case_task.created', { type: 'case_task', id: task.id }, { caseId, dueAt: task.due_at, assigneeId: task.assignee_id });
    if (task.assignee_id && task.assignee_id !== ctx.actor.id) {
      await notify(trx, now, [
        {
          audience: 'user',
          audienceId: task.assignee_id,
          kind: 'case_task',
          reportId: null,
          code: 'notif_case_task_assigned',
          params: { code: row.code, due: task.due_at.slice(0, 16).replace('T', ' ') },
        },
      ]);
    }
    return { id: task.id, caseVersion: state.version };
  });
}
