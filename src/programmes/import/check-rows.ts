import type { SchoolLevel } from '../../org/tables.js';
import { foldVietnamese } from '../../shared/text.js';
import { dayForPeople, isIsoDate } from '../dates.js';
import type { Period } from '../feed.js';
import type { SchoolRecord } from '../rules.js';
import { gradeSpan, gradesOutsideLevel } from '../sessions/grades-by-level.js';
import { MAX_ATTENDANCE, MAX_GRADE, MAX_MATERIALS, MIN_GRADE } from '../sessions/session-input.js';
import type { Audience } from '../tables.js';
import { AUDIENCE_LABELS, COLUMNS, type ColumnKey, DATA_SHEET } from './columns.js';
import type { RawRow } from './read-rows.js';

export interface RowRefusal {
  sheet: string;
  line: number;
  /** the column's header, as the template names it */
  column: string;
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

/** A school as the import checks it: where its records go, and its level (which grades it has). */
type ImportSchool = SchoolRecord & { level: SchoolLevel };

export interface RowContext {
  schoolsByCode: Map<string, ImportSchool>;
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
 * Checks one data row of the template and returns every refused cell of it, so a school
 * administrator fixes a row once instead of uploading again for each problem: formulas, required
 * cells, school (known, and one the caller may record for), date (a day, not in the future, inside
 * the period), topic, audience and grades, attendance, materials. Each refusal names its column.
 */
export function checkRow(row: RawRow, cx: RowContext): CheckedSession | RowRefusal[] {
  const refusals: RowRefusal[] = [];
  const refuse = (key: ColumnKey, code: string, params: Record<string, unknown> = {}): void => {
    refusals.push({ sheet: DATA_SHEET, line: row.line, column: header(key), code, params: { column: header(key), ...params } });
  };
  const formulaCells = new Set(row.formulas);
  for (const i of formulaCells) {
    const c = COLUMNS[i];
    if (c) refuse(c.key, 'programme_row_formula');
  }
  /** A cell still to check: not a formula (already refused) and not missing when required. */
  const v = (key: ColumnKey) => row.cells[col(key)] ?? '';
  const open = (key: ColumnKey) => !formulaCells.has(col(key));
  for (const c of COLUMNS) if (c.required && open(c.key) && v(c.key) === '') refuse(c.key, 'programme_row_required');
  const filled = (key: ColumnKey) => open(key) && v(key) !== '';

  let school: ImportSchool | undefined;
  if (filled('school')) {
    const code = v('school');
    school = cx.schoolsByCode.get(code.toUpperCase());
    if (!school) refuse('school', 'programme_row_school_unknown', { value: echo(code) });
    else if (!cx.mayImport(school)) {
      refuse('school', 'programme_row_school_forbidden', { value: echo(code) });
      school = undefined;
    }
  }

  let heldOn: string | null = null;
  if (filled('heldOn')) {
    heldOn = parseDay(v('heldOn'));
    if (!heldOn) refuse('heldOn', 'programme_row_date', { value: echo(v('heldOn')) });
    else if (heldOn > cx.today) refuse('heldOn', 'programme_row_future', { value: dayForPeople(heldOn) });
    else if (heldOn < cx.period.from || heldOn >= cx.period.to) {
      refuse('heldOn', 'programme_row_outside_period', {
        value: dayForPeople(heldOn),
        from: dayForPeople(cx.period.from),
        to: dayForPeople(lastDay(cx.period.to)),
      });
    }
  }

  const topicId = filled('topic') ? cx.topics.get(foldVietnamese(v('topic'))) : undefined;
  if (filled('topic') && !topicId) refuse('topic', 'programme_row_topic', { value: echo(v('topic')) });
  const audience = filled('audience') ? AUDIENCE_WORDS.get(foldVietnamese(v('audience'))) : undefined;
  if (filled('audience') && !audience) refuse('audience', 'programme_row_audience', { value: echo(v('audience')) });

  let grades: number[] = [];
  if (open('grades')) {
    const text = v('grades');
    if (text === '' && audience === 'students') refuse('grades', 'programme_row_required');
    else if (text !== '') {
      const parsed = parseGrades(text);
      // grades belong to student sessions only; with an unknown audience the grades are still checked
      const outside = parsed && school ? gradesOutsideLevel(school.level, parsed) : [];
      if (!parsed || (audience !== undefined && audience !== 'students')) refuse('grades', 'programme_row_grades', { value: echo(text) });
      else if (school && outside.length > 0) {
        refuse('grades', 'programme_row_grades_level', {
          value: echo(text),
          school: echo(v('school')),
          outside: outside.join(', '),
          allowed: gradeSpan(school.level),
        });
      } else grades = parsed;
    }
  }

  let attendance = Number.NaN;
  if (filled('attendance')) {
    const text = v('attendance');
    attendance = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
    if (!(attendance >= 1 && attendance <= MAX_ATTENDANCE)) {
      refuse('attendance', 'programme_row_number', { value: echo(text), min: 1, max: MAX_ATTENDANCE });
    }
  }
  const materials = open('materials') ? v('materials') : '';
  if ([...materials].length > MAX_MATERIALS) refuse('materials', 'programme_row_too_long', { max: MAX_MATERIALS });

  if (refusals.length > 0 || !school || !heldOn || !topicId || !audience) return refusals;
  return { line: row.line, school, heldOn, topicId, audience, grades, attendance, materials: materials || null };
}

/** The period's last day, for people (periods are stored with their exclusive end). */
function lastDay(to: string): string {
  const d = new Date(`${to}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
