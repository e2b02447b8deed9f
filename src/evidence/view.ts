import { appendAudit } from '../audit/append.js';
import type { Ctx } from '../context.js';
import { AppError } from '../shared/errors.js';
import { cleanText } from '../shared/text.js';
import { blurredPreview } from './preview.js';
import { evidenceStoreFor } from './store.js';

/**
 * How staff see a stored evidence file, for every feature that keeps one (a report's files in
 * intake, a reviewed page's images in detection): by default a small, heavily blurred preview;
 * the clear file only on a deliberate request with a reason. Both are audited — who looked at
 * what is the one record that lets the centre answer for having opened a child's picture.
 *
 * The caller has found the record and checked the actor may see it (its own policy); this module
 * knows only the file and what the audit entry is about.
 */
export interface EvidenceView {
  /** SHA-256 of the stored file (its address in the evidence store). */
  sha256: string;
  /** The audit entry: e.g. 'intake_evidence.previewed' about intake_evidence <id>. */
  action: string;
  subjectType: string;
  subjectId: string;
  /** What the entry says besides the reason (report id, image position…). */
  detail: Record<string, unknown>;
  /**
   * The answer when the stored file cannot be read or decoded (a fetched page's image the decoder
   * refused): the detection desk says "not found"; without it the error propagates unchanged.
   */
  unreadable?: () => Error;
}

/** The blurred preview of a stored image, audited once it could be made. */
export async function previewEvidence(ctx: Ctx, view: EvidenceView): Promise<Buffer> {
  let blurred: Buffer;
  try {
    blurred = await blurredPreview(await evidenceStoreFor(ctx.config.dataDir, ctx.sealer).get(view.sha256));
  } catch (e) {
    throw view.unreadable ? view.unreadable() : e;
  }
  await audit(ctx, view, view.detail);
  return blurred;
}

/**
 * The reason given for seeing a clear file, cleaned; a reason that is only blanks or control
 * characters once cleaned is refused with the caller's code (each feature keeps its own).
 */
export function revealReason(raw: string, code: string): string {
  const reason = cleanText(raw);
  if (reason.length < 5) throw new AppError(400, code);
  return reason;
}

/** The clear file, audited with the reason (checked with revealReason first). */
export async function revealEvidence(ctx: Ctx, view: EvidenceView, reason: string): Promise<Buffer> {
  const bytes = await evidenceStoreFor(ctx.config.dataDir, ctx.sealer).get(view.sha256);
  await audit(ctx, view, { ...view.detail, reason });
  return bytes;
}

/** Whether the stored file is there (a fetched page's image may have been refused). */
export function evidenceExists(ctx: Pick<Ctx, 'config' | 'sealer'>, sha256: string): Promise<boolean> {
  return evidenceStoreFor(ctx.config.dataDir, ctx.sealer).exists(sha256);
}

function audit(ctx: Ctx, view: EvidenceView, detail: Record<string, unknown>): Promise<void> {
  return appendAudit(
    ctx.db.kysely,
    { actor: ctx.actor, origin: ctx.origin, action: view.action, subjectType: view.subjectType, subjectId: view.subjectId, detail },
    ctx.clock,
  );
}
