import type { Lang } from '../shared/i18n.js';
import type { IndicatorStatus } from './compute.js';
import { type ExportedValue, exportValue, SMALL_CELL } from './suppress.js';

/**
 * Secondary (complementary) suppression. A table of places (or of a breakdown) whose cells add up
 * to a published total gives a suppressed cell away by subtraction: wards 3, 12, 9 and a city
 * total of 24 turn the "<5" back into 3. So, per column, this works out what a reader can derive
 * for each suppressed cell from the total and the cells still shown, and while some suppressed
 * cell can be pinned to one value it hides a second cell — the smallest non-zero one still shown,
 * to lose the least — written "*". When no cell is left to hide, the whole line is hidden (see
 * hideLine), and only as the last resort the total.
 *
 * What the reader is assumed to know (on the safe side): the exact sum of the hidden cells (as if
 * the total held no unplaced remainder), that "<5" is 1–4, that a complementary "*" count is at
 * least 5 (they can read this rule), and that a hidden numerator lies between 0 and its shown
 * denominator. A cell is protected when at least two values stay possible for it.
 */
export interface Cell {
  status: IndicatorStatus;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}
type Column = 'numerator' | 'denominator';

export interface ProtectedTable {
  rows: ExportedValue[];
  total: ExportedValue;
}

export const COMPLEMENT = '*';

const isHidden = (v: string | number) => typeof v === 'string' && v !== '';

/** The suppressed rows and total of one table, every column protected against subtraction. */
export function protectTable(rows: readonly Cell[], total: Cell, unit: 'percent' | 'count', lang: Lang = 'vi'): ProtectedTable {
  const out = rows.map((r) => exportValue({ ...r, unit }, lang));
  const tot = exportValue({ ...total, unit }, lang);
  // the denominators first: a hidden numerator's range depends on whether its denominator shows
  const columns: Column[] = unit === 'percent' ? ['denominator', 'numerator'] : ['numerator'];
  for (const col of columns) protectColumn(rows, out, tot, col, unit);
  return { rows: out, total: tot };
}

function protectColumn(rows: readonly Cell[], out: ExportedValue[], tot: ExportedValue, col: Column, unit: 'percent' | 'count'): void {
  // a total that is itself hidden (or not a number) gives no sum to subtract from
  if (typeof tot[col] !== 'number') return;
  const actual = rows.map((r) => (r.status === 'ok' ? (r[col] ?? 0) : 0));
  const bounds = new Map<number, [number, number]>();
  out.forEach((v, i) => {
    if (isHidden(v[col])) bounds.set(i, primaryBounds(v, col));
  });
  const primaries = [...bounds.keys()];
  if (primaries.length === 0) return;
  while (primaries.some((p) => pinned(p, bounds, actual))) {
    let pick = -1;
    out.forEach((v, i) => {
      const a = actual[i] ?? 0;
      if (!bounds.has(i) && a > 0 && typeof v[col] === 'number' && (pick < 0 || a < (actual[pick] ?? 0))) pick = i;
    });
    if (pick < 0) {
      hideLine(out, tot, col, unit, actual);
      return;
    }
    const v = out[pick] as ExportedValue;
    hide(v, col, unit);
    const den = v.denominator;
    bounds.set(pick, [SMALL_CELL, col === 'numerator' && unit === 'percent' && typeof den === 'number' ? den : Number.POSITIVE_INFINITY]);
  }
}

/**
 * No cell is left to hide: every non-zero cell of the line becomes "*" (no longer "<5", so a
 * reader cannot tell the small ones from the others) and the total stays — the headline figure
 * matters more than one line of a breakdown. Only if even that pins a cell (every cell 1) does
 * the total go.
 */
function hideLine(out: ExportedValue[], tot: ExportedValue, col: Column, unit: 'percent' | 'count', actual: number[]): void {
  const bounds = new Map<number, [number, number]>();
  out.forEach((v, i) => {
    if ((actual[i] ?? 0) === 0 && !isHidden(v[col])) return;
    hide(v, col, unit);
    const den = v.denominator;
    bounds.set(i, col === 'numerator' && unit === 'percent' ? [0, typeof den === 'number' ? den : Number.POSITIVE_INFINITY] : [1, Number.POSITIVE_INFINITY]);
  });
  if ([...bounds.keys()].some((p) => pinned(p, bounds, actual))) hide(tot, col, unit);
}

/** What a reader knows of a cell the first rule hid. */
function primaryBounds(v: ExportedValue, col: Column): [number, number] {
  if (v[col] === `<${SMALL_CELL}`) return [1, SMALL_CELL - 1];
  // a percentage's numerator hidden with "*": somewhere between 0 and its denominator
  const den = v.denominator;
  return [0, typeof den === 'number' ? den : den === `<${SMALL_CELL}` ? SMALL_CELL - 1 : Number.POSITIVE_INFINITY];
}

/** Whether the sum of the hidden cells and the others' ranges leave cell p a single value. */
function pinned(p: number, bounds: Map<number, [number, number]>, actual: number[]): boolean {
  let sum = 0;
  let othersLo = 0;
  let othersHi = 0;
  for (const [i, [lo, hi]] of bounds) {
    sum += actual[i] ?? 0;
    if (i === p) continue;
    othersLo += lo;
    othersHi += hi;
  }
  const [lo, hi] = bounds.get(p) as [number, number];
  return Math.min(hi, sum - othersLo) <= Math.max(lo, sum - othersHi);
}

function hide(v: ExportedValue, col: Column, unit: 'percent' | 'count'): void {
  v[col] = COMPLEMENT;
  // the value would give the hidden cell back: a count is the cell, a percentage divides by it
  v.value = COMPLEMENT;
  if (unit === 'count') v.numerator = COMPLEMENT;
}

/** One field hidden in either of two protections of the same total is hidden in both. */
export function mergeHidden(a: ExportedValue, b: ExportedValue): ExportedValue {
  const pick = (x: string | number, y: string | number) => (y === COMPLEMENT ? y : x);
  return { value: pick(a.value, b.value), numerator: pick(a.numerator, b.numerator), denominator: pick(a.denominator, b.denominator) };
}
