import { whereScope } from '../../../access/scope-sql.js';
import { audit } from '../../../audit/audit.js';
import type { Ctx } from '../../../context.js';
import { displayNames } from '../../../org/users/names.js';
import type { Lang } from '../../../shared/i18n.js';
import { casePolicy } from '../../case.policy.js';
import { partyNames } from '../parties.js';
import { referralPolicy } from '../referral.policy.js';
import { namesFor, presentReferral, type ReferralRow, referralRows } from '../referrals/referral-rows.js';
import { activeSlaSteps } from '../sla/sla-steps.js';
import { clocksOf, overdueCaseWhere } from '../sla-clocks.js';
import { taskPolicy } from '../task.policy.js';
import { presentTask, type TaskRow, taskRows } from '../tasks/task-rows.js';

const LIMIT = 200;

/**
 * What is late, for the caller's ward or agency (or the whole city for an administrator): cases
 * with an overdue SLA step (which steps, since when), tasks past their due date, referrals to
 * them not answered in time. Oldest first; each list at most 200 rows.
 */
export async function overdueBoard(ctx: Ctx, lang: Lang) {
  casePolicy.authorize(ctx.actor, 'read');
  const db = ctx.db.kysely;
  const now = ctx.clock().toISOString();
  const steps = await activeSlaSteps(db);
  const canTasks = taskPolicy.can(ctx.actor, 'read');
  const [cases, tasks, referrals] = await Promise.all([
    whereScope(db.selectFrom('cases as c'), casePolicy.listScope(ctx.actor, 'read'), 'c')
      .select(['c.id', 'c.code', 'c.unit_id', 'c.agency_id', 'c.victim_state', 'c.violation_state', 'c.closed_at'])
      .where(overdueCaseWhere(steps, now))
      .orderBy('c.opened_at')
      .limit(LIMIT)
      .execute(),
    canTasks
      ? (whereScope(db.selectFrom(taskRows(db).as('x')), taskPolicy.listScope(ctx.actor, 'read'))
          .selectAll()
          .where('status', '=', 'open')
          .where('due_at', '<', now)
          .orderBy('due_at')
          .limit(LIMIT)
          .execute() as Promise<TaskRow[]>)
      : Promise.resolve([] as TaskRow[]),
    whereScope(db.selectFrom(referralRows(db).as('x')), referralPolicy.listScope(ctx.actor, 'read'))
      .selectAll()
      .where('status', '=', 'pending')
      .where('answer_due_at', '<', now)
      .orderBy('answer_due_at')
      .limit(LIMIT)
      .execute() as Promise<ReferralRow[]>,
  ]);
  const events =
    cases.length === 0
      ? []
      : await db
          .selectFrom('case_events')
          .select(['case_id', 'type', 'at'])
          .where(
            'case_id',
            'in',
            cases.map((c) => c.id),
          )
          .where('type', 'in', [...new Set(steps.flatMap((s) => [s.startEvent, ...s.stopEvents]))])
          .execute();
  const byCase = new Map<string, Array<{ type: string; at: string }>>();
  for (const e of events) byCase.set(e.case_id, [...(byCase.get(e.case_id) ?? []), e]);
  const [holders, assignees, refNames] = await Promise.all([
    partyNames(
      db,
      lang,
      cases.map((c) => ({ unitId: c.unit_id, agencyId: c.agency_id })),
    ),
    displayNames(
      db,
      tasks.map((t) => t.assignee_id),
    ),
    namesFor(db, lang, referrals),
  ]);
  await audit(ctx, db, 'case_work.overdue_listed', { type: 'case' }, { cases: cases.length, tasks: tasks.length, referrals: referrals.length });
  return {
    cases: cases.map((c) => ({
      caseId: c.id,
      caseCode: c.code,
      holder: holders.name(c.unit_id, c.agency_id),
      steps: clocksOf(steps, c, byCase.get(c.id) ?? [], now)
        .map((k, i) => ({ k, s: steps[i] }))
        .filter(({ k }) => k.state === 'overdue')
        .map(({ k, s }) => ({ step: k.step, label: (lang === 'en' ? s?.nameEn : s?.name) ?? k.step, dueAt: k.dueAt as string })),
    })),
    tasks: tasks.map((t) => presentTask(t, assignees, ctx.sealer, lang, now)),
    referrals: referrals.map((r) => presentReferral(r, refNames, ctx.sealer, lang, now)),
  };
}
