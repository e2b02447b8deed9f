import type { Tx } from '../db/database.js';
import type { Lang } from '../shared/i18n.js';
import { INDICATORS, type IndicatorDef } from './catalogue.js';
import type { Fact } from './facts.js';
import { dimensionLabels, placeNames } from './labels.js';
import type { Period } from './periods.js';
import { type Place, periodFacts } from './rollup.js';
import { TARGET_SOURCES, type TargetSources, targetFacts } from './target-feeds.js';

/**
 * - `ok`: measured;
 * - `no_data`: the feed is there but the period has nothing to divide by (no school, no victim…);
 * - `no_feed`: the feature that feeds it has not landed or is not switched on — "chưa có dữ liệu".
 * A percentage is never made up: both of the last two carry `value: null`.
 */
export type IndicatorStatus = 'ok' | 'no_data' | 'no_feed';

export interface IndicatorResult {
  code: string;
  group: 'target' | 'volume';
  unit: 'percent' | 'count';
  grain: 'school' | 'ward' | 'city';
  status: IndicatorStatus;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  label: string;
  definition: { numerator: string; denominator: string; period: string; consent: string; source: string };
  breakdown: Array<{ dimension: string; key: string; label: string; value: number }>;
}

export interface Ranked {
  id: string;
  name: string;
  status: IndicatorStatus;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

export interface IndicatorQuery {
  period: Period;
  place: Place;
  minSessions: number;
  now: string;
  lang: Lang;
  sources?: TargetSources;
  /** read the feeds directly, skipping the monthly rollup (the benchmark's naive peer) */
  live?: boolean;
}

/** Everything a place's indicators are computed from: the rollup's facts and the targets' live facts. */
export async function placeFacts(db: Tx, q: IndicatorQuery, only?: IndicatorDef): Promise<{ facts: Fact[]; missing: Set<string>; asOf: string | null }> {
  // one indicator (a ranking, a trend) reads only the target feed it needs, if any
  const all = q.sources ?? TARGET_SOURCES;
  const sources: TargetSources = only ? { coverage: null, victims: null, violations: null, ...(only.needs ? { [only.needs]: all[only.needs] } : {}) } : all;
  const [rolled, targets] = await Promise.all([
    // the city's own indicators need no ward (rankings do): they read the city-level rollup
    periodFacts(db, q.period, q.place, q.now, q.live, only?.metrics, only !== undefined),
    targetFacts(db, q.period, q.minSessions, sources, { now: q.now, live: q.live === true }),
  ]);
  const place = q.place;
  const here = targets.facts.filter((f) =>
    place.kind === 'ward' ? f.unitId === place.unitId : place.kind === 'school' ? f.schoolId === place.schoolId : true,
  );
  return { facts: [...rolled.facts, ...here], missing: targets.missing, asOf: rolled.asOf };
}

/** The indicators that can be shown at a place (detection has no ward; a school has no reports of its own). */
export function indicatorsAt(place: Place): IndicatorDef[] {
  return INDICATORS.filter((d) => place.kind === 'city' || (place.kind === 'ward' ? d.grain !== 'city' : d.grain === 'school'));
}

export function measure(
  def: IndicatorDef,
  facts: readonly Fact[],
  missing: ReadonlySet<string>,
): Pick<IndicatorResult, 'status' | 'value' | 'numerator' | 'denominator'> & { breakdown: IndicatorResult['breakdown'] } {
  if (def.needs && missing.has(def.needs)) return { status: 'no_feed', value: null, numerator: null, denominator: null, breakdown: [] };
  const c = def.compute(facts);
  const breakdown = c.breakdown.map((b) => ({ ...b, label: '' }));
  if (c.denominator === null) return { status: 'ok', value: c.numerator, numerator: c.numerator, denominator: null, breakdown };
  if (c.denominator === 0) return { status: 'no_data', value: null, numerator: 0, denominator: 0, breakdown };
  return { status: 'ok', value: round1((100 * c.numerator) / c.denominator), numerator: c.numerator, denominator: c.denominator, breakdown };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The indicators of a place and period, each with its definition and breakdown, in the caller's language. */
export async function computeIndicators(db: Tx, q: IndicatorQuery): Promise<{ asOf: string | null; indicators: IndicatorResult[] }> {
  const { facts, missing, asOf } = await placeFacts(db, q);
  const label = await dimensionLabels(db);
  const indicators = indicatorsAt(q.place).map((def) => {
    const m = measure(def, facts, missing);
    return {
      code: def.code,
      group: def.group,
      unit: def.unit,
      grain: def.grain,
      ...m,
      breakdown: m.breakdown.map((b) => ({ ...b, label: label(b.dimension, b.key, q.lang) })),
      label: def.label[q.lang],
      definition: {
        // the coverage rule with its N written in ("at least 2 sessions"), so the number says what it counts
        numerator: def.definition.numerator[q.lang].replace(/\bN\b/, String(q.minSessions)),
        denominator: def.definition.denominator[q.lang],
        period: def.definition.period[q.lang],
        consent: def.definition.consent[q.lang],
        source: def.definition.source[q.lang],
      },
    };
  });
  return { asOf, indicators };
}

/**
 * One indicator for every ward of the city (or every school of a ward), best first; places
 * without data last. Wards come from the units list, so a ward with nothing shows, not vanishes.
 */
export async function rankPlaces(db: Tx, def: IndicatorDef, q: IndicatorQuery): Promise<Ranked[]> {
  const { facts, missing } = await placeFacts(db, q, def);
  const names = await placeNames(db, q.lang);
  const byWards = q.place.kind === 'city';
  const groups = new Map<string, Fact[]>();
  if (byWards) {
    for (const u of await db.selectFrom('units').select('id').where('kind', '!=', 'city').execute()) groups.set(u.id, []);
  } else if (q.place.kind === 'ward') {
    for (const s of await db.selectFrom('schools').select('id').where('unit_id', '=', q.place.unitId).execute()) groups.set(s.id, []);
  }
  for (const f of facts) {
    const k = byWards ? f.unitId : f.schoolId;
    if (!k) continue;
    let g = groups.get(k);
    if (!g) {
      g = [];
      groups.set(k, g);
    }
    g.push(f);
  }
  const out: Ranked[] = [...groups].map(([id, fs]) => {
    const m = measure(def, fs, missing);
    return { id, name: byWards ? names.ward(id) : names.school(id), status: m.status, value: m.value, numerator: m.numerator, denominator: m.denominator };
  });
  return out.sort((a, b) => (b.value ?? -1) - (a.value ?? -1) || a.name.localeCompare(b.name, 'vi'));
}
