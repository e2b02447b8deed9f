import { whereScope } from '../../access/scope-sql.js';
import type { Ctx } from '../../context.js';
import { filterStatsPolicy } from '../filter.policy.js';
import type { FilterCountersTable, FilterTopBlockedTable } from '../tables.js';

/**
 * Blocked look-ups per hour and the most blocked names per day, within the caller's scope
 * (aggregates only: the filter keeps no per-student log). Default window: the last seven days.
 */
export async function filterStats(
  ctx: Ctx,
  q: { schoolId?: string | undefined; from?: string | undefined; to?: string | undefined },
): Promise<{ hours: FilterCountersTable[]; top: FilterTopBlockedTable[] }> {
  filterStatsPolicy.authorize(ctx.actor, 'read');
  const scope = filterStatsPolicy.listScope(ctx.actor, 'read');
  const db = ctx.db.kysely;
  const from = q.from ?? new Date(Date.now() - 7 * 86400_000).toISOString();
  const to = q.to ?? '9999';
  let h = whereScope(db.selectFrom('filter_counters'), scope).where('hour', '>=', from).where('hour', '<=', to);
  let tq = whereScope(db.selectFrom('filter_top_blocked'), scope).where('day', '>=', from.slice(0, 10)).where('day', '<=', to.slice(0, 10));
  if (q.schoolId) {
    h = h.where('school_id', '=', q.schoolId);
    tq = tq.where('school_id', '=', q.schoolId);
  }
  const hours = await h.selectAll().orderBy('hour').limit(20_000).execute();
  const top = await tq.selectAll().orderBy('count', 'desc').limit(100).execute();
  return { hours, top };
}
