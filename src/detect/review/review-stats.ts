import type { Ctx } from '../../context.js';
import type { ReviewStats } from './api-schemas.js';
import { reviewItemPolicy } from './review.policy.js';

/** Counts only — no link, no text, no person: what a city leader may see of the desk's work. */
export async function reviewStats(ctx: Ctx): Promise<ReviewStats> {
  reviewItemPolicy.authorize(ctx.actor, 'aggregate');
  const db = ctx.db.kysely;
  const count = async (col: 'status' | 'decision' | 'decision_category' | 'kind' | 'failure_code') => {
    const rows = await db
      .selectFrom('detect_items')
      .select([col])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(col, 'is not', null)
      .groupBy(col)
      .execute();
    return Object.fromEntries(rows.map((r) => [String((r as Record<string, unknown>)[col]), Number(r.n)]));
  };
  const [byStatus, byDecision, byCategory, byKind, byFailure] = await Promise.all([
    count('status'),
    count('decision'),
    count('decision_category'),
    count('kind'),
    count('failure_code'),
  ]);
  const td = await db
    .selectFrom('detect_takedowns')
    .select(['status'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy('status')
    .execute();
  return {
    total: Object.values(byKind).reduce((a, b) => a + b, 0),
    byStatus,
    byDecision,
    byCategory,
    byKind,
    byFailure,
    takedowns: Object.fromEntries(td.map((r) => [r.status, Number(r.n)])),
  };
}
