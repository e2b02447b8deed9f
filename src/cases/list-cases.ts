import type { Static } from '@sinclair/typebox';
import { whereScope } from '../access/scope-sql.js';
import type { Ctx } from '../context.js';
import { displayNames } from '../org/users/names.js';
import type { CaseSummary, ListCasesQuery } from './api-schemas.js';
import { casePolicy } from './case.policy.js';
import { toSummary } from './present.js';
import { activeSlaSteps } from './work/sla/sla-steps.js';
import { overdueCaseWhere } from './work/sla-clocks.js';

/** The case list the actor may see, filtered, newest first. Codes only: no child data in a list. */
export async function listCases(ctx: Ctx, q: Static<typeof ListCasesQuery>): Promise<{ items: CaseSummary[]; total: number }> {
  casePolicy.authorize(ctx.actor, 'read');
  let qb = whereScope(ctx.db.kysely.selectFrom('cases'), casePolicy.listScope(ctx.actor, 'read'));
  if (q.victimState) qb = qb.where('victim_state', '=', q.victimState);
  if (q.violationState) qb = qb.where('violation_state', '=', q.violationState);
  if (q.risk) qb = qb.where('risk_level', '=', q.risk);
  if (q.unitId) qb = qb.where('unit_id', '=', q.unitId);
  if (q.agencyId) qb = qb.where('agency_id', '=', q.agencyId);
  if (q.assignedTo) qb = qb.where('assigned_to', '=', q.assignedTo);
  if (q.pending !== undefined) qb = q.pending ? qb.where('pending_approval', 'is not', null) : qb.where('pending_approval', 'is', null);
  if (q.open !== undefined) qb = q.open ? qb.where('closed_at', 'is', null) : qb.where('closed_at', 'is not', null);
  if (q.overdue) qb = qb.where(overdueCaseWhere(await activeSlaSteps(ctx.db.kysely), ctx.clock().toISOString(), 'cases'));
  // the schema lets only letters, digits and dashes through: no LIKE wildcard can be typed
  if (q.q) qb = qb.where('code', 'like', `%${q.q.toUpperCase()}%`);
  const [total, rows] = await Promise.all([
    qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    qb
      .selectAll()
      .orderBy('opened_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .execute(),
  ]);
  const names = await displayNames(
    ctx.db.kysely,
    rows.map((r) => r.assigned_to),
  );
  return { total: Number(total.n), items: rows.map((r) => toSummary(r, names)) };
}
