import type { Ctx } from '../../context.js';
import { AppError } from '../../shared/errors.js';
import { cleanText } from '../../shared/text.js';
import { ackNow, actNow, load, OPEN, type Report, record, requireStatus } from './record.js';

/** The intake officer takes a new report into work (acknowledges it for the SLA). */
export async function acceptReport(ctx: Ctx, id: string): Promise<Report> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await load(trx, ctx, id);
    requireStatus(row, ['new']);
    return record(trx, ctx, row, 'accepted', {}, { status: 'accepted', ...ackNow(row, ctx.clock().toISOString()) });
  });
}

/** Rejects an open report as not relevant, with a reason (and a note for "other"). */
export async function rejectReport(ctx: Ctx, id: string, input: { reason: string; note?: string | undefined }): Promise<Report> {
  const reason = cleanText(input.reason ?? '');
  if (!reason) throw new AppError(400, 'intake_reason_required');
  const note = input.note ? cleanText(input.note).slice(0, 1000) : '';
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await load(trx, ctx, id);
    requireStatus(row, OPEN);
    const text = note ? `${reason}: ${note}` : reason;
    return record(trx, ctx, row, 'rejected', { reason }, { status: 'rejected', reject_reason: text, ...actNow(row, ctx.clock().toISOString()) });
  });
}
