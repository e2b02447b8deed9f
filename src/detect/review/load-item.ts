import type { Ctx } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { reviewItemPolicy } from './review.policy.js';
import type { DetectItemsTable } from './tables.js';

/** One item the caller may read; outside their scope it does not exist for them (404). */
export async function loadItem(ctx: Ctx, id: string): Promise<DetectItemsTable> {
  reviewItemPolicy.authorize(ctx.actor, 'read');
  const row = await ctx.db.kysely.selectFrom('detect_items').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  reviewItemPolicy.authorize(ctx.actor, 'read', row);
  return row;
}
