import { whereScope } from '../../../access/scope-sql.js';
import { audit } from '../../../audit/audit.js';
import type { Ctx } from '../../../context.js';
import { displayNames } from '../../../org/users/names.js';
import { notFound } from '../../../shared/errors.js';
import type { Lang } from '../../../shared/i18n.js';
import { casePolicy } from '../../case.policy.js';
import type { TaskListQuery } from '../api-schemas.js';
import { taskPolicy } from '../task.policy.js';
import { presentTask, type TaskRow, taskRows } from './task-rows.js';

/** Tasks of every case the caller may read (or only theirs), soonest due first; titles are opened, so audited. */
export async function listTasks(ctx: Ctx, lang: Lang, query: typeof TaskListQuery.static) {
  taskPolicy.authorize(ctx.actor, 'read');
  const db = ctx.db.kysely;
  const now = ctx.clock().toISOString();
  const { mine, status, overdue, limit = 50, offset = 0 } = query;
  let qb = whereScope(db.selectFrom(taskRows(db).as('x')), taskPolicy.listScope(ctx.actor, 'read'));
  if (mine) qb = qb.where('assignee_id', '=', ctx.actor.id ?? '-');
  if (overdue) qb = qb.where('status', '=', 'open').where('due_at', '<', now);
  else if (status) qb = qb.where('status', '=', status);
  const [rows, total] = await Promise.all([
    qb.selectAll().orderBy('due_at').orderBy('id').limit(limit).offset(offset).execute() as Promise<TaskRow[]>,
    qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await audit(ctx, db, 'case_task.listed', { type: 'case_task' }, { count: rows.length, mine: !!mine, overdue: !!overdue });
  const names = await displayNames(
    db,
    rows.map((r) => r.assignee_id),
  );
  return { items: rows.map((r) => presentTask(r, names, ctx.sealer, lang, now)), total: Number(total.n) };
}

/** Every task of one case (open first, soonest due first), for whoever may read the case. */
export async function caseTasks(ctx: Ctx, lang: Lang, caseId: string) {
  casePolicy.authorize(ctx.actor, 'read');
  const db = ctx.db.kysely;
  const c = await db.selectFrom('cases').select(['id', 'unit_id', 'agency_id', 'school_id', 'opened_by']).where('id', '=', caseId).executeTakeFirst();
  if (!c) throw notFound();
  casePolicy.authorize(ctx.actor, 'read', c);
  const now = ctx.clock().toISOString();
  const rows = await taskRows(db)
    .where('t.case_id', '=', caseId)
    .orderBy((eb) => eb.case().when('t.status', '=', 'open').then(0).else(1).end())
    .orderBy('t.due_at')
    .orderBy('t.id')
    .execute();
  await audit(ctx, db, 'case_task.listed', { type: 'case', id: caseId }, { count: rows.length });
  const names = await displayNames(
    db,
    rows.map((r) => r.assignee_id),
  );
  return { items: rows.map((r) => presentTask(r, names, ctx.sealer, lang, now)), total: rows.length };
}
