import type { Ctx } from '../context.js';
import { AppError } from '../shared/errors.js';
import type { Lang } from '../shared/i18n.js';
import { indicatorDef } from './catalogue.js';
import { type Ranked, rankPlaces } from './compute.js';
import { indicatorPolicy } from './indicator.policy.js';
import { type RawIndicatorQuery, resolveQuery } from './query.js';

/** One indicator for every ward of the city, or every school of a ward, best first. */
export async function rankIndicator(ctx: Ctx, code: string, raw: RawIndicatorQuery, lang: Lang): Promise<Ranked[]> {
  indicatorPolicy.authorize(ctx.actor, 'read');
  const def = indicatorDef(code);
  if (!def) throw new AppError(404, 'indicators_unknown_indicator');
  const { query } = await resolveQuery(ctx, { ...raw, schoolId: undefined }, lang);
  const level = query.place.kind === 'city' ? 'ward' : 'school';
  if (def.grain === 'city' || (level === 'school' && def.grain !== 'school'))
    throw new AppError(400, 'indicators_not_per_place', { level: lang === 'vi' ? (level === 'ward' ? 'phường, xã' : 'trường') : level });
  return rankPlaces(ctx.db.kysely, def, query);
}
