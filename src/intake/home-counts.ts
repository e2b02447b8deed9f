import { sql } from 'kysely';
import type { Scope } from '../access/policy.js';
import { whereScope } from '../access/scope-sql.js';
import type { Ctx } from '../context.js';
import { handoverPolicy } from './handovers/handover.policy.js';
import { OPEN_STATUSES, overdueWhere } from './overdue.js';
import { reportPolicy } from './report.policy.js';

/** The reports waiting for work, as the home page shows them: open, new, P1 (open), overdue. */
export interface ReportCounts {
  open: number;
  new: number;
  p1: number;
  overdue: number;
}

/**
 * Counts of the reports the caller works on: their queue's scope (the desk sees all, an agency its
 * own). A role that sees aggregates only (city leaders, analysts) gets the city's totals — numbers,
 * no report. Null for a caller who may do neither. One query, so the four figures agree.
 */
export async function reportCounts(ctx: Ctx): Promise<ReportCounts | null> {
  const scope: Scope[] | null = reportPolicy.can(ctx.actor, 'read')
    ? reportPolicy.listScope(ctx.actor, 'read')
    : reportPolicy.can(ctx.actor, 'aggregate')
      ? [{ kind: 'all' }]
      : null;
  if (!scope) return null;
  const now = ctx.clock().toISOString();
  const row = await whereScope(ctx.db.kysely.selectFrom('intake_reports'), scope)
    .where('status', 'in', [...OPEN_STATUSES])
    .select((eb) => [
      eb.fn.countAll<number>().as('open'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'new').then(1).else(0).end()).as('new'),
      eb.fn.sum<number>(eb.case().when('priority', '=', 'p1').then(1).else(0).end()).as('p1'),
      eb.fn.sum<number>(eb.case().when(overdueWhere(eb, now)).then(1).else(0).end()).as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  return { open: Number(row.open), new: Number(row.new ?? 0), p1: Number(row.p1 ?? 0), overdue: Number(row.overdue ?? 0) };
}

/** Hand-overs addressed to the caller's ward or agency and not yet taken; null for who takes none. */
export async function openHandoverCount(ctx: Ctx): Promise<number | null> {
  if (!handoverPolicy.can(ctx.actor, 'take')) return null;
  const row = await whereScope(ctx.db.kysely.selectFrom('intake_handovers'), handoverPolicy.listScope(ctx.actor, 'take'))
    .where('status', '=', 'open')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
