import type { Tx } from '../db/database.js';
import { DECISION_CATEGORIES } from './review/vocab.js';

/**
 * What the detection desk gives the city's indicators (src/indicators reads detection only
 * through this file). Periods are half-open [from, to) dates, YYYY-MM-DD, compared with the
 * stored UTC timestamps. Counts only: no link, no text, no image leaves this file.
 */
export interface FeedPeriod {
  from: string;
  to: string;
}

/**
 * Detection outcomes — definition:
 * - counted: items (links, texts, images) that entered the review desk in the period, from a
 *   report or added by an analyst, by their outcome today: `harmful` (with its category),
 *   `not_harmful`, `legal_review`, or `pending` (not yet decided);
 * - place: none (a website has no ward); city-wide only;
 * - consent: items carry no child's identity; nothing is excluded;
 * - source: detect_items.
 */
export interface DetectionOutcomeRow {
  source: 'report' | 'analyst';
  outcome: 'harmful' | 'not_harmful' | 'legal_review' | 'pending';
  category: string | null;
  items: number;
}

export async function detectionOutcomeFeed(db: Tx, period: FeedPeriod): Promise<DetectionOutcomeRow[]> {
  const rows = await db
    .selectFrom('detect_items')
    .select(['source', 'decision', 'decision_category'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('created_at', '>=', period.from)
    .where('created_at', '<', period.to)
    .groupBy(['source', 'decision', 'decision_category'])
    .execute();
  return rows.map((r) => ({
    source: r.source,
    outcome: r.decision ?? 'pending',
    category: r.decision === 'harmful' ? r.decision_category : null,
    items: Number(r.n),
  }));
}

/**
 * Takedown requests — definition: requests recorded in the period by their state today
 * (`requested`, `sent`, `removed`, `refused`; `withdrawn` ones — their decision was reopened — are
 * left out: they never went to a platform); removal rate = removed ÷ (sent + removed + refused).
 * Source: detect_takedowns.
 */
export interface TakedownRow {
  status: 'requested' | 'sent' | 'removed' | 'refused';
  requests: number;
}

export async function takedownFeed(db: Tx, period: FeedPeriod): Promise<TakedownRow[]> {
  const rows = await db
    .selectFrom('detect_takedowns')
    .select(['status'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('requested_at', '>=', period.from)
    .where('requested_at', '<', period.to)
    .where('status', '!=', 'withdrawn')
    .groupBy('status')
    .execute();
  return rows.map((r) => ({ status: r.status as TakedownRow['status'], requests: Number(r.n) }));
}

type Label = { vi: string; en: string };

/** Names of the codes these feeds return, for the indicators to show (never the raw code). */
export const DETECT_FEED_LABELS: { outcome: Record<string, Label>; category: Record<string, Label>; takedown: Record<string, Label> } = {
  outcome: {
    harmful: { vi: 'Xác định có hại', en: 'Found harmful' },
    not_harmful: { vi: 'Không có hại', en: 'Not harmful' },
    legal_review: { vi: 'Chuyển xem xét pháp lý', en: 'Sent for legal review' },
    pending: { vi: 'Đang chờ quyết định', en: 'Awaiting a decision' },
  },
  category: Object.fromEntries(DECISION_CATEGORIES.map((c) => [c.code, { vi: c.vi, en: c.en }])),
  takedown: {
    requested: { vi: 'Đã lập yêu cầu', en: 'Request drawn up' },
    sent: { vi: 'Đã gửi nền tảng', en: 'Sent to the platform' },
    removed: { vi: 'Đã gỡ bỏ', en: 'Removed' },
    refused: { vi: 'Nền tảng từ chối', en: 'Refused by the platform' },
  },
};
