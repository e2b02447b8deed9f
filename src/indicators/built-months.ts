import type { Tx } from '../db/database.js';
import { addMonths } from './periods.js';

/**
 * Which of these months may be read from the rollup: those built after the month ended (a month
 * built while still open misses what came later), and not after `now` (a clock set back). The
 * still-open month is never among them, so what happened today is read live. `asOf`: when the
 * oldest of them was built (null: none).
 */
export async function builtMonths(db: Tx, months: readonly string[], now: string): Promise<{ done: Set<string>; asOf: string | null }> {
  if (months.length === 0) return { done: new Set(), asOf: null };
  const built = (
    await db
      .selectFrom('indicator_rollup_months')
      .select(['month', 'refreshed_at'])
      .where('month', 'in', [...months])
      .execute()
  ).filter((d) => d.refreshed_at >= `${addMonths(`${d.month}-01`, 1)}T00:00:00.000Z` && d.refreshed_at <= now);
  return { done: new Set(built.map((d) => d.month)), asOf: built.map((d) => d.refreshed_at).sort()[0] ?? null };
}
