import type { Ctx } from '../../context.js';
import { AppError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { actNow, load, record, requireStatus } from './record.js';

/** Queues the report's links for the detection feature (which reads intake_detection_requests). */
export async function sendToDetection(ctx: Ctx, id: string): Promise<{ requestId: string; urls: number }> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await load(trx, ctx, id);
    requireStatus(row, ['new', 'accepted', 'handed_over']);
    const detail = JSON.parse(ctx.sealer.open(row.sealed_detail)) as { urls: string[] };
    if (detail.urls.length === 0) throw new AppError(400, 'intake_no_urls');
    const now = ctx.clock().toISOString();
    const requestId = newId();
    await trx
      .insertInto('intake_detection_requests')
      .values({
        id: requestId,
        report_id: id,
        sealed_urls: ctx.sealer.seal(JSON.stringify(detail.urls)),
        status: 'pending',
        created_by: ctx.actor.id,
        created_at: now,
      })
      .execute();
    await record(trx, ctx, row, 'sent_to_detection', { requestId, urls: detail.urls.length }, actNow(row, now));
    return { requestId, urls: detail.urls.length };
  });
}
