import { foldVietnamese } from '../../shared/text.js';
import { isIsoDate } from '../dates.js';
import type { Period } from '../feed.js';
import type { SchoolRecord } from '../rules.js';
import { MAX_ATTENDANCE, MAX_GRADE, MAX_MATERIALS, MIN_GRADE } from '../sessions/session-input.js';
import type { Audience } from '../tables.js';
import { AUDIENCE_LABELS, COLUMNS, type ColumnKey, DATA_SHEET } from './columns.js';
import type { RawRow } from './read-rows.js';

export interface RowRefusal {
  sheet: string;
  line: number;
  code: string;
  params: Record<string, unknown>;
}

export interface CheckedSession {
  line: number;
  school: SchoolRecord;
  heldOn: string;
  topicId: string;
  audience: Audience;
  grades: number[];
  attendance: number;
  materials: string | null;
}

export interface RowContext {
  schoolsByCode: Map<string, SchoolRecord>;
  /** folded topic name or code → topic id (active topics only) */
  topics: Map<string, string>;
  period: Period;
  today: string;
  mayImport(school: SchoolRecord): boolean;
}

const col = (key: ColumnKey) => COLUMNS.findIndex((c) => c.key === key);
const header = (key: ColumnKey) => COLUMNS[col(key)]?.header ?? key;
const echo = (s: string) => (s.length > 60 ? `${s.slice(0, 60)}…` : s);
const AUDIENCE_WORDS = new Map<string, Audience>(
  (Object.entries(AUDIENCE_LABELS) as [Audience, { accepts: string[] }][]).flatMap(([a, l]) => l.accepts.map((w) => [w, a] as const)),
);

/** 15/10/2025, 15-10-2025, 2025-10-15 (and Excel dates, which arrive as 2025-10-15) → YYYY-MM-DD, or null. */
export function parseDay(text: string): string | null {
  let iso = text;
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (dmy) iso = `${dmy[3]}-${dmy[2]?.padStart(2, '0')}-${dmy[1]?.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** "3", "6-9", "6, 7", "6;7" → sorted distinct grades, or null when anything is not a grade. */
export function parseGrades(text: string): number[] | null {
  const out = new Set<number>();
  for (const part of text.split(/[,;]/).map((p) => p.trim())) {
    if (part === '') continue;
    const range = /^(\d{1,2})\s*[-–]\s*(\d{1,2})$/.exec(part);
    const [a, b] = range ? [Number(range[1]), Number(range[2])] : /^\d{1,2}$/.test(part) ? [Number(part), Number(part)] : [Number.NaN, Number.NaN];
    if (!(a >= MIN_GRADE && b <= MAX_GRADE && a <= b)) return null;
    for (let g = a; g <= b; g++) out.add(g);
  }
  return out.size > 0 ? [...out].sort((x, y) => x - y) : null;
}

/**
 * Checks one data row of the template. The first problem of a row is its reason (the user fixes
 * the row and sees the next, as a form would): formulas, required cells, school (known, and one
 * the caller may record for), date (a day, not in the future, inside the period), topic, audience
 * and grades, attendance, materials.
 */
export function checkRow(row: RawRow, cx: RowContext): CheckedSession | RowRefusal {
  const refuse = (code: string, params: Record<string, unknown> = {}): RowRefusal => ({ sheet: DATA_SHEET, line: row.line, code, params });
  if (row.formulas.length > 0) return refuse('programme_row_formula', { column: COLUMNS[row.formulas[0] as number]?.header });
  const v = (key: ColumnKey) => row.cells[col(key)] ?? '';
  for (const c of COLUMNS) if (c.required && v(c.key) === '') return refuse('programme_row_required', { column: c.header });

  const code = v('school');
  const school = cx.schoolsByCode.get(code.toUpperCase());
  if (!school) return refuse('programme_row_school_unknown', { value: echo(code) });
  if (!cx.mayImport(school)) return refuse('programme_row_school_forbidden', { value: echo(code) });

  const heldOn = parseDay(v('heldOn'));
  if (!heldOn) return refuse('programme_row_date', { column: header('heldOn'), value: echo(v('heldOn')) });
  if (heldOn > cx.today) return refuse('programme_row_future', { column: header('heldOn'), value: heldOn });
  if (heldOn < cx.period.from || heldOn >= cx.period.to) {
    return refuse('programme_row_outside_period', { column: header('heldOn'), value: heldOn, from: cx.period.from, to: lastDay(cx.period.to) });
  }

  const topicId = cx.topics.get(foldVietnamese(v('topic')));
  if (!topicId) return refuse('programme_row_topic', { value: echo(v('topic')) });
  const audience = AUDIENCE_WORDS.get(foldVietnamese(v('audience')));
  if (!audience) return refuse('programme_row_audience', { value: echo(v('audience')) });
  let grades: number[] = [];
  if (audience === 'students') {
    if (v('grades') === '') return refuse('programme_row_required', { column: header('grades') });
    const parsed = parseGrades(v('grades'));
    if (!parsed) return refuse('programme_row_grades', { value: echo(v('grades')) });
    grades = parsed;
  } else if (v('grades') !== '') {
    return refuse('programme_row_grades', { value: echo(v('grades')) });
  }
  const attendanceText = v('attendance');
  const attendance = /^\d{1,6}$/.test(attendanceText) ? Number(attendanceText) : Number.NaN;
  if (!(attendance >= 1 && attendance <= MAX_ATTENDANCE)) {
    return refuse('programme_row_number', { column: header('attendance'), value: echo(attendanceText), min: 1, max: MAX_ATTENDANCE });
  }
  const materials = v('materials');
  if ([...materials].length > MAX_MATERIALS) return refuse('programme_row_too_long', { column: header('materials'), max: MAX_MATERIALS });
  return { line: row.line, school, heldOn, topicId, audience, grades, attendance, materials: materials || null };
}

/** The period's last day, for people (periods are stored with their exclusive end). */
function lastDay(to: string): string {
  const d = new Date(`${to}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
