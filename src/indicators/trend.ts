import type { Ctx } from '../context.js';
import { AppError } from '../shared/errors.js';
import type { Lang } from '../shared/i18n.js';
import { indicatorDef } from './catalogue.js';
import { type IndicatorStatus, measure, placeFacts } from './compute.js';
import { indicatorPolicy } from './indicator.policy.js';
import { type Granularity, trendBuckets } from './periods.js';
import { type RawIndicatorQuery, resolveQuery } from './query.js';

export interface TrendPoint {
  from: string;
  to: string;
  status: IndicatorStatus;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** One indicator over consecutive months, quarters, half-years or years of a period, at a place. */
export async function indicatorTrend(ctx: Ctx, code: string, raw: RawIndicatorQuery & { grain: Granularity }, lang: Lang): Promise<TrendPoint[]> {
  indicatorPolicy.authorize(ctx.actor, 'read');
  const def = indicatorDef(code);
  if (!def) throw new AppError(404, 'indicators_unknown_indicator');
  const { query } = await resolveQuery(ctx, raw, lang);
  const out: TrendPoint[] = [];
  for (const period of trendBuckets(query.period, raw.grain)) {
    const { facts, missing } = await placeFacts(ctx.db.kysely, { ...query, period }, def);
    const m = measure(def, facts, missing);
    out.push({ from: period.from, to: period.to, status: m.status, value: m.value, numerator: m.numerator, denominator: m.denominator });
  }
  return out;
}
