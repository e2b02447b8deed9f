import type { Tx } from '../../db/database.js';

/**
 * What the school DNS filter gives the city's indicators (src/indicators reads the filter only
 * through this file). Periods are half-open [from, to) dates, YYYY-MM-DD, compared with the
 * counters' UTC hours.
 */
export interface FeedPeriod {
  from: string;
  to: string;
}

/**
 * Blocked look-ups — definition:
 * - counted: look-ups the filter blocked in the period, per school, age band (kindergarten,
 *   primary, lower/upper secondary, staff) and block category; `lookups` is every look-up of that
 *   school and band (the denominator of a block rate);
 * - place: the school's ward **today**: a school that moved in the 2025 reorganisation is counted
 *   under its new ward for every period, so a ward's trend compares like with like;
 * - privacy and consent: the filter counts per school × band × hour and keeps no per-student
 *   log, so there is no child to exclude;
 * - source: filter_counters (hourly counters written by the DNS filter), schools.
 */
export interface BlockedLookupRow {
  schoolId: string;
  unitId: string | null;
  band: string;
  /** a block category, or 'all' for every look-up (blocked or not) */
  category: string;
  count: number;
}

export async function blockedLookupFeed(db: Tx, period: FeedPeriod): Promise<BlockedLookupRow[]> {
  const rows = await db
    .selectFrom('filter_counters as c')
    .leftJoin('schools as s', 's.id', 'c.school_id')
    .select(['c.school_id', 's.unit_id', 'c.band', 'c.category'])
    .select((eb) => eb.fn.sum<number>('c.count').as('n'))
    .where('c.hour', '>=', period.from)
    .where('c.hour', '<', period.to)
    .groupBy(['c.school_id', 's.unit_id', 'c.band', 'c.category'])
    .execute();
  return rows.map((r) => ({ schoolId: r.school_id, unitId: r.unit_id, band: r.band, category: r.category, count: Number(r.n) }));
}

type Label = { vi: string; en: string };

/** Names of the filter's age bands, for the indicators to show (never the raw code). */
export const BAND_LABELS: Record<string, Label> = {
  kindergarten: { vi: 'Mầm non', en: 'Kindergarten' },
  primary: { vi: 'Tiểu học', en: 'Primary' },
  lower_secondary: { vi: 'Trung học cơ sở', en: 'Lower secondary' },
  upper_secondary: { vi: 'Trung học phổ thông', en: 'Upper secondary' },
  staff: { vi: 'Cán bộ, giáo viên', en: 'Staff' },
};

/** Names of the filter's block categories, as the city named them (filter_categories). */
export async function blockCategoryLabels(db: Tx): Promise<Record<string, Label>> {
  const rows = await db.selectFrom('filter_categories').select(['code', 'name_vi', 'name_en']).execute();
  return Object.fromEntries(rows.map((r) => [r.code, { vi: r.name_vi, en: r.name_en }]));
}
