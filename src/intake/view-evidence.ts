import type { Ctx } from '../context.js';
import { previewEvidence, revealEvidence, revealReason } from '../evidence/view.js';
import { notFound } from '../shared/errors.js';
import './messages.js';
import { reportPolicy } from './report.policy.js';
import type { IntakeEvidenceTable } from './tables.js';

/**
 * A report's files as staff see them: blurred by default, clear with a reason (the evidence
 * module does both and the audit; here only which file, and whether this caller may see the
 * report it belongs to — someone who may not read the report gets "not found").
 */
async function evidenceOf(ctx: Ctx, id: string): Promise<IntakeEvidenceTable & { sha256: string }> {
  reportPolicy.authorize(ctx.actor, 'read');
  const db = ctx.db.kysely;
  const ev = await db.selectFrom('intake_evidence').selectAll().where('id', '=', id).executeTakeFirst();
  if (!ev) throw notFound();
  const report = await reportOf(ctx, ev.report_id);
  reportPolicy.authorize(ctx.actor, 'read', report);
  if (!ev.sha256) throw notFound();
  return ev as IntakeEvidenceTable & { sha256: string };
}

const reportOf = (ctx: Ctx, reportId: string) =>
  ctx.db.kysely
    .selectFrom('intake_reports')
    .select(['id', 'agency_id', 'handover_unit_id', 'handover_agency_id'])
    .where('id', '=', reportId)
    .executeTakeFirstOrThrow();

/** The blurred preview of an image of a report (PDFs have none: 404), audited. */
export async function previewReportEvidence(ctx: Ctx, id: string): Promise<Buffer> {
  const ev = await evidenceOf(ctx, id);
  if (ev.kind !== 'image') throw notFound();
  return previewEvidence(ctx, {
    sha256: ev.sha256,
    action: 'intake_evidence.previewed',
    subjectType: 'intake_evidence',
    subjectId: ev.id,
    detail: { reportId: ev.report_id },
  });
}

/** The clear file of a report, for those who may reveal (reason required, audited with it). */
export async function revealReportEvidence(ctx: Ctx, id: string, rawReason: string): Promise<{ bytes: Buffer; mime: string | null; filename: string }> {
  const ev = await evidenceOf(ctx, id);
  reportPolicy.authorize(ctx.actor, 'reveal', await reportOf(ctx, ev.report_id));
  const reason = revealReason(rawReason, 'intake_reason_required');
  const bytes = await revealEvidence(
    ctx,
    { sha256: ev.sha256, action: 'intake_evidence.revealed', subjectType: 'intake_evidence', subjectId: ev.id, detail: { reportId: ev.report_id } },
    reason,
  );
  const ext = ev.mime === 'application/pdf' ? 'pdf' : ev.mime === 'image/png' ? 'png' : 'jpg';
  return { bytes, mime: ev.mime, filename: `evidence-${ev.id}.${ext}` };
}
