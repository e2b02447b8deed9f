import type { Ctx } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { AppError, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { setReportsCaseStage } from './case-stage.js';
import { handoverPolicy } from './handover.policy.js';
import './messages.js';

/** What case management learns of a hand-over it takes: needs, target, and the report's clear fields. */
export interface TakenHandover {
  id: string;
  reportId: string;
  trackingCode: string;
  victimSupport: boolean;
  violationHandling: boolean;
  unitId: string | null;
  agencyId: string | null;
  /** The report's clear fields a case starts from (the child's age band and ward, categories). */
  ageBand: string;
  childUnitId: string | null;
  categories: string[];
  createdAt: string;
}

/**
 * A ward or agency takes a hand-over addressed to it, in the caller's transaction (case
 * management opens or joins a case in the same one): `open` → `taken` once (a second taker gets
 * 409), the report's status page moves to "being handled". The caller writes the audit entry.
 */
export async function markHandoverTaken(trx: Tx, ctx: Ctx, handoverId: string): Promise<TakenHandover> {
  const h = await trx.selectFrom('intake_handovers').selectAll().where('id', '=', handoverId).executeTakeFirst();
  if (!h) throw notFound();
  handoverPolicy.authorize(ctx.actor, 'take', h);
  if (h.status !== 'open') throw new AppError(409, 'intake_handover_taken');
  const now = ctx.clock().toISOString();
  // conditional: of two takers at once, one changes the row
  const res = await trx
    .updateTable('intake_handovers')
    .set({ status: 'taken', taken_at: now, taken_by: ctx.actor.id })
    .where('id', '=', handoverId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'intake_handover_taken');
  const report = await trx
    .selectFrom('intake_reports')
    .select(['id', 'tracking_code', 'age_band', 'unit_id', 'categories'])
    .where('id', '=', h.report_id)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('intake_events')
    .values({ id: newId(), report_id: h.report_id, at: now, actor_label: ctx.actor.label, type: 'handover_taken', detail: JSON.stringify({ handoverId }) })
    .execute();
  await setReportsCaseStage(trx, [h.report_id], 'open', now);
  return {
    id: h.id,
    reportId: h.report_id,
    trackingCode: report.tracking_code,
    victimSupport: h.victim_support === 1,
    violationHandling: h.violation_handling === 1,
    unitId: h.unit_id,
    agencyId: h.agency_id,
    ageBand: report.age_band,
    childUnitId: report.unit_id,
    categories: JSON.parse(report.categories) as string[],
    createdAt: h.created_at,
  };
}
