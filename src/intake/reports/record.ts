import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { AppError, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import '../messages.js';
import { queueMail } from '../notify.js';
import { OPEN_STATUSES } from '../overdue.js';
import { reportPolicy } from '../report.policy.js';
import type { IntakeReportsTable } from '../tables.js';
import { PUBLIC_STAGES, publicStage, type ReportStatus } from '../vocab.js';

/**
 * What every queue action shares (triage-report.ts, merge-reports.ts, hand-over.ts,
 * send-to-detection.ts): load the report in the transaction and check the policy and the state,
 * then change it, record an event and an audit entry, and tell the reporter (coarse progress only)
 * when they agreed to be contacted by e-mail.
 */
export type Report = IntakeReportsTable;

export const OPEN: ReportStatus[] = [...OPEN_STATUSES];

export async function load(trx: Tx, ctx: Ctx, id: string): Promise<Report> {
  const row = await trx.selectFrom('intake_reports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  reportPolicy.authorize(ctx.actor, 'triage', row);
  return row;
}

export function requireStatus(row: Report, allowed: ReportStatus[]): void {
  if (!allowed.includes(row.status)) throw new AppError(409, 'intake_bad_transition', { status: row.status });
}

export async function record(trx: Tx, ctx: Ctx, row: Report, type: string, detail: Record<string, unknown>, changes: Partial<Report>): Promise<Report> {
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
  await audit(ctx, trx, `intake_report.${type}`, { type: 'intake_report', id: row.id }, detail);
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

export const ackNow = (row: Report, now: string) => ({ acknowledged_at: row.acknowledged_at ?? now });
export const actNow = (row: Report, now: string) => ({ acknowledged_at: row.acknowledged_at ?? now, first_action_at: row.first_action_at ?? now });
