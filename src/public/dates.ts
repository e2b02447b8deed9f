import { AppError } from '../shared/errors.js';

/**
 * Dates as people in Vietnam write them: dd/mm/yyyy, on Hanoi's calendar (UTC+7 all year, no
 * daylight saving, so a fixed offset is exact). The status page shows them so; the report form
 * reads them so (and still takes yyyy-mm-dd, what a browser's date picker sends).
 */
const HANOI_OFFSET_MS = 7 * 3600_000;

/** "2026-12-05T20:30:00Z" → "06/12/2026" (already the next day in Hanoi). */
export function vnDate(iso: string): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return '';
  const d = new Date(at + HANOI_OFFSET_MS);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${p2(d.getUTCDate())}/${p2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** Today's date in Hanoi as yyyy-mm-dd. */
function hanoiToday(now: Date): string {
  return new Date(now.getTime() + HANOI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * What a reporter typed as the date of the incident → yyyy-mm-dd, or null when left empty.
 * A date that does not exist, is before 2000 or after today (in Hanoi) is refused, naming the field.
 */
export function readIncidentDate(raw: string | undefined, now: Date): string | null {
  const s = (raw ?? '').trim();
  if (!s) return null;
  let y: number;
  let m: number;
  let d: number;
  const vn = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(s);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (vn) [d, m, y] = [Number(vn[1]), Number(vn[2]), Number(vn[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else throw new AppError(400, 'public_bad_date');
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) throw new AppError(400, 'public_bad_date');
  const out = date.toISOString().slice(0, 10);
  if (y < 2000) throw new AppError(400, 'public_bad_date');
  if (out > hanoiToday(now)) throw new AppError(400, 'public_future_date');
  return out;
}

/** "14:05" in Hanoi, for "the PIN shows until 14:05". */
export function vnTime(ms: number): string {
  return new Date(ms + HANOI_OFFSET_MS).toISOString().slice(11, 16);
}
