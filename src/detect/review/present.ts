import type { Ctx } from '../../context.js';
import { type Lang, t } from '../../shared/i18n.js';
import { jsonOr } from '../../shared/json.js';
import type { BankMatch, ItemDetail, ItemImage, ItemSummary, Takedown } from './api-schemas.js';
import type { DetectItemAttemptsTable, DetectItemImagesTable, DetectItemsTable, DetectTakedownsTable } from './tables.js';
import { isSharedPlatform } from './vocab.js';

/** Rows of the review desk → the API's shapes (api-schemas.ts); the one place that opens sealed columns for an answer. */

/** Longest text a detail answer carries (the rest stays sealed in the database). */
const DETAIL_TEXT_CHARS = 100_000;

type Verdict = { categories: { code: string; score: number; matches: string[] }[]; offensive: { label: string; score: number } };

export function toSummary(r: DetectItemsTable, lang: Lang, reportCode: string | null = null): ItemSummary {
  const v = jsonOr<Verdict | null>(r.scores, null);
  return {
    id: r.id,
    kind: r.kind,
    source: r.source,
    reportId: r.report_id,
    reportCode,
    domain: r.domain,
    status: r.status,
    nextAttemptAt: r.status === 'queued' && r.attempts > 0 ? r.next_attempt_at : null,
    failureCode: r.failure_code,
    failureMessage: r.failure_code ? t(lang, `detect_failure_${r.failure_code}`) : null,
    attempts: r.attempts,
    score: Number(r.score),
    categories: v?.categories ?? [],
    matchCount: Number(r.match_count),
    decision: r.decision,
    decisionCategory: r.decision_category,
    decidedAt: r.decided_at,
    analysedAt: r.analysed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toImage(ctx: Pick<Ctx, 'sealer'>, i: DetectItemImagesTable): ItemImage {
  return {
    n: i.position,
    src: i.sealed_src ? ctx.sealer.open(i.sealed_src) : null,
    mime: i.mime,
    size: i.size,
    width: i.width,
    height: i.height,
    sha256: i.sha256,
    md5: i.md5,
    pdq: i.pdq,
    quality: i.quality,
    matches: jsonOr<BankMatch[]>(i.matches, []),
    error: i.error,
  };
}

/** What readItem loaded: the item, its images, tries and takedown requests, the report's code, and deciders' display names. */
export interface ItemRecord {
  item: DetectItemsTable;
  images: DetectItemImagesTable[];
  takedowns: DetectTakedownsTable[];
  attempts: DetectItemAttemptsTable[];
  reportCode: string | null;
  decidedByName: string | null;
  previousDecidedByName: string | null;
}

export function toDetail(ctx: Pick<Ctx, 'sealer'>, rec: ItemRecord, lang: Lang): ItemDetail {
  const { item: r, images, takedowns, decidedByName } = rec;
  const v = jsonOr<Verdict | null>(r.scores, null);
  const open = (s: string | null) => (s ? ctx.sealer.open(s) : null);
  const text = open(r.sealed_text);
  return {
    ...toSummary(r, lang, rec.reportCode),
    url: open(r.sealed_url),
    finalUrl: open(r.sealed_final_url),
    title: open(r.sealed_title),
    text: text ? text.slice(0, DETAIL_TEXT_CHARS) : null,
    textTruncated: r.text_truncated === 1 || (text?.length ?? 0) > DETAIL_TEXT_CHARS,
    offensive: v?.offensive ?? null,
    matches: jsonOr<BankMatch[]>(r.matches, []),
    linkHosts: jsonOr<string[]>(r.link_hosts, []),
    httpStatus: r.http_status,
    evidence: r.snapshot_sha256
      ? { sha256: r.snapshot_sha256, size: r.snapshot_size, type: r.snapshot_type, fetchedAt: r.fetched_at, charset: r.charset }
      : null,
    images: images.map((i) => toImage(ctx, i)),
    takedowns: takedowns.map((x) => toTakedown(ctx, x)),
    note: open(r.sealed_note),
    decidedBy: r.decided_by,
    decidedByName,
    tries: rec.attempts.map((a) => ({
      startedAt: a.started_at,
      endedAt: a.ended_at,
      outcome: a.outcome,
      failureCode: a.failure_code,
      failureMessage: a.failure_code ? t(lang, `detect_failure_${a.failure_code}`) : null,
      detail: a.failure_detail,
      nextAttemptAt: a.next_attempt_at,
    })),
    previousDecision: r.previous_decision
      ? {
          decision: r.previous_decision,
          category: r.previous_decision_category,
          decidedAt: r.previous_decided_at,
          decidedByName: rec.previousDecidedByName,
          reopenedAt: r.reopened_at,
          reason: open(r.sealed_reopen_reason),
        }
      : null,
    sharedPlatform: r.domain !== null && isSharedPlatform(r.domain),
  };
}

export function toTakedown(ctx: Pick<Ctx, 'sealer'>, r: DetectTakedownsTable): Takedown {
  return {
    id: r.id,
    itemId: r.item_id,
    platform: r.platform,
    urls: JSON.parse(ctx.sealer.open(r.sealed_urls)) as string[],
    domain: r.domain,
    legalBasis: r.legal_basis,
    status: r.status,
    requestedAt: r.requested_at,
    sentAt: r.sent_at,
    removedAt: r.removed_at,
    note: r.sealed_note ? ctx.sealer.open(r.sealed_note) : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
