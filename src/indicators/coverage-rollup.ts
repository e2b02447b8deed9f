import type { Tx } from '../db/database.js';
import { coverageOf, type SchoolWardSessions } from '../programmes/feed.js';
import { builtMonths } from './built-months.js';
import { addMonths, monthsOf, type Period } from './periods.js';
import type { CoverageRow, TargetSources } from './target-feeds.js';

type CoverageFeed = NonNullable<TargetSources['coverage']>;

/** One school's sessions in one month, under the ward the programmes feed files it in for that month. */
interface SchoolMonth {
  month: string;
  schoolId: string;
  unitId: string;
  sessions: number;
}

/** A month's sessions per school that held any (the programmes feed with N = 1), for the rollup. */
export async function monthSessions(db: Tx, month: string, feed: CoverageFeed): Promise<SchoolMonth[]> {
  const from = `${month}-01`;
  return (await feed(db, { from, to: addMonths(from, 1), minSessions: 1 }))
    .filter((r) => r.sessions > 0)
    .map((r) => ({ month, schoolId: r.schoolId, unitId: r.unitId ?? '', sessions: r.sessions }));
}

/**
 * Programme coverage for a period, as the programmes feed answers it, from the monthly session
 * counts: whole months built after they ended from `indicator_coverage_monthly`, the others (the
 * open month, months not built yet) from the feed month by month. Exact, because the feed's rules
 * split by month: a school's sessions add up, and it counts in the ward of its latest session of
 * the period — the ward of its latest month with a session. Every school on the register today
 * is a row (a school struck off since is not, as in the feed). Not whole months, or `live`: the
 * feed itself.
 */
export async function periodCoverage(db: Tx, q: Period & { minSessions: number }, now: string, feed: CoverageFeed, live: boolean): Promise<CoverageRow[]> {
  const months = live ? null : monthsOf(q);
  if (!months) return feed(db, q);
  const { done } = await builtMonths(db, months, now);
  // summed per school and ward in the database: a row per school and ward, not per school and month
  const rolled =
    done.size > 0
      ? await db
          .selectFrom('indicator_coverage_monthly')
          .select((eb) => ['school_id', 'unit_id', eb.fn.sum<number | string>('sessions').as('n'), eb.fn.max('month').as('last')])
          .where('month', 'in', [...done])
          .groupBy(['school_id', 'unit_id'])
          .execute()
      : [];
  // `last`: the latest month of the school's sessions in that ward (a school-month has one ward)
  const groups: SchoolWardSessions[] = rolled.map((r) => ({ schoolId: r.school_id, unitId: r.unit_id, sessions: Number(r.n), last: r.last }));
  for (const m of months.filter((x) => !done.has(x))) {
    groups.push(...(await monthSessions(db, m, feed)).map((r) => ({ schoolId: r.schoolId, unitId: r.unitId, sessions: r.sessions, last: r.month })));
  }
  return coverageOf(db, groups, q.minSessions);
}
