import { victimSupportFeed, violationFeed } from '../cases/feed.js';
import type { Tx } from '../db/database.js';
import { coverageFeed } from '../programmes/feed.js';
import { periodCoverage } from './coverage-rollup.js';
import type { Fact } from './facts.js';
import type { Period } from './periods.js';

/**
 * The three targets come from the cases feature (victims supported, violators handled) and the
 * programmes feature (coverage), through the feed functions they export (the contract in
 * src/cases/feed.ts and src/programmes/feed.ts). A feed that has not landed is `null` here, and
 * its target answers "no data yet" — never a made-up 0 % or 100 %.
 */
export interface CoverageRow {
  schoolId: string;
  unitId: string | null;
  level: string;
  sessions: number;
  covered: boolean;
}
export interface VictimSupportRow {
  unitId: string | null;
  agencyId: string | null;
  asked: number;
  supported: number;
}
export interface ViolationRow {
  unitId: string | null;
  agencyId: string | null;
  reportedOrFound: number;
  handled: number;
  byDecision: Record<string, number>;
}

export interface TargetSources {
  coverage: ((db: Tx, p: Period & { minSessions: number }) => Promise<CoverageRow[]>) | null;
  victims: ((db: Tx, p: Period) => Promise<VictimSupportRow[]>) | null;
  violations: ((db: Tx, p: Period) => Promise<ViolationRow[]>) | null;
}
export type TargetSource = keyof TargetSources;

/** The feeds wired today (each line changes when its feature's feed.ts lands). */
export const TARGET_SOURCES: TargetSources = {
  coverage: coverageFeed,
  victims: victimSupportFeed,
  violations: violationFeed,
};

/**
 * The targets' facts for a period. Coverage ("at least N sessions in the period") is summed per
 * school from the monthly session counts (coverage-rollup.ts: closed months from the rollup, the
 * open month live; `live`: the feed alone). Victims and violators are read live from the cases
 * feed: a child asked in January counts as supported in a half-year if the first service began
 * before the half-year's end — a cut-off that is each period's own end, which month totals cannot
 * give without reading the cases themselves; and the feed is cheap (a city's cases in a period are
 * hundreds, against tens of thousands of sessions and counters). Returns which feeds are missing.
 */
export async function targetFacts(
  db: Tx,
  period: Period,
  minSessions: number,
  sources: TargetSources = TARGET_SOURCES,
  read: { now: string; live: boolean } = { now: new Date().toISOString(), live: true },
): Promise<{ facts: Fact[]; missing: Set<TargetSource> }> {
  const missing = new Set<TargetSource>();
  const facts: Fact[] = [];
  const f = (metric: string, unitId: string | null, schoolId: string, dim1: string, dim2: string, value: number) =>
    facts.push({ metric, unitId: unitId ?? '', schoolId, dim1, dim2, value });
  if (sources.coverage) {
    for (const r of await periodCoverage(db, { ...period, minSessions }, read.now, sources.coverage, read.live)) {
      f('coverage', r.unitId, r.schoolId, r.level, r.covered ? 'covered' : 'not_covered', 1);
      f('coverage_sessions', r.unitId, r.schoolId, r.level, '', r.sessions);
    }
  } else missing.add('coverage');
  if (sources.victims) {
    for (const r of await sources.victims(db, period)) {
      f('victims', r.unitId, '', 'asked', '', r.asked);
      f('victims', r.unitId, '', 'supported', '', r.supported);
    }
  } else missing.add('victims');
  if (sources.violations) {
    for (const r of await sources.violations(db, period)) {
      f('violations', r.unitId, '', 'reported_or_found', '', r.reportedOrFound);
      f('violations', r.unitId, '', 'handled', '', r.handled);
      for (const [d, n] of Object.entries(r.byDecision)) f('violation_decision', r.unitId, '', d, '', n);
    }
  } else missing.add('violations');
  return { facts, missing };
}
