import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { addConfirmedHarmful, publishConfirmed } from '../../filter/confirmed.js';
import { AppError, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { cleanText } from '../../shared/text.js';
import { addHashesToBank, CENTRE_PDQ_BANK, CENTRE_SHA256_BANK } from '../images/index.js';
import './messages.js';
import { reviewItemPolicy } from './review.policy.js';
import type { Decision, DetectItemsTable } from './tables.js';
import { DECISION_CATEGORY_CODES, DEFAULT_LEGAL_BASIS, isSharedPlatform, platformOf } from './vocab.js';

/**
 * An analyst's decision on an item. "Harmful" closes the loop, all in one transaction with the
 * audit entry:
 *   (a) the domain goes to the filter's "harmful — confirmed by the centre" list (DNS blocks whole
 *       domains: a page on a shared platform such as facebook.com is never blocked by domain —
 *       it is taken down instead),
 *   (b) a takedown request is recorded for the URL (platform, legal basis, dates to follow),
 *   (c) the item's image hashes go to the centre's banks (`confirmed_by_centre` PDQ, `…_sha256`).
 * After the commit the filter snapshot is published, so schools' DNS blocks the domain.
 */
export interface DecisionInput {
  decision: Decision;
  category?: string | null | undefined;
  note?: string | null | undefined;
  /** Block the domain in the school filter (default: yes, unless it is a shared platform). */
  blockDomain?: boolean | undefined;
  /** Takedown request details (URL items); defaults: platform from the domain, the usual legal basis. */
  platform?: string | undefined;
  legalBasis?: string | undefined;
}

export interface DecisionResult {
  id: string;
  decision: Decision;
  category: string | null;
  domainBlocked: string | null;
  takedownId: string | null;
  hashesAdded: number;
}

/** PDQ hashes below this quality match too much to be put in a bank (flat or tiny images). */
const MIN_BANK_QUALITY = 50;
/**
 * Every open state: an analyst is never locked out by the fetcher — a link whose fetch failed, waits
 * for its next try or is being fetched right now is decided on what is known (the report, the
 * link, the tries so far). The worker's save is conditional on "fetching", so a decision taken
 * meanwhile stands.
 */
const DECIDABLE: DetectItemsTable['status'][] = ['queued', 'fetching', 'analysed', 'failed'];

export async function decideItem(ctx: Ctx, id: string, input: DecisionInput): Promise<DecisionResult> {
  reviewItemPolicy.authorize(ctx.actor, 'decide');
  const harmful = input.decision === 'harmful';
  const category = harmful ? (input.category ?? null) : null;
  if (harmful && !category) throw new AppError(400, 'detect_review_category_required');
  if (category && !DECISION_CATEGORY_CODES.includes(category)) throw new AppError(400, 'detect_review_bad_category', { category });
  const note = input.note ? cleanText(input.note).slice(0, 2000) : '';

  const result = await ctx.db.kysely.transaction().execute(async (trx) => {
    const item = await trx.selectFrom('detect_items').selectAll().where('id', '=', id).executeTakeFirst();
    if (!item) throw notFound();
    reviewItemPolicy.authorize(ctx.actor, 'decide', item);
    if (!DECIDABLE.includes(item.status)) throw new AppError(409, 'detect_review_bad_transition', { status: item.status });
    const now = ctx.clock().toISOString();
    const ref = `detect_item:${id}`;
    let domainBlocked: string | null = null;
    let takedownId: string | null = null;
    let hashesAdded = 0;

    if (harmful && item.kind === 'url' && item.domain) {
      const shared = isSharedPlatform(item.domain);
      const block = input.blockDomain ?? !shared;
      if (block && shared) throw new AppError(400, 'detect_review_platform_domain', { domain: item.domain });
      if (block) domainBlocked = (await addConfirmedHarmful(trx, ctx, { domain: item.domain, note: `${category}`, ref })).domain;
      takedownId = newId();
      await trx
        .insertInto('detect_takedowns')
        .values({
          id: takedownId,
          item_id: id,
          platform: input.platform ? cleanText(input.platform).slice(0, 40) : platformOf(item.domain),
          sealed_urls: ctx.sealer.seal(JSON.stringify([ctx.sealer.open(item.sealed_url as string)])),
          domain: item.domain,
          legal_basis: input.legalBasis ? cleanText(input.legalBasis).slice(0, 1000) : DEFAULT_LEGAL_BASIS,
          status: 'requested',
          requested_at: now,
          sent_at: null,
          removed_at: null,
          sealed_note: note ? ctx.sealer.seal(note) : null,
          created_by: ctx.actor.id,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }

    if (harmful) {
      const images = await trx.selectFrom('detect_item_images').select(['pdq', 'quality', 'sha256', 'error']).where('item_id', '=', id).execute();
      const label = `${category} ${ref}`;
      const pdq = images.filter((i) => i.pdq && (i.quality ?? 0) >= MIN_BANK_QUALITY).map((i) => ({ hash: i.pdq as string, label }));
      const sha = images.filter((i) => i.sha256).map((i) => ({ hash: i.sha256 as string, label }));
      if (pdq.length) hashesAdded += (await addHashesToBank(trx, ctx, { code: CENTRE_PDQ_BANK }, pdq)).added;
      if (sha.length) hashesAdded += (await addHashesToBank(trx, ctx, { code: CENTRE_SHA256_BANK }, sha)).added;
    }

    await trx
      .updateTable('detect_items')
      .set({
        status: 'decided',
        open_key: null,
        decision: input.decision,
        decision_category: category,
        decided_by: ctx.actor.id,
        decided_at: now,
        sealed_note: note ? ctx.sealer.seal(note) : null,
        claimed_until: null,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    await audit(
      ctx,
      trx,
      'detect_item.decided',
      { type: 'detect_item', id: id },
      { decision: input.decision, category, domainBlocked, takedownId, hashesAdded, reportId: item.report_id },
    );
    return { id, decision: input.decision, category, domainBlocked, takedownId, hashesAdded };
  });
  // After the commit: the school filter learns the domain (engines in this process reload now).
  if (result.domainBlocked) await publishConfirmed(ctx);
  return result;
}
