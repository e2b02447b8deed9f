import type { Tx } from '../db/database.js';
import { detectionOutcomeFeed, takedownFeed } from '../detect/feed.js';
import { blockedLookupFeed } from '../filter/stats/feed.js';
import { reportVolumeFeed, responseTimeFeed } from '../intake/feed.js';
import type { Period } from './periods.js';

/**
 * One aggregate fact in the form every indicator is computed from, whatever feed it came from:
 * a count for a metric, a ward and a school ('' when the fact has none) and up to two dimensions.
 * The rollup stores exactly these per month; a period that is not whole months reads them live.
 */
export interface Fact {
  metric: string;
  unitId: string;
  schoolId: string;
  dim1: string;
  dim2: string;
  value: number;
}

const fact = (metric: string, unitId: string | null, schoolId: string | null, dim1: string, dim2: string, value: number): Fact => ({
  metric,
  unitId: unitId ?? '',
  schoolId: schoolId ?? '',
  dim1,
  dim2,
  value,
});

/** The additive facts of a period, read from the intake, detection and filter feeds. */
export async function feedFacts(db: Tx, period: Period, asOf: string): Promise<Fact[]> {
  const [volumes, times, outcomes, takedowns, blocked] = await Promise.all([
    reportVolumeFeed(db, period),
    responseTimeFeed(db, { ...period, asOf }),
    detectionOutcomeFeed(db, period),
    takedownFeed(db, period),
    blockedLookupFeed(db, period),
  ]);
  const out: Fact[] = [];
  for (const v of volumes) {
    out.push(fact('reports', v.unitId, null, v.channel, '', v.reports));
    for (const [c, n] of Object.entries(v.categories)) out.push(fact('report_category', v.unitId, null, c, v.channel, n));
  }
  for (const r of times) {
    for (const k of ['ackJudged', 'ackOnTime', 'actionJudged', 'actionOnTime', 'acknowledged', 'ackMinutesTotal'] as const) {
      if (r[k] !== 0) out.push(fact('sla', r.unitId, null, r.priority, k, r[k]));
    }
  }
  for (const o of outcomes) out.push(fact('detect', null, null, o.outcome, o.category ?? '', o.items));
  for (const t of takedowns) out.push(fact('takedown', null, null, t.status, '', t.requests));
  for (const b of blocked) out.push(fact('blocked', b.unitId, b.schoolId, b.band, b.category, b.count));
  return merge(out);
}

/** Sums facts with the same key (two feed rows may land on one key, e.g. the same category twice). */
export function merge(facts: readonly Fact[]): Fact[] {
  const m = new Map<string, Fact>();
  for (const f of facts) {
    const k = `${f.metric}|${f.unitId}|${f.schoolId}|${f.dim1}|${f.dim2}`;
    const e = m.get(k);
    if (e) e.value += f.value;
    else m.set(k, { ...f });
  }
  return [...m.values()];
}
