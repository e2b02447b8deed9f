import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { AppError, notFound } from '../../shared/errors.js';
import { cleanText } from '../../shared/text.js';
import './messages.js';
import { toTakedown } from './present.js';
import { takedownPolicy } from './review.policy.js';
import type { DetectTakedownsTable, TakedownStatus } from './tables.js';

/**
 * Takedown requests follow one path: requested → sent (to the platform) → removed or refused.
 * A request not yet sent is withdrawn when its decision is reopened (reopen.ts); that is final.
 * Dates default to now; an analyst may give the real date (a request sent by letter yesterday).
 * Case management will link each to a violation when it lands.
 */
const NEXT: Record<TakedownStatus, TakedownStatus[]> = {
  requested: ['sent', 'refused'],
  sent: ['removed', 'refused'],
  removed: [],
  refused: ['sent'],
  withdrawn: [],
};

export interface TakedownPatch {
  status?: TakedownStatus | undefined;
  sentAt?: string | undefined;
  removedAt?: string | undefined;
  platform?: string | undefined;
  legalBasis?: string | undefined;
  note?: string | undefined;
}

export async function updateTakedown(ctx: Ctx, id: string, patch: TakedownPatch) {
  takedownPolicy.authorize(ctx.actor, 'update');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('detect_takedowns').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    const now = ctx.clock().toISOString();
    const next: DetectTakedownsTable = { ...row, updated_at: now };
    if (patch.status && patch.status !== row.status) {
      if (!NEXT[row.status].includes(patch.status)) throw new AppError(409, 'detect_takedown_bad_transition', { status: row.status, next: patch.status });
      next.status = patch.status;
      if (patch.status === 'sent') next.sent_at = patch.sentAt ?? now;
      if (patch.status === 'removed') next.removed_at = patch.removedAt ?? now;
    }
    if (patch.sentAt && next.status !== 'requested') next.sent_at = patch.sentAt;
    if (patch.removedAt && next.status === 'removed') next.removed_at = patch.removedAt;
    if (next.sent_at && next.removed_at && next.removed_at < next.sent_at) throw new AppError(400, 'validation_failed', { detail: 'removedAt < sentAt' });
    if (patch.platform) next.platform = cleanText(patch.platform).slice(0, 40);
    if (patch.legalBasis) next.legal_basis = cleanText(patch.legalBasis).slice(0, 1000);
    if (patch.note !== undefined) next.sealed_note = cleanText(patch.note) ? ctx.sealer.seal(cleanText(patch.note).slice(0, 2000)) : null;
    await trx.updateTable('detect_takedowns').set(next).where('id', '=', id).execute();
    await audit(
      ctx,
      trx,
      'detect_takedown.updated',
      { type: 'detect_takedown', id: id },
      { from: row.status, to: next.status, sentAt: next.sent_at, removedAt: next.removed_at },
    );
    return toTakedown(ctx, next);
  });
}
