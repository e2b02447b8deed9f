import type { Tx } from '../db/database.js';
import { jsonStrings } from '../shared/json.js';
import { CATEGORIES, type Priority } from './vocab.js';

/**
 * What the reporting centre gives the city's indicators (src/indicators reads intake only through
 * this file). Periods are half-open [from, to) dates, YYYY-MM-DD, compared with the stored UTC
 * timestamps. Counts only: no report, no child, no contact detail leaves this file.
 */
export interface FeedPeriod {
  from: string;
  to: string;
}

/**
 * Report volumes — definition:
 * - counted: reports received (created) in the period, on the public form (`web`) or from a
 *   partner system (`partner`: 111 hotline, platforms); a report merged into another is the same
 *   incident and is not counted again; rejected reports are counted (they were received);
 * - by category: a report naming two categories counts once in each (category totals can exceed
 *   the number of reports);
 * - place: the child's ward as the reporter gave it (null: not given);
 * - consent: the form asks no name and no consent to be counted; nothing is excluded;
 * - source: intake_reports.
 */
export interface ReportVolumeRow {
  unitId: string | null;
  channel: 'web' | 'partner';
  reports: number;
  categories: Record<string, number>;
}

export async function reportVolumeFeed(db: Tx, period: FeedPeriod): Promise<ReportVolumeRow[]> {
  const rows = await db
    .selectFrom('intake_reports')
    .select(['unit_id', 'source', 'categories'])
    .where('created_at', '>=', period.from)
    .where('created_at', '<', period.to)
    .where('status', '!=', 'merged')
    .execute();
  const out = new Map<string, ReportVolumeRow>();
  for (const r of rows) {
    const key = `${r.unit_id ?? ''}|${r.source}`;
    let row = out.get(key);
    if (!row) {
      row = { unitId: r.unit_id, channel: r.source, reports: 0, categories: {} };
      out.set(key, row);
    }
    row.reports++;
    for (const c of new Set(jsonStrings(r.categories))) row.categories[c] = (row.categories[c] ?? 0) + 1;
  }
  return [...out.values()];
}

/**
 * Response times against the SLA — definition:
 * - cohort: reports received in the period (merged reports excluded), per priority;
 * - acknowledgement: numerator = acknowledged by their acknowledgement deadline; denominator =
 *   reports acknowledged, or whose deadline has passed at `asOf` (a report still inside its
 *   deadline is not yet judged and is left out);
 * - first action: the same with the first action and its deadline;
 * - minutes: the sum of minutes from receipt to acknowledgement over acknowledged reports (the
 *   mean is sum ÷ acknowledged; sums add up across months, medians would not);
 * - consent: nothing is excluded (no child is named); source: intake_reports and intake_sla.
 */
export interface ResponseTimeRow {
  unitId: string | null;
  priority: Priority;
  ackJudged: number;
  ackOnTime: number;
  actionJudged: number;
  actionOnTime: number;
  acknowledged: number;
  ackMinutesTotal: number;
}

export async function responseTimeFeed(db: Tx, period: FeedPeriod & { asOf: string }): Promise<ResponseTimeRow[]> {
  const rows = await db
    .selectFrom('intake_reports')
    .select(['unit_id', 'priority', 'created_at', 'ack_due_at', 'action_due_at', 'acknowledged_at', 'first_action_at'])
    .where('created_at', '>=', period.from)
    .where('created_at', '<', period.to)
    .where('status', '!=', 'merged')
    .execute();
  const out = new Map<string, ResponseTimeRow>();
  for (const r of rows) {
    const key = `${r.unit_id ?? ''}|${r.priority}`;
    let row = out.get(key);
    if (!row) {
      row = { unitId: r.unit_id, priority: r.priority, ackJudged: 0, ackOnTime: 0, actionJudged: 0, actionOnTime: 0, acknowledged: 0, ackMinutesTotal: 0 };
      out.set(key, row);
    }
    if (r.acknowledged_at !== null || r.ack_due_at <= period.asOf) {
      row.ackJudged++;
      if (r.acknowledged_at !== null && r.acknowledged_at <= r.ack_due_at) row.ackOnTime++;
    }
    if (r.first_action_at !== null || r.action_due_at <= period.asOf) {
      row.actionJudged++;
      if (r.first_action_at !== null && r.first_action_at <= r.action_due_at) row.actionOnTime++;
    }
    if (r.acknowledged_at !== null) {
      row.acknowledged++;
      row.ackMinutesTotal += Math.max(0, Math.round((Date.parse(r.acknowledged_at) - Date.parse(r.created_at)) / 60_000));
    }
  }
  return [...out.values()];
}

type Label = { vi: string; en: string };

/** Names of the codes these feeds return, for the indicators to show (never the raw code). */
export const INTAKE_FEED_LABELS: { category: Record<string, Label>; channel: Record<string, Label>; priority: Record<string, Label> } = {
  category: CATEGORIES,
  channel: {
    web: { vi: 'Biểu mẫu trên trang công khai', en: 'Public web form' },
    partner: { vi: 'Hệ thống đối tác (tổng đài 111, nền tảng)', en: 'Partner systems (111 hotline, platforms)' },
  },
  priority: {
    p1: { vi: 'Ưu tiên 1 (khẩn cấp)', en: 'Priority 1 (urgent)' },
    p2: { vi: 'Ưu tiên 2', en: 'Priority 2' },
    p3: { vi: 'Ưu tiên 3', en: 'Priority 3' },
    p4: { vi: 'Ưu tiên 4', en: 'Priority 4' },
  },
};
