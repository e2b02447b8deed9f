import type { Ctx } from '../context.js';
import type { Lang } from '../shared/i18n.js';
import { computeIndicators, type IndicatorResult } from './compute.js';
import { indicatorPolicy } from './indicator.policy.js';
import type { Period } from './periods.js';
import { type PlaceInfo, type RawIndicatorQuery, resolveQuery } from './query.js';

export interface IndicatorsView {
  period: Period;
  place: PlaceInfo;
  asOf: string | null;
  indicators: IndicatorResult[];
}

/** The indicators of the city, a ward or a school over a period: the dashboards' main read. */
export async function readIndicators(ctx: Ctx, raw: RawIndicatorQuery, lang: Lang): Promise<IndicatorsView> {
  indicatorPolicy.authorize(ctx.actor, 'read');
  const { query, place } = await resolveQuery(ctx, raw, lang);
  const { asOf, indicators } = await computeIndicators(ctx.db.kysely, query);
  return { period: query.period, place, asOf, indicators };
}
