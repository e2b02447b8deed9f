import { AppError } from '../shared/errors.js';
import { FIELD } from './field-labels.js';
import type { ReportKind } from './tables.js';

/** A half-open period [from, to) of whole days, YYYY-MM-DD (UTC days, as every feed compares them). */
export interface Period {
  from: string;
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The platform's records start in 2020; a period before that or ten years long is a mistake. */
const EARLIEST = '2020-01-01';
const MAX_DAYS = 3700;

export function isDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Checks a period a caller sent; `today` bounds it (a period may not start in the future). */
export function checkPeriod(p: Period, today: string): Period {
  if (!isDay(p.from)) throw new AppError(400, 'indicators_bad_date', { field: FIELD.from, value: p.from.slice(0, 40) });
  if (!isDay(p.to)) throw new AppError(400, 'indicators_bad_date', { field: FIELD.to, value: p.to.slice(0, 40) });
  if (p.from < EARLIEST) throw new AppError(400, 'indicators_too_early', { field: FIELD.from, earliest: EARLIEST });
  if (p.from > today) throw new AppError(400, 'indicators_future', { field: FIELD.from });
  if (p.to <= p.from) throw new AppError(400, 'indicators_empty_period', { field: FIELD.to });
  if (daysBetween(p.from, p.to) > MAX_DAYS) throw new AppError(400, 'indicators_period_too_long', { field: FIELD.to });
  return p;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addMonths(day: string, n: number): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}-01`;
}

/** The months YYYY-MM a month-aligned period covers; null when it does not start and end on a 1st. */
export function monthsOf(p: Period): string[] | null {
  if (!p.from.endsWith('-01') || !p.to.endsWith('-01')) return null;
  const out: string[] = [];
  for (let d = p.from; d < p.to; d = addMonths(d, 1)) out.push(d.slice(0, 7));
  return out;
}

const SPAN: Record<Exclude<ReportKind, 'ad_hoc'>, number> = { monthly: 1, quarterly: 3, half_year: 6, annual: 12 };
const COUNT: Record<Exclude<ReportKind, 'ad_hoc'>, number> = { monthly: 12, quarterly: 4, half_year: 2, annual: 1 };

/** The period of a periodic report: the `index`-th month, quarter or half (from 1) of `year`. */
export function periodicPeriod(kind: Exclude<ReportKind, 'ad_hoc'>, year: number, index: number): Period {
  if (!Number.isInteger(index) || index < 1 || index > COUNT[kind]) throw new AppError(400, 'indicators_bad_index', { field: FIELD.index, max: COUNT[kind] });
  const from = addMonths(`${year}-01-01`, (index - 1) * SPAN[kind]);
  return { from, to: addMonths(from, SPAN[kind]) };
}

/** The last complete periodic period of a kind before `today` (what the schedule generates). */
export function lastCompletePeriod(kind: Exclude<ReportKind, 'ad_hoc'>, today: string): Period {
  const monthIndex = Number(today.slice(5, 7)) - 1;
  const start = addMonths(`${today.slice(0, 4)}-01-01`, Math.floor(monthIndex / SPAN[kind]) * SPAN[kind]);
  const from = addMonths(start, -SPAN[kind]);
  return { from, to: start };
}

export type Granularity = 'month' | 'quarter' | 'half_year' | 'year';
const GRAIN_SPAN: Record<Granularity, number> = { month: 1, quarter: 3, half_year: 6, year: 12 };

/** The consecutive sub-periods of a trend, each `grain` long, from the start of the grain containing `from`. */
export function trendBuckets(p: Period, grain: Granularity): Period[] {
  const span = GRAIN_SPAN[grain];
  const m = Number(p.from.slice(5, 7)) - 1;
  let d = addMonths(`${p.from.slice(0, 4)}-01-01`, Math.floor(m / span) * span);
  const out: Period[] = [];
  while (d < p.to && out.length < 240) {
    const next = addMonths(d, span);
    out.push({ from: d, to: next });
    d = next;
  }
  return out;
}
