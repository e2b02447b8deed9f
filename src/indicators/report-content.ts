import type { Tx } from '../db/database.js';
import { INDICATORS, type IndicatorDef } from './catalogue.js';
import { computeIndicators, type IndicatorResult, measure, placeFacts, type Ranked, rankPlaces } from './compute.js';
import { type Granularity, type Period, trendBuckets } from './periods.js';
import { cityMinSessions } from './query.js';
import type { ReportKind } from './tables.js';

/** What a periodic or ad-hoc report says, before it is written as .xlsx or .docx (both from this). */
export interface ReportContent {
  kind: ReportKind;
  period: Period;
  /** the day the report is dated (Hanoi's calendar day of generation) */
  date: string;
  title: string;
  periodText: string;
  indicators: IndicatorResult[];
  /** per indicator that has wards: every ward, best first */
  wards: Map<string, Ranked[]>;
  /** the three targets month by month (or by quarter for a year) inside the period */
  trends: Map<string, Array<{ from: string; value: number | null }>>;
}

export const KIND_LABELS: Record<ReportKind, { vi: string; en: string }> = {
  monthly: { vi: 'Báo cáo tháng', en: 'Monthly report' },
  quarterly: { vi: 'Báo cáo quý', en: 'Quarterly report' },
  half_year: { vi: 'Báo cáo 6 tháng', en: 'Six-month report' },
  annual: { vi: 'Báo cáo năm', en: 'Annual report' },
  ad_hoc: { vi: 'Báo cáo đột xuất', en: 'Ad-hoc report' },
};

const vnDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

export function periodText(kind: ReportKind, p: Period): string {
  const y = p.from.slice(0, 4);
  const m = Number(p.from.slice(5, 7));
  switch (kind) {
    case 'monthly':
      return `tháng ${m} năm ${y}`;
    case 'quarterly':
      return `quý ${Math.floor((m - 1) / 3) + 1} năm ${y}`;
    case 'half_year':
      return `${m === 1 ? '6 tháng đầu' : '6 tháng cuối'} năm ${y}`;
    case 'annual':
      return `năm ${y}`;
    default:
      return `từ ngày ${vnDate(p.from)} đến ngày ${vnDate(dayBefore(p.to))}`;
  }
}

/** The period's first and last days as a reader writes them: "từ 01/07/2026 đến 31/12/2026". */
export const periodRange = (p: Period) => `từ ${vnDate(p.from)} đến ${vnDate(dayBefore(p.to))}`;

/**
 * A report generated before its period is over (a "6 tháng cuối năm" on 5 December) says so: its
 * figures stop at the day it was made and will change. Null once the period has ended.
 */
export function periodNotEndedText(c: Pick<ReportContent, 'period' | 'date'>): string | null {
  if (c.date >= c.period.to) return null;
  return `Lưu ý: kỳ báo cáo chưa kết thúc (kết thúc ngày ${vnDate(dayBefore(c.period.to))}); số liệu tính đến ngày ${vnDate(c.date)} và sẽ còn thay đổi.`;
}

/** Gathers a report's figures for the whole city (Vietnamese: the report goes to the People's Committee). */
export async function reportContent(db: Tx, kind: ReportKind, period: Period, now: string): Promise<ReportContent> {
  const base = { period, place: { kind: 'city' as const }, minSessions: await cityMinSessions(db), now, lang: 'vi' as const };
  const { indicators } = await computeIndicators(db, base);
  const wards = new Map<string, Ranked[]>();
  for (const def of INDICATORS.filter((d) => d.grain !== 'city')) wards.set(def.code, await rankPlaces(db, def, base));
  const grain: Granularity = kind === 'annual' ? 'quarter' : 'month';
  const trends = new Map<string, Array<{ from: string; value: number | null }>>();
  const targets: IndicatorDef[] = INDICATORS.filter((d) => d.group === 'target');
  for (const p of trendBuckets(period, grain).filter((b) => b.from < period.to)) {
    const { facts, missing } = await placeFacts(db, { ...base, period: p });
    for (const def of targets) {
      const series = trends.get(def.code) ?? [];
      series.push({ from: p.from, value: measure(def, facts, missing).value });
      trends.set(def.code, series);
    }
  }
  const periodLabel = periodText(kind, period);
  return {
    kind,
    period,
    date: new Date(Date.parse(now) + 7 * 3_600_000).toISOString().slice(0, 10),
    title: `Kết quả bảo vệ trẻ em trên môi trường mạng ${periodLabel}`,
    periodText: periodLabel,
    indicators,
    wards,
    trends,
  };
}
