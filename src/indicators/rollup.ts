import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import { builtMonths } from './built-months.js';
import { monthSessions } from './coverage-rollup.js';
import { type Fact, feedFacts, merge } from './facts.js';
import { addMonths, monthsOf, type Period } from './periods.js';
import { TARGET_SOURCES } from './target-feeds.js';

/**
 * The month × ward × school rollup the dashboards read instead of the features' own tables.
 * A month is computed from the feeds (facts.ts) in one transaction — its old rows deleted, its new
 * ones written — so a reader sees either the old month or the new one. The job (job.ts) refreshes
 * the recent months often (late acknowledgements and decisions change them), the oldest-refreshed
 * month once per run, and restates the rows of a school that moved ward.
 */

const CHUNK = 500;

export async function refreshMonth(db: Tx, month: string, asOf: string): Promise<number> {
  const from = `${month}-01`;
  const facts = await feedFacts(db, { from, to: addMonths(from, 1) }, asOf);
  const coverage = TARGET_SOURCES.coverage;
  const sessions = coverage ? await monthSessions(db, month, coverage) : [];
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('indicator_monthly').where('month', '=', month).execute();
    for (let i = 0; i < facts.length; i += CHUNK) {
      await trx
        .insertInto('indicator_monthly')
        .values(
          facts
            .slice(i, i + CHUNK)
            .map((f) => ({ metric: f.metric, month, unit_id: f.unitId, school_id: f.schoolId, dim1: f.dim1, dim2: f.dim2, value: f.value })),
        )
        .execute();
    }
    // the same month with the school folded away, for the city's and wards' views
    await trx.deleteFrom('indicator_monthly_ward').where('month', '=', month).execute();
    const wards = merge(facts.map((f) => ({ ...f, schoolId: '' })));
    for (let i = 0; i < wards.length; i += CHUNK) {
      await trx
        .insertInto('indicator_monthly_ward')
        .values(wards.slice(i, i + CHUNK).map((f) => ({ metric: f.metric, month, unit_id: f.unitId, dim1: f.dim1, dim2: f.dim2, value: f.value })))
        .execute();
    }
    // and with the wards folded away too, for the city's own indicators
    await trx.deleteFrom('indicator_monthly_city').where('month', '=', month).execute();
    const city = merge(facts.map((f) => ({ ...f, unitId: '', schoolId: '' })));
    for (let i = 0; i < city.length; i += CHUNK) {
      await trx
        .insertInto('indicator_monthly_city')
        .values(city.slice(i, i + CHUNK).map((f) => ({ metric: f.metric, month, dim1: f.dim1, dim2: f.dim2, value: f.value })))
        .execute();
    }
    // the month's programme sessions per school (coverage is summed per school over a period)
    await trx.deleteFrom('indicator_coverage_monthly').where('month', '=', month).execute();
    for (let i = 0; i < sessions.length; i += CHUNK) {
      await trx
        .insertInto('indicator_coverage_monthly')
        .values(sessions.slice(i, i + CHUNK).map((r) => ({ month, school_id: r.schoolId, unit_id: r.unitId, sessions: r.sessions })))
        .execute();
    }
    await trx
      .insertInto('indicator_rollup_months')
      .values({ month, refreshed_at: asOf })
      .onConflict((oc) => oc.column('month').doUpdateSet({ refreshed_at: asOf }))
      .execute();
  });
  return facts.length;
}

/**
 * Files every rollup row of a school that moved ward (the 2025 reorganisation, a correction) under
 * its ward today, as the filter feed itself does, so a ward's history compares like with like.
 */
export async function restateMovedSchools(db: Tx): Promise<number> {
  const moved = await db
    .selectFrom('schools as s')
    .leftJoin('indicator_school_units as k', 'k.school_id', 's.id')
    .select(['s.id', 's.unit_id', 'k.unit_id as filed'])
    .where((eb) => eb.or([eb('k.unit_id', 'is', null), eb('k.unit_id', '!=', eb.ref('s.unit_id'))]))
    .execute();
  if (moved.length === 0) return 0;
  await db.transaction().execute(async (trx) => {
    for (const s of moved) {
      if (s.filed !== null) await trx.updateTable('indicator_monthly').set({ unit_id: s.unit_id }).where('school_id', '=', s.id).execute();
      await trx
        .insertInto('indicator_school_units')
        .values({ school_id: s.id, unit_id: s.unit_id })
        .onConflict((oc) => oc.column('school_id').doUpdateSet({ unit_id: s.unit_id }))
        .execute();
    }
    // the ward rollup follows: refolded from the school rows (rare: a school moved ward)
    await trx.deleteFrom('indicator_monthly_ward').execute();
    await sql`insert into indicator_monthly_ward (metric, month, unit_id, dim1, dim2, value)
      select metric, month, unit_id, dim1, dim2, sum(value) from indicator_monthly group by metric, month, unit_id, dim1, dim2`.execute(trx);
  });
  return moved.filter((s) => s.filed !== null).length;
}

/** Where to look: the whole city, one ward, or one school. */
export type Place = { kind: 'city' } | { kind: 'ward'; unitId: string } | { kind: 'school'; schoolId: string };

function inPlace(f: Fact, place: Place): boolean {
  if (place.kind === 'ward') return f.unitId === place.unitId;
  if (place.kind === 'school') return f.schoolId === place.schoolId;
  return true;
}

/**
 * What a read keeps apart: `city` folds wards and schools away (the city's own figures), `ward`
 * folds schools (the city's ward ranking), `school` keeps both (a ward's or a school's views).
 */
type Grain = 'city' | 'ward' | 'school';

/**
 * The additive facts of a period at a place. Whole months that were closed when the rollup last
 * built them come from the rollup; the still-open month, months never built (or built before they
 * ended) and any other period are read live from the feeds. `asOf` is when the oldest month taken
 * from the rollup was computed (null: all live). At city level schools are folded into wards, and
 * wards too unless `byWard` (a ranking of wards needs them; the city's own figures do not).
 */
export async function periodFacts(
  db: Tx,
  period: Period,
  place: Place,
  now: string,
  live = false,
  metrics?: readonly string[],
  byWard = true,
): Promise<{ facts: Fact[]; asOf: string | null }> {
  if (metrics && metrics.length === 0) return { facts: [], asOf: null };
  const grain: Grain = place.kind !== 'city' ? 'school' : byWard ? 'ward' : 'city';
  // `live`: straight from the feeds, no pre-aggregation (the benchmark's naive peer)
  const months = live ? null : monthsOf(period);
  if (!months)
    return {
      facts: fold(
        (await feedFacts(db, period, now)).filter((f) => inPlace(f, place)),
        grain,
      ),
      asOf: null,
    };
  // a month is taken from the rollup only if it was built after it ended: the month still open
  // (today's reports, acknowledgements, hand-overs) is always read live, so a leader sees today
  const { done, asOf } = await builtMonths(db, months, now);
  const facts: Fact[] = done.size > 0 ? await rolledFacts(db, [...done], place, grain, metrics) : [];
  for (const m of months.filter((x) => !done.has(x))) {
    const from = `${m}-01`;
    facts.push(...(await feedFacts(db, { from, to: addMonths(from, 1) }, now)).filter((f) => inPlace(f, place)));
  }
  return { facts: fold(facts, grain), asOf };
}

/** The built months' facts, summed over the months, from the smallest rollup table that keeps what the grain needs. */
async function rolledFacts(db: Tx, months: string[], place: Place, grain: Grain, metrics?: readonly string[]): Promise<Fact[]> {
  const rows =
    grain === 'city'
      ? await db
          .selectFrom('indicator_monthly_city')
          .select(['metric', 'dim1', 'dim2'])
          .select(sql<string>`''`.as('unit_id'))
          .select(sql<string>`''`.as('school_id'))
          .select((eb) => eb.fn.sum<number>('value').as('v'))
          .where('month', 'in', months)
          .$if(metrics !== undefined, (w) => w.where('metric', 'in', metrics as string[]))
          .groupBy(['metric', 'dim1', 'dim2'])
          .execute()
      : grain === 'ward'
        ? await db
            .selectFrom('indicator_monthly_ward')
            .select(['metric', 'unit_id', 'dim1', 'dim2'])
            .select(sql<string>`''`.as('school_id'))
            .select((eb) => eb.fn.sum<number>('value').as('v'))
            .where('month', 'in', months)
            .$if(metrics !== undefined, (w) => w.where('metric', 'in', metrics as string[]))
            .groupBy(['metric', 'unit_id', 'dim1', 'dim2'])
            .execute()
        : await db
            .selectFrom('indicator_monthly')
            .select(['metric', 'unit_id', 'school_id', 'dim1', 'dim2'])
            .select((eb) => eb.fn.sum<number>('value').as('v'))
            .where('month', 'in', months)
            .$if(place.kind === 'ward', (w) => w.where('unit_id', '=', (place as { unitId: string }).unitId))
            .$if(place.kind === 'school', (w) => w.where('school_id', '=', (place as { schoolId: string }).schoolId))
            .$if(metrics !== undefined, (w) => w.where('metric', 'in', metrics as string[]))
            .groupBy(['metric', 'unit_id', 'school_id', 'dim1', 'dim2'])
            .execute();
  return rows.map((r) => ({ metric: r.metric, unitId: r.unit_id, schoolId: r.school_id, dim1: r.dim1, dim2: r.dim2, value: Number(r.v) }));
}

/** Folds away what the grain does not keep: fewer rows, same sums. */
function fold(facts: Fact[], grain: Grain): Fact[] {
  if (grain === 'city') return merge(facts.map((f) => ({ ...f, unitId: '', schoolId: '' })));
  return grain === 'ward' ? merge(facts.map((f) => ({ ...f, schoolId: '' }))) : merge(facts);
}
