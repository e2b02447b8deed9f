import type { SealedColumns } from '../../shared/secrets.js';

/**
 * Tables of the review desk. Timestamps: ISO-8601 UTC text; JSON as text; flags 0/1.
 * A full URL can name a child's account or carry a private link, so URLs, page titles, texts
 * and notes are sealed (shared/secrets.ts); the domain stays in clear (domains of harmful sites
 * are not personal data, and the filter and statistics need them). Duplicates are found through
 * an HMAC of the normalised URL.
 */
export type ItemKind = 'url' | 'text' | 'image';
export type ItemSource = 'report' | 'analyst';
export type ItemStatus = 'queued' | 'fetching' | 'analysed' | 'failed' | 'decided';
export type Decision = 'harmful' | 'not_harmful' | 'legal_review';
/** `withdrawn`: the decision behind it was reopened before the request went out (final). */
export type TakedownStatus = 'requested' | 'sent' | 'removed' | 'refused' | 'withdrawn';

export interface DetectItemsTable {
  id: string;
  kind: ItemKind;
  source: ItemSource;
  report_id: string | null;
  request_id: string | null;
  /** HMAC of the normalised URL (url items). */
  url_key: string | null;
  /** = url_key while the item is open (not decided); unique: one open item per URL. */
  open_key: string | null;
  sealed_url: string | null;
  /** Host of the URL, lower case, in clear. */
  domain: string | null;
  /** Sealed text (text items; at most TEXT_ITEM_MAX characters are kept). */
  sealed_text: string | null;
  /** 1 when the submitted text was longer than what was kept. */
  text_truncated: number;
  status: ItemStatus;
  failure_code: string | null;
  failure_detail: string | null;
  attempts: number;
  next_attempt_at: string;
  /** A worker holds the item until then (a crashed worker's item is taken again afterwards). */
  claimed_until: string | null;
  /** Highest text category score (0..1); sorts the queue. */
  score: number;
  /** Bank matches across the item's images. */
  match_count: number;
  /** JSON TextVerdict without the normalised text: { categories, offensive, truncated }. */
  scores: string | null;
  /** JSON BankMatch[] of the item (all images). */
  matches: string | null;
  /** Sealed page title. */
  sealed_title: string | null;
  /** Sealed final URL after redirects. */
  sealed_final_url: string | null;
  /** JSON array of hosts the page links to. */
  link_hosts: string | null;
  http_status: number | null;
  /** Evidence snapshot: the fetched bytes, encrypted, content-addressed (intake EvidenceStore). */
  snapshot_sha256: string | null;
  snapshot_size: number | null;
  snapshot_type: string | null;
  charset: string | null;
  fetched_at: string | null;
  analysed_at: string | null;
  decision: Decision | null;
  decision_category: string | null;
  decided_by: string | null;
  decided_at: string | null;
  sealed_note: string | null;
  /** The decision a reopen took back (kept after the new decision too, for the record). */
  previous_decision: Decision | null;
  previous_decision_category: string | null;
  previous_decided_by: string | null;
  previous_decided_at: string | null;
  reopened_at: string | null;
  /** Sealed: the analyst's reason for the reopen. */
  sealed_reopen_reason: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** What one try of the worker ended with: analysed, failed for good, or failed and tried again later. */
export type AttemptOutcome = 'analysed' | 'failed' | 'retry';

/** One try of the worker on an item (migration 0311). */
export interface DetectItemAttemptsTable {
  id: string;
  item_id: string;
  started_at: string;
  ended_at: string;
  outcome: AttemptOutcome;
  failure_code: string | null;
  /** The technical detail (HTTP status, timeout) — no URL, no page content. */
  failure_detail: string | null;
  /** When a retry was planned for. */
  next_attempt_at: string | null;
}

export interface DetectItemImagesTable {
  id: string;
  item_id: string;
  /** 0-based position on the page (the n of /images/:n). */
  position: number;
  /** Sealed image URL (null for an uploaded image). */
  sealed_src: string | null;
  mime: string | null;
  size: number | null;
  width: number | null;
  height: number | null;
  sha256: string | null;
  md5: string | null;
  pdq: string | null;
  quality: number | null;
  /** JSON BankMatch[]. */
  matches: string;
  /** Why this image could not be used (invalid_image, too_large, timeout…); null when hashed. */
  error: string | null;
  created_at: string;
}

export interface DetectTakedownsTable {
  id: string;
  item_id: string;
  /** facebook, tiktok, youtube, zalo, telegram, x, instagram, website… */
  platform: string;
  /** Sealed JSON array of URLs to remove. */
  sealed_urls: string;
  domain: string | null;
  legal_basis: string;
  status: TakedownStatus;
  requested_at: string;
  sent_at: string | null;
  removed_at: string | null;
  sealed_note: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReviewTables {
  detect_items: DetectItemsTable;
  detect_item_images: DetectItemImagesTable;
  detect_item_attempts: DetectItemAttemptsTable;
  detect_takedowns: DetectTakedownsTable;
}

/** Sealed columns (key rotation re-seals them). */
export const reviewSealedColumns: SealedColumns<ReviewTables> = {
  detect_items: ['sealed_url', 'sealed_text', 'sealed_title', 'sealed_final_url', 'sealed_note', 'sealed_reopen_reason'],
  detect_item_images: ['sealed_src'],
  detect_takedowns: ['sealed_urls', 'sealed_note'],
};
