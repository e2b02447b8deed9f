import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { publishConfirmed, removeConfirmedHarmful } from '../../filter/confirmed.js';
import { AppError, notFound } from '../../shared/errors.js';
import { cleanText } from '../../shared/text.js';
import { CENTRE_PDQ_BANK, CENTRE_SHA256_BANK, removeHashesFromBank } from '../images/index.js';
import './messages.js';
import { reviewItemPolicy } from './review.policy.js';
import type { Decision, DetectItemsTable } from './tables.js';

export interface ReopenResult {
  id: string;
  /** The decision that was taken back. */
  previous: Decision;
  /** Domains the school filter no longer blocks because of this item. */
  domainsUnblocked: string[];
  /** Takedown requests withdrawn (not yet sent). */
  takedownsWithdrawn: number;
  /** Takedown requests already sent to a platform: the analyst has to follow them up by hand. */
  takedownsAlreadySent: number;
  hashesRemoved: number;
}

export const REOPEN_REASON_MIN = 5;

/** Where the analysis stood when the item was decided: a failed fetch stays failed after a reopen. */
export function stateBeforeDecision(item: Pick<DetectItemsTable, 'analysed_at' | 'failure_code'>): 'analysed' | 'failed' | 'queued' {
  // the latest try wins: a failure is cleared by a later analysis, and a retry clears both
  if (item.failure_code) return 'failed';
  return item.analysed_at ? 'analysed' : 'queued';
}

/**
 * Reopens a decided item — a decision made in error (a school's lesson site marked harmful blocks
 * it in every school of the city). Everything the decision set in motion is taken back in one
 * audited transaction, with the stated reason:
 *   - the domains it added to the filter's confirmed list (not those another decision added first),
 *   - its takedown requests not yet sent (withdrawn; sent ones stay and are counted for follow-up),
 *   - the hashes it put in the centre's banks (not those another source put there first).
 * The item goes back to the state its analysis really reached (analysed, failed, or queued when it
 * was decided before any fetch), with the decision taken back kept beside it, to be decided anew. After the
 * commit the filter snapshot is published so schools stop blocking at once.
 */
export async function reopenItem(ctx: Ctx, id: string, input: { reason: string }): Promise<ReopenResult> {
  reviewItemPolicy.authorize(ctx.actor, 'decide');
  const reason = cleanText(input.reason ?? '').slice(0, 1000);
  if (reason.length < REOPEN_REASON_MIN) throw new AppError(400, 'detect_review_reason_required');

  const result = await ctx.db.kysely.transaction().execute(async (trx) => {
    const item = await trx.selectFrom('detect_items').selectAll().where('id', '=', id).executeTakeFirst();
    if (!item) throw notFound();
    reviewItemPolicy.authorize(ctx.actor, 'decide', item);
    if (item.status !== 'decided' || !item.decision) throw new AppError(409, 'detect_review_bad_transition', { status: item.status });
    // one open item per URL: a newer item for the same link may be in the queue already
    if (item.url_key) {
      const open = await trx.selectFrom('detect_items').select('id').where('open_key', '=', item.url_key).executeTakeFirst();
      if (open) throw new AppError(409, 'detect_review_reopen_open_twin', { item: open.id });
    }
    const now = ctx.clock().toISOString();
    const ref = `detect_item:${id}`;
    let domainsUnblocked: string[] = [];
    let takedownsWithdrawn = 0;
    let takedownsAlreadySent = 0;
    let hashesRemoved = 0;

    if (item.decision === 'harmful') {
      domainsUnblocked = (await removeConfirmedHarmful(trx, ctx, { ref })).domains;
      const takedowns = await trx.selectFrom('detect_takedowns').select(['id', 'status']).where('item_id', '=', id).execute();
      for (const td of takedowns) {
        if (td.status !== 'requested') {
          if (td.status !== 'withdrawn') takedownsAlreadySent++;
          continue;
        }
        await trx.updateTable('detect_takedowns').set({ status: 'withdrawn', updated_at: now }).where('id', '=', td.id).execute();
        takedownsWithdrawn++;
      }
      const label = `${item.decision_category} ${ref}`;
      for (const code of [CENTRE_PDQ_BANK, CENTRE_SHA256_BANK]) hashesRemoved += (await removeHashesFromBank(trx, ctx, { code }, { label })).removed;
    }

    await trx
      .updateTable('detect_items')
      .set({
        status: stateBeforeDecision(item),
        // a link that was never fetched (decided while waiting) is fetched now
        next_attempt_at: stateBeforeDecision(item) === 'queued' ? now : item.next_attempt_at,
        claimed_until: null,
        previous_decision: item.decision,
        previous_decision_category: item.decision_category,
        previous_decided_by: item.decided_by,
        previous_decided_at: item.decided_at,
        reopened_at: now,
        sealed_reopen_reason: ctx.sealer.seal(reason),
        open_key: item.url_key,
        decision: null,
        decision_category: null,
        decided_by: null,
        decided_at: null,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    await audit(
      ctx,
      trx,
      'detect_item.reopened',
      { type: 'detect_item', id: id },
      {
        previous: item.decision,
        category: item.decision_category,
        decidedBy: item.decided_by,
        decidedAt: item.decided_at,
        reason,
        domainsUnblocked,
        takedownsWithdrawn,
        takedownsAlreadySent,
        hashesRemoved,
      },
    );
    return { id, previous: item.decision, domainsUnblocked, takedownsWithdrawn, takedownsAlreadySent, hashesRemoved };
  });
  // After the commit: schools stop blocking the domain (engines in this process reload now).
  if (result.domainsUnblocked.length > 0) await publishConfirmed(ctx);
  return result;
}
