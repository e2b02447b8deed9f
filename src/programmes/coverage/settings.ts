import type { Tx } from '../../db/database.js';
import { AppError } from '../../shared/errors.js';
import { jsonOr } from '../../shared/json.js';

/**
 * Coverage settings, the city's to change: how many sessions make a school "covered" in a period,
 * and where the school year and its semesters begin and end (month-day, Hà Nội). Defaults follow
 * the usual Hà Nội calendar: the year runs 1 September – 31 May (end exclusive: 1 June), the
 * second semester starts on 16 January.
 */
export interface CoverageSettings {
  minSessions: number;
  /** MM-DD */
  yearStart: string;
  /** MM-DD, in the calendar year after yearStart */
  semester2Start: string;
  /** MM-DD, first day after the school year, in the calendar year after yearStart */
  yearEnd: string;
}

export const DEFAULT_SETTINGS: CoverageSettings = { minSessions: 2, yearStart: '09-01', semester2Start: '01-16', yearEnd: '06-01' };
const KEY = 'coverage';

export async function readCoverageSettings(db: Tx): Promise<CoverageSettings> {
  const row = await db.selectFrom('programme_settings').select('value').where('key', '=', KEY).executeTakeFirst();
  return { ...DEFAULT_SETTINGS, ...jsonOr<Partial<CoverageSettings>>(row?.value, {}) };
}

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Checks a new set of settings: valid month-days, the second semester inside the year. */
export function checkCoverageSettings(s: CoverageSettings): CoverageSettings {
  for (const k of ['yearStart', 'semester2Start', 'yearEnd'] as const) {
    if (!MONTH_DAY.test(s[k]) || s[k] === '02-29' || s[k] === '02-30' || s[k] === '02-31')
      throw new AppError(400, 'programme_settings_invalid', { detail: `${k}: ${s[k].slice(0, 10)}` });
  }
  // yearStart is in year Y, the others in Y+1 (a school year crosses New Year)
  if (!(s.semester2Start < s.yearEnd && s.yearEnd <= s.yearStart)) {
    throw new AppError(400, 'programme_settings_invalid', { detail: 'semester2Start < yearEnd ≤ yearStart' });
  }
  return s;
}

export async function saveCoverageSettings(trx: Tx, s: CoverageSettings, now: string): Promise<void> {
  const value = JSON.stringify(checkCoverageSettings(s));
  await trx
    .insertInto('programme_settings')
    .values({ key: KEY, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
    .execute();
}
