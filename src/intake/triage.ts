import { sql } from 'kysely';
import { appendAudit } from '../audit/append.js';
import type { Ctx, Deps } from '../context.js';
import type { Tx } from '../db/database.js';
import { AppError, notFound } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { cleanText } from '../shared/text.js';
import './messages.js';
import { notify, queueMail, unitAddresses } from './notify.js';
import { missedDeadlines, OPEN_STATUSES } from './overdue.js';
import { intakeSettingsPolicy, reportPolicy } from './report.policy.js';
import type { IntakeReportsTable } from './tables.js';
import { PUBLIC_STAGES, publicStage, type ReportStatus } from './vocab.js';

/**
 * The intake officer's queue actions. Each one: load the report in the transaction, check the
 * policy and the state, change it, record an event and an audit entry, notify whom it concerns,
 * and tell the reporter (coarse progress only) when they agreed to be contacted by e-mail.
 */
type Report = IntakeReportsTable;

const OPEN: ReportStatus[] = [...OPEN_STATUSES];
/** ISO-8601 timestamps sort as text. */
const earliest = (a: string, b: string) => [a, b].sort()[0] as string;

async function load(trx: Tx, ctx: Ctx, id: string): Promise<Report> {
  const row = await trx.selectFrom('intake_reports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  reportPolicy.authorize(ctx.actor, 'triage', row);
  return row;
}

function requireStatus(row: Report, allowed: ReportStatus[]): void {
  if (!allowed.includes(row.status)) throw new AppError(409, 'intake_bad_transition', { status: row.status });
}

async function record(trx: Tx, ctx: Ctx, row: Report, type: string, detail: Record<string, unknown>, changes: Partial<Report>): Promise<Report> {
  const now = ctx.clock().toISOString();
  const next: Report = { ...row, ...changes, updated_at: now };
  await trx
    .updateTable('intake_reports')
    .set({ ...changes, updated_at: now })
    .where('id', '=', row.id)
    .execute();
  await trx
    .insertInto('intake_events')
    .values({ id: newId(), report_id: row.id, at: now, actor_label: ctx.actor.label, type, detail: JSON.stringify(detail) })
    .execute();
  await appendAudit(
    trx,
    { actor: ctx.actor, origin: ctx.origin, action: `intake_report.${type}`, subjectType: 'intake_report', subjectId: row.id, detail },
    ctx.clock,
  );
  if (publicStage(row.status) !== publicStage(next.status)) await tellReporter(trx, ctx, next, now);
  return next;
}

/** Status e-mail to a reporter who consented: the stage only, never what the report said. */
async function tellReporter(trx: Tx, ctx: Ctx, row: Report, now: string): Promise<void> {
  if (row.contact_consent !== 1 || row.has_email !== 1 || !row.sealed_contact) return;
  const contact = JSON.parse(ctx.sealer.open(row.sealed_contact)) as { email?: string };
  if (!contact.email) return;
  const stage = PUBLIC_STAGES[publicStage(row.status)];
  const vi = `Báo cáo ${row.tracking_code} của bạn: ${stage.vi}.\nXem tình trạng bằng mã theo dõi và mã PIN tại trang Lá Chắn (mục "Xem tình trạng").\nNếu trẻ đang gặp nguy hiểm, gọi ngay 113. Tổng đài bảo vệ trẻ em: 111.`;
  const en = `Your report ${row.tracking_code}: ${stage.en}.\nCheck its status with your tracking code and PIN on the Lá Chắn site ("Check status").\nIf a child is in danger now, call 113. Child-protection hotline: 111.`;
  await queueMail(trx, ctx.sealer, now, [
    {
      to: contact.email,
      subject: row.lang === 'en' ? `[Lá Chắn] Report ${row.tracking_code}: ${stage.en}` : `[Lá Chắn] Báo cáo ${row.tracking_code}: ${stage.vi}`,
      body: row.lang === 'en' ? `${en}\n\n${vi}` : `${vi}\n\n${en}`,
      reportId: row.id,
    },
  ]);
}

const ackNow = (row: Report, now: string) => ({ acknowledged_at: row.acknowledged_at ?? now });
const actNow = (row: Report, now: string) => ({ acknowledged_at: row.acknowledged_at ?? now, first_action_at: row.first_action_at ?? now });

export async function acceptReport(ctx: Ctx, id: string): Promise<Report> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await load(trx, ctx, id);
    requireStatus(row, ['new']);
    return record(trx, ctx, row, 'accepted', {}, { status: 'accepted', ...ackNow(row, ctx.clock().toISOString()) });
  });
}

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

export interface HandoverInput {
  victimSupport: boolean;
  violationHandling: boolean;
  unitId?: string | null | undefined;
  agencyId?: string | null | undefined;
  note?: string | undefined;
}

/** Hands the report over for case work: what is needed (victim support, violation handling) and who takes it. */
export async function handOverReport(ctx: Ctx, id: string, input: HandoverInput): Promise<Report> {
  if (!input.victimSupport && !input.violationHandling) throw new AppError(400, 'intake_handover_needs_need');
  if (!input.unitId && !input.agencyId) throw new AppError(400, 'intake_handover_needs_target');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await load(trx, ctx, id);
    requireStatus(row, ['new', 'accepted', 'handed_over']);
    if (input.unitId) {
      const unit = await trx.selectFrom('units').select('kind').where('id', '=', input.unitId).executeTakeFirst();
      if (!unit || unit.kind === 'city') throw new AppError(400, 'intake_bad_unit', { unit: input.unitId });
    }
    if (input.agencyId && !(await trx.selectFrom('agencies').select('id').where('id', '=', input.agencyId).executeTakeFirst())) {
      throw new AppError(400, 'validation_failed', { detail: 'agencyId' });
    }
    const now = ctx.clock().toISOString();
    const handoverId = newId();
    await trx
      .insertInto('intake_handovers')
      .values({
        id: handoverId,
        report_id: id,
        victim_support: input.victimSupport ? 1 : 0,
        violation_handling: input.violationHandling ? 1 : 0,
        unit_id: input.unitId ?? null,
        agency_id: input.agencyId ?? null,
        sealed_note: input.note ? ctx.sealer.seal(cleanText(input.note).slice(0, 4000)) : null,
        status: 'open',
        created_by: ctx.actor.id,
        created_at: now,
      })
      .execute();
    const needs = [input.victimSupport ? 'victim_support' : null, input.violationHandling ? 'violation_handling' : null].filter(Boolean) as string[];
    const params = { code: row.tracking_code, needs: needs.join(', ') };
    const items: Parameters<typeof notify>[2] = [];
    if (input.unitId) items.push({ audience: 'unit', audienceId: input.unitId, kind: 'handover', reportId: id, code: 'notif_handover', params });
    if (input.agencyId) items.push({ audience: 'agency', audienceId: input.agencyId, kind: 'handover', reportId: id, code: 'notif_handover', params });
    await notify(trx, now, items);
    const to = await unitAddresses(trx, { unitId: input.unitId ?? null, agencyId: input.agencyId ?? null });
    const needVi = needs.map((x) => (x === 'victim_support' ? 'hỗ trợ nạn nhân' : 'xử lý vi phạm')).join(' và ');
    const needEn = needs.map((x) => x.replace('_', ' ')).join(' and ');
    await queueMail(
      trx,
      ctx.sealer,
      now,
      to.map((addr) => ({
        to: addr,
        subject: `[Lá Chắn] Bàn giao báo cáo ${row.tracking_code} (${row.priority.toUpperCase()})`,
        body: `Báo cáo ${row.tracking_code} (mức ${row.priority.toUpperCase()}) được bàn giao cho đơn vị của bạn để ${needVi}. Hạn xử lý đầu tiên: ${row.action_due_at}. Xem chi tiết trong giao diện quản trị Lá Chắn.\n\nReport ${row.tracking_code} (${row.priority.toUpperCase()}) was handed over to your unit for ${needEn}. First action due: ${row.action_due_at}. Open it in the Lá Chắn console.`,
        reportId: id,
      })),
    );
    return record(
      trx,
      ctx,
      row,
      'handed_over',
      { handoverId, needs, unitId: input.unitId ?? null, agencyId: input.agencyId ?? null, mails: to.length },
      {
        status: 'handed_over',
        needs_victim_support: row.needs_victim_support || (input.victimSupport ? 1 : 0),
        needs_violation_handling: row.needs_violation_handling || (input.violationHandling ? 1 : 0),
        handover_unit_id: input.unitId ?? row.handover_unit_id,
        handover_agency_id: input.agencyId ?? row.handover_agency_id,
        ...actNow(row, now),
      },
    );
  });
}

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

/**
 * SLA clocks: finds open reports past their acknowledge / first-action deadline and notifies the
 * desk and the routed agency once per deadline (bit 1: acknowledge, bit 2: first action).
 */
export async function sweepOverdue(deps: Deps): Promise<number> {
  const now = deps.clock().toISOString();
  const rows = await deps.db.kysely
    .selectFrom('intake_reports')
    .select(['id', 'tracking_code', 'priority', 'agency_id', 'acknowledged_at', 'first_action_at', 'ack_due_at', 'action_due_at', 'overdue_notified'])
    .where('status', 'in', [...OPEN_STATUSES])
    .where((eb) =>
      // the overdue rule of overdue.ts, narrowed to deadlines not yet notified
      eb.or([
        eb.and([eb('acknowledged_at', 'is', null), eb('ack_due_at', '<', now), sql<boolean>`(overdue_notified & 1) = 0`]),
        eb.and([eb('first_action_at', 'is', null), eb('action_due_at', '<', now), sql<boolean>`(overdue_notified & 2) = 0`]),
      ]),
    )
    .limit(500)
    .execute();
  if (rows.length === 0) return 0;
  await deps.db.kysely.transaction().execute(async (trx) => {
    for (const r of rows) {
      let flags = r.overdue_notified;
      const items: Parameters<typeof notify>[2] = [];
      const add = (what: 'acknowledge' | 'first_action', bit: number) => {
        flags |= bit;
        const params = { code: r.tracking_code, priority: r.priority.toUpperCase(), what };
        items.push({ audience: 'role', audienceId: 'intake_officer', kind: 'overdue', reportId: r.id, code: 'notif_overdue', params });
        if (r.agency_id) items.push({ audience: 'agency', audienceId: r.agency_id, kind: 'overdue', reportId: r.id, code: 'notif_overdue', params });
      };
      const missed = missedDeadlines(r, now);
      if (missed.ack && (flags & 1) === 0) add('acknowledge', 1);
      if (missed.action && (flags & 2) === 0) add('first_action', 2);
      await notify(trx, now, items);
      await trx.updateTable('intake_reports').set({ overdue_notified: flags }).where('id', '=', r.id).execute();
    }
  });
  return rows.length;
}

/** The sweep on demand (admins; it also runs every minute in each process). */
export async function runSlaSweep(ctx: Ctx): Promise<number> {
  intakeSettingsPolicy.authorize(ctx.actor, 'update');
  return sweepOverdue(ctx);
}
