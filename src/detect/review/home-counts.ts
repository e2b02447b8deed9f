import { whereScope } from '../../access/scope-sql.js';
import type { Ctx } from '../../context.js';
import { reviewItemPolicy } from './review.policy.js';

/** The review desk's work for the home page: items a decision waits on, fetches that failed, fetches still to come. */
export interface ItemCounts {
  /** Analysed or failed, not decided: an analyst can decide now (with what is known when the fetch failed). */
  toDecide: number;
  failed: number;
  /** Queued or being fetched. */
  waiting: number;
}

/** Counts within the caller's view of the desk (intake officers: the items their reports sent); null for who decides nothing. */
export async function itemCounts(ctx: Ctx): Promise<ItemCounts | null> {
  if (!reviewItemPolicy.can(ctx.actor, 'decide')) return null;
  const rows = await whereScope(ctx.db.kysely.selectFrom('detect_items'), reviewItemPolicy.listScope(ctx.actor, 'read'))
    .where('status', '!=', 'decided')
    .select('status')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy('status')
    .execute();
  const n = (...s: string[]) => rows.filter((r) => s.includes(r.status)).reduce((a, r) => a + Number(r.n), 0);
  return { toDecide: n('analysed', 'failed'), failed: n('failed'), waiting: n('queued', 'fetching') };
}
