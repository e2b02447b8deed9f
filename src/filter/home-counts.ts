import { whereScope } from '../access/scope-sql.js';
import type { Ctx } from '../context.js';
import { filterStatsPolicy, schoolFilterPolicy } from './filter.policy.js';
import { countNodeAlerts } from './fleet/nodes/list-nodes.js';
import { countReviews } from './reviews/list-reviews.js';
import { reviewPolicy } from './reviews/review.policy.js';

/** What a school's filter looks like from the home page: requests to answer, whether it is set up, whether it works. */
export interface FilterCounts {
  /** "This is a mistake" requests waiting for the caller's answer. */
  reviewsWaiting: number | null;
  /** Address ranges registered (a school with none is not filtered at all). */
  networks: number | null;
  /** Look-ups and blocked look-ups in the last 24 hourly buckets (aggregates; the filter keeps no per-student log). */
  lookups24h: number | null;
  blocked24h: number | null;
  /** Filter nodes silent for over 2 minutes or behind the centre for over 1 (issue 16); only for those who manage the fleet. */
  fleetNodesNeedingLook?: number;
}

/** Within the caller's scope (a school administrator: their school; the city: every school); null when they see none of it. */
export async function filterCounts(ctx: Ctx): Promise<FilterCounts | null> {
  const { actor } = ctx;
  const reviews = reviewPolicy.can(actor, 'read');
  const school = schoolFilterPolicy.can(actor, 'read');
  const stats = filterStatsPolicy.can(actor, 'read');
  if (!reviews && !school && !stats) return null;
  const db = ctx.db.kysely;
  const out: FilterCounts = { reviewsWaiting: null, networks: null, lookups24h: null, blocked24h: null };
  if (reviews) out.reviewsWaiting = (await countReviews(db, actor)).waiting;
  if (school) {
    const scope = schoolFilterPolicy.listScope(actor, 'read');
    const bands = await whereScope(db.selectFrom('filter_networks'), scope)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const ranges = await whereScope(db.selectFrom('filter_assigned_ranges'), scope)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out.networks = Number(bands.n) + Number(ranges.n);
  }
  if (stats) {
    // the last 24 hourly buckets, this hour's included (counters are kept per hour: `2026-12-05T13:00:00.000Z`)
    const since = `${new Date(ctx.clock().getTime() - 23 * 3600_000).toISOString().slice(0, 13)}:00:00.000Z`;
    const rows = await whereScope(db.selectFrom('filter_counters'), filterStatsPolicy.listScope(actor, 'read'))
      .where('hour', '>=', since)
      .select((eb) => [eb.fn.sum<number>(eb.case().when('category', '=', 'all').then(eb.ref('count')).else(0).end()).as('all')])
      .select((eb) => [eb.fn.sum<number>(eb.case().when('category', '!=', 'all').then(eb.ref('count')).else(0).end()).as('blocked')])
      .executeTakeFirstOrThrow();
    out.lookups24h = Number(rows.all ?? 0);
    out.blocked24h = Number(rows.blocked ?? 0);
  }
  const fleet = await countNodeAlerts(ctx);
  if (fleet !== null) out.fleetNodesNeedingLook = fleet;
  return out;
}
