import type { Ctx } from '../context.js';
import type { Tx } from '../db/database.js';
import { readCoverageSettings } from '../programmes/coverage/settings.js';
import { AppError } from '../shared/errors.js';
import type { Lang } from '../shared/i18n.js';
import type { IndicatorQuery } from './compute.js';
import { checkPeriod } from './periods.js';
import type { Place } from './rollup.js';

/** What a caller sends to ask for indicators: a period, optionally a ward or a school. */
export interface RawIndicatorQuery {
  from: string;
  to: string;
  unitId?: string | undefined;
  schoolId?: string | undefined;
  minSessions?: number | undefined;
}

export interface PlaceInfo {
  kind: Place['kind'];
  id: string | null;
  name: string;
  /** the ward a school is in (for the way back up) */
  unitId: string | null;
}

/** Checks the period and the place (a ward or school that does not exist is a 400 naming the field). */
export async function resolveQuery(ctx: Ctx, raw: RawIndicatorQuery, lang: Lang): Promise<{ query: IndicatorQuery; place: PlaceInfo }> {
  const now = ctx.clock().toISOString();
  const period = checkPeriod({ from: raw.from, to: raw.to }, now.slice(0, 10));
  const db = ctx.db.kysely;
  let place: Place = { kind: 'city' };
  let info: PlaceInfo = { kind: 'city', id: null, name: lang === 'vi' ? 'Thành phố Hà Nội' : 'Hanoi City', unitId: null };
  if (raw.schoolId !== undefined) {
    const s = await db.selectFrom('schools').select(['id', 'name', 'unit_id']).where('id', '=', raw.schoolId).executeTakeFirst();
    if (!s) throw new AppError(400, 'indicators_unknown_school');
    place = { kind: 'school', schoolId: s.id };
    info = { kind: 'school', id: s.id, name: s.name, unitId: s.unit_id };
  } else if (raw.unitId !== undefined) {
    const u = await db.selectFrom('units').select(['id', 'name', 'name_en', 'kind']).where('id', '=', raw.unitId).executeTakeFirst();
    if (!u || u.kind === 'city') throw new AppError(400, 'indicators_unknown_ward');
    place = { kind: 'ward', unitId: u.id };
    info = { kind: 'ward', id: u.id, name: lang === 'vi' ? u.name : u.name_en, unitId: u.id };
  }
  // "covered" means what the programmes coverage page means: the city's minimum number of sessions
  const minSessions = raw.minSessions ?? (await cityMinSessions(db));
  return { query: { period, place, minSessions, now, lang }, place: info };
}

/** The city's setting for how many sessions in a period make a school "covered" (programmes' coverage settings). */
export async function cityMinSessions(db: Tx): Promise<number> {
  return (await readCoverageSettings(db)).minSessions;
}
