import { createHash, createHmac } from 'node:crypto';
import { systemActor } from '../../access/actor.js';
import { appendAudit } from '../../audit/append.js';
import { audit } from '../../audit/audit.js';
import type { Ctx, Deps } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { claimDetectionRequests } from '../../evidence/detection-requests.js';
import { normaliseUrl } from '../../evidence/links.js';
import { sniff } from '../../evidence/prepare.js';
import { evidenceStoreFor } from '../../evidence/store.js';
import { AppError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { Sealer } from '../../shared/secrets.js';
import { cleanText } from '../../shared/text.js';
import './messages.js';
import { reviewItemPolicy } from './review.policy.js';
import type { DetectItemsTable, ItemSource } from './tables.js';

/**
 * How items enter the review queue: from the reporting centre's detection requests (polled by
 * the worker) and from analysts (a link, a text or an image). One open item per URL: a link sent
 * twice while the first is still open lands on the same item.
 */
export const TEXT_ITEM_MAX = 1_000_000;
export const IMAGE_ITEM_MAX_BYTES = 8 * 1024 * 1024;
/** Links a single detection request may add (a report carries at most 20). */
const URLS_PER_REQUEST = 50;

const keyCache = new WeakMap<Sealer, Buffer>();
/** HMAC of the normalised URL: finds duplicates without storing the link in clear. */
export function urlKey(sealer: Sealer, normalised: string): string {
  let key = keyCache.get(sealer);
  if (!key) {
    key = Buffer.from(sealer.derive('detect-url-v1'), 'base64url');
    keyCache.set(sealer, key);
  }
  return createHmac('sha256', key).update(normalised).digest('hex');
}

export interface CheckedUrl {
  url: string;
  normalised: string;
  domain: string;
}

/** A link as typed ("example.com/x", "https://…") → the URL to fetch, its normalised form and host. */
export function checkLink(input: string): CheckedUrl {
  const raw = cleanText(input);
  const normalised = raw.length <= 4096 ? normaliseUrl(raw) : null;
  if (!normalised) throw new AppError(400, 'detect_review_bad_url', { url: raw.slice(0, 120) });
  const url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`);
  url.hash = '';
  return { url: url.href, normalised, domain: url.hostname.toLowerCase().replace(/\.$/, '') };
}

const baseRow = (now: string) => ({
  report_id: null,
  request_id: null,
  url_key: null,
  open_key: null,
  sealed_url: null,
  domain: null,
  sealed_text: null,
  text_truncated: 0,
  status: 'queued' as const,
  failure_code: null,
  failure_detail: null,
  attempts: 0,
  next_attempt_at: now,
  claimed_until: null,
  score: 0,
  match_count: 0,
  scores: null,
  matches: null,
  sealed_title: null,
  sealed_final_url: null,
  link_hosts: null,
  http_status: null,
  snapshot_sha256: null,
  snapshot_size: null,
  snapshot_type: null,
  charset: null,
  fetched_at: null,
  analysed_at: null,
  decision: null,
  decision_category: null,
  decided_by: null,
  decided_at: null,
  sealed_note: null,
  previous_decision: null,
  previous_decision_category: null,
  previous_decided_by: null,
  previous_decided_at: null,
  reopened_at: null,
  sealed_reopen_reason: null,
  created_at: now,
  updated_at: now,
});

/** Inserts a URL item, or returns the open item that already holds this URL. */
async function insertUrlItem(
  tx: Tx,
  deps: Pick<Deps, 'sealer'>,
  link: CheckedUrl,
  origin: { source: ItemSource; reportId: string | null; requestId: string | null; createdBy: string | null; now: string },
): Promise<{ id: string; created: boolean }> {
  const key = urlKey(deps.sealer, link.normalised);
  const open = await tx.selectFrom('detect_items').select('id').where('open_key', '=', key).executeTakeFirst();
  if (open) return { id: open.id, created: false };
  const id = newId();
  const res = await tx
    .insertInto('detect_items')
    .values({
      ...baseRow(origin.now),
      id,
      kind: 'url',
      source: origin.source,
      report_id: origin.reportId,
      request_id: origin.requestId,
      url_key: key,
      open_key: key,
      sealed_url: deps.sealer.seal(link.url),
      domain: link.domain,
      created_by: origin.createdBy,
    })
    .onConflict((oc) => oc.column('open_key').doNothing())
    .executeTakeFirst();
  if (Number(res.numInsertedOrUpdatedRows ?? 0) === 1) return { id, created: true };
  const other = await tx.selectFrom('detect_items').select('id').where('open_key', '=', key).executeTakeFirstOrThrow();
  return { id: other.id, created: false };
}

export type SubmitInput = { kind: 'url'; url: string } | { kind: 'text'; text: string } | { kind: 'image'; bytes: Buffer };

/** An analyst (or intake officer: links only) adds something to review. */
export async function submitItem(ctx: Ctx, input: SubmitInput): Promise<{ id: string; created: boolean }> {
  reviewItemPolicy.authorize(ctx.actor, 'submit');
  if (input.kind !== 'url' && ctx.actor.kind === 'user' && ctx.actor.role === 'intake_officer') throw new AppError(403, 'detect_review_kind_forbidden');
  const now = ctx.clock().toISOString();
  const createdBy = ctx.actor.id;
  let prepared: Omit<DetectItemsTable, 'id' | 'source' | 'created_by'> & { kind: DetectItemsTable['kind'] };
  let image: { sha256: string; md5: string; mime: string; size: number } | null = null;
  if (input.kind === 'url') {
    const link = checkLink(input.url);
    return ctx.db.kysely.transaction().execute(async (trx) => {
      const r = await insertUrlItem(trx, ctx, link, { source: 'analyst', reportId: null, requestId: null, createdBy, now });
      await audit(
        ctx,
        trx,
        r.created ? 'detect_item.submitted' : 'detect_item.resubmitted',
        { type: 'detect_item', id: r.id },
        { kind: 'url', domain: link.domain },
      );
      return r;
    });
  }
  if (input.kind === 'text') {
    const text = cleanText(input.text);
    if (!text) throw new AppError(400, 'detect_review_empty');
    const truncated = text.length > TEXT_ITEM_MAX;
    prepared = {
      ...baseRow(now),
      kind: 'text',
      sealed_text: ctx.sealer.seal(truncated ? text.slice(0, TEXT_ITEM_MAX) : text),
      text_truncated: truncated ? 1 : 0,
    };
  } else {
    const b = input.bytes;
    if (b.length === 0) throw new AppError(400, 'detect_review_empty');
    if (b.length > IMAGE_ITEM_MAX_BYTES) throw new AppError(413, 'file_too_large', { limit: IMAGE_ITEM_MAX_BYTES });
    const type = sniff(b);
    if (!type || type === 'pdf') throw new AppError(415, 'detect_review_not_image');
    image = { sha256: createHash('sha256').update(b).digest('hex'), md5: createHash('md5').update(b).digest('hex'), mime: `image/${type}`, size: b.length };
    // Encrypted, content-addressed, on disk before the row that names it commits.
    await evidenceStoreFor(ctx.config.dataDir, ctx.sealer).put(image.sha256, b);
    prepared = { ...baseRow(now), kind: 'image', snapshot_sha256: image.sha256, snapshot_size: b.length, snapshot_type: image.mime };
  }
  const id = newId();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('detect_items')
      .values({ ...prepared, id, source: 'analyst', created_by: createdBy })
      .execute();
    await audit(
      ctx,
      trx,
      'detect_item.submitted',
      { type: 'detect_item', id: id },
      { kind: input.kind, ...(image ? { sha256: image.sha256, size: image.size } : { truncated: prepared.text_truncated === 1 }) },
    );
  });
  return { id, created: true };
}

/**
 * Takes the reporting centre's pending detection requests and queues one item per link, in one
 * transaction with the hand-over (a failure leaves the requests pending). Links that are not
 * http(s) are skipped and counted in the audit entry.
 */
export async function enqueueFromIntake(deps: Deps, limit = 20): Promise<{ requests: number; items: number; duplicates: number; skipped: number }> {
  const actor = systemActor('detect:intake');
  return deps.db.kysely.transaction().execute(async (trx) => {
    const requests = await claimDetectionRequests(trx, deps, limit);
    const out = { requests: requests.length, items: 0, duplicates: 0, skipped: 0 };
    const now = deps.clock().toISOString();
    for (const r of requests) {
      const ids: string[] = [];
      let skipped = 0;
      for (const raw of r.urls.slice(0, URLS_PER_REQUEST)) {
        let link: CheckedUrl;
        try {
          link = checkLink(raw);
        } catch {
          skipped++;
          continue;
        }
        const res = await insertUrlItem(trx, deps, link, { source: 'report', reportId: r.reportId, requestId: r.requestId, createdBy: null, now });
        ids.push(res.id);
        if (res.created) out.items++;
        else out.duplicates++;
      }
      out.skipped += skipped + Math.max(0, r.urls.length - URLS_PER_REQUEST);
      await appendAudit(
        trx,
        {
          actor,
          action: 'detect_item.queued_from_report',
          subjectType: 'intake_report',
          subjectId: r.reportId,
          detail: { requestId: r.requestId, items: ids, skipped },
        },
        deps.clock,
      );
    }
    return out;
  });
}
