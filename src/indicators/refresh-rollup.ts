import type { Tx } from '../db/database.js';
import { addMonths } from './periods.js';
import { refreshMonth, restateMovedSchools } from './rollup.js';

/** The first month the rollup covers: nothing of the platform's is older. */
const FIRST_MONTH = '2020-01';
/** Months recomputed on every run: reports are acknowledged, items decided, counters flushed late. */
const RECENT = 3;
/** Months never computed before, filled per run (a new installation catches up over a few runs). */
const BACKFILL_PER_RUN = 24;

/**
 * One run of the `indicators.rollup` job: restate schools that moved ward, recompute the recent
 * months, fill months never computed, and recompute the month computed longest ago (so a late
 * change to an old month is picked up within one cycle of the months).
 */
export async function refreshRollup(db: Tx, now: Date): Promise<{ months: string[]; restated: number }> {
  const asOf = now.toISOString();
  const restated = await restateMovedSchools(db);
  const current = `${asOf.slice(0, 7)}-01`;
  const recent = Array.from({ length: RECENT }, (_, i) => addMonths(current, -i).slice(0, 7));
  const done = await db.selectFrom('indicator_rollup_months').select(['month', 'refreshed_at']).orderBy('refreshed_at').execute();
  const doneSet = new Set(done.map((d) => d.month));
  const missing: string[] = [];
  for (let d = `${FIRST_MONTH}-01`; d <= current && missing.length < BACKFILL_PER_RUN; d = addMonths(d, 1)) {
    const m = d.slice(0, 7);
    if (!doneSet.has(m) && !recent.includes(m)) missing.push(m);
  }
  const oldest = done.find((d) => !recent.includes(d.month))?.month;
  const months = [...recent, ...missing, ...(oldest ? [oldest] : [])];
  for (const m of months) await refreshMonth(db, m, asOf);
  return { months, restated };
}
