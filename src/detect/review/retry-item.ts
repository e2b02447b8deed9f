import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { AppError, notFound } from '../../shared/errors.js';
import './messages.js';
import { reviewItemPolicy } from './review.policy.js';
import type { DetectItemsTable } from './tables.js';

/**
 * "Retry now": a failed or analysed item, or one waiting for its next try, is due at once with its
 * attempts reset (the worker takes it within seconds); one audited transaction.
 */
export async function retryItem(ctx: Ctx, id: string): Promise<DetectItemsTable> {
  reviewItemPolicy.authorize(ctx.actor, 'retry');
  const now = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await trx.selectFrom('detect_items').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw notFound();
    reviewItemPolicy.authorize(ctx.actor, 'retry', r);
    if (r.status !== 'failed' && r.status !== 'analysed' && r.status !== 'queued')
      throw new AppError(409, 'detect_review_bad_transition', { status: r.status });
    const next: DetectItemsTable = {
      ...r,
      status: 'queued',
      attempts: 0,
      next_attempt_at: now,
      failure_code: null,
      failure_detail: null,
      claimed_until: null,
      updated_at: now,
    };
    await trx.updateTable('detect_items').set(next).where('id', '=', r.id).execute();
    await audit(ctx, trx, 'detect_item.retried', { type: 'detect_item', id: r.id }, { from: r.status });
    return next;
  });
}
