import type { Ctx } from '../../context.js';
import { AppError } from '../../shared/errors.js';
import { actNow, load, OPEN, type Report, record, requireStatus } from './record.js';

/** ISO-8601 timestamps sort as text. */
const earliest = (a: string, b: string) => [a, b].sort()[0] as string;

/** Merges an open report into another (a duplicate): linked, and the survivor keeps the more urgent priority. */
export async function mergeReport(ctx: Ctx, id: string, intoId: string): Promise<Report> {
  if (id === intoId) throw new AppError(400, 'intake_merge_self');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await load(trx, ctx, id);
    requireStatus(row, OPEN);
    const target = await load(trx, ctx, intoId);
    if (target.status === 'merged' || target.status === 'rejected') throw new AppError(409, 'intake_bad_transition', { status: target.status });
    const now = ctx.clock().toISOString();
    await trx
      .insertInto('intake_links')
      .values({ report_id: id, other_id: intoId, reason: 'merged', created_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute();
    // The surviving report keeps the most urgent priority of the two.
    if (row.priority < target.priority) {
      await trx
        .updateTable('intake_reports')
        .set({
          priority: row.priority,
          ack_due_at: earliest(row.ack_due_at, target.ack_due_at),
          action_due_at: earliest(row.action_due_at, target.action_due_at),
        })
        .where('id', '=', intoId)
        .execute();
    }
    return record(trx, ctx, row, 'merged', { into: intoId }, { status: 'merged', merged_into: intoId, ...actNow(row, now) });
  });
}
