import type { SchoolLevel } from '../../org/tables.js';

/**
 * The grades a school of each level teaches, first to last (0 = pre-school): mầm non and child-care
 * facilities 0, tiểu học 1–5, THCS 6–9, THPT 10–12, GDNN-GDTX centres the secondary grades 6–12, a
 * multi-level school any. One rule for the session form, the API and the .xlsx import, so a
 * primary school cannot record grade 12 by any road. The console reads it from
 * `GET /programmes/grades-by-level` (it may import only the server's types, not its code).
 */
export const GRADES_BY_LEVEL = {
  kindergarten: [0, 0],
  primary: [1, 5],
  lower_secondary: [6, 9],
  upper_secondary: [10, 12],
  multi_level: [0, 12],
  continuing_education: [6, 12],
  care_facility: [0, 0],
} as const satisfies Record<SchoolLevel, readonly [number, number]>;
export type GradesByLevel = typeof GRADES_BY_LEVEL;

/** The grades among `grades` that a school of `level` does not teach (empty when all fit). */
export function gradesOutsideLevel(level: SchoolLevel, grades: readonly number[]): number[] {
  const [first, last] = GRADES_BY_LEVEL[level];
  return grades.filter((g) => g < first || g > last);
}

/** "1–5" or "0": the grades of a level as people read them in a refusal. */
export function gradeSpan(level: SchoolLevel): string {
  const [first, last] = GRADES_BY_LEVEL[level];
  return first === last ? String(first) : `${first}–${last}`;
}
