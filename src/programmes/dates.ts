import { AppError } from '../shared/errors.js';
import type { Clock } from '../shared/time.js';
import { FIELD, type FieldName } from './field-labels.js';

/** The earliest date a record may carry: the platform keeps no programme history before it. */
export const MIN_DATE = '2015-01-01';

const HANOI_OFFSET_MS = 7 * 3600_000; // Hà Nội has no daylight saving time

/** Today in Hà Nội, YYYY-MM-DD: "in the future" is judged by the day people live in. */
export function hanoiToday(clock: Clock): string {
  return new Date(clock().getTime() + HANOI_OFFSET_MS).toISOString().slice(0, 10);
}

/** True when `s` is a real calendar day written YYYY-MM-DD (2025-02-30 is not). */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A stored day (YYYY-MM-DD) as people in Việt Nam write it, dd/mm/yyyy; other text is returned as it is. */
export function dayForPeople(iso: string): string {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return d ? `${d[3]}/${d[2]}/${d[1]}` : iso;
}

/** A day something was held: a real date, not after today (Hà Nội), not before MIN_DATE. Throws 400 naming the field. */
export function checkPastDate(name: FieldName, value: string, clock: Clock): string {
  const field = FIELD[name];
  if (!isIsoDate(value)) throw new AppError(400, 'programme_date_invalid', { field, value: value.slice(0, 20) });
  if (value > hanoiToday(clock)) throw new AppError(400, 'programme_date_future', { field, value });
  if (value < MIN_DATE) throw new AppError(400, 'programme_date_too_old', { field, value, min: MIN_DATE });
  return value;
}
