import type { Lang } from '../shared/i18n.js';
import type { IndicatorStatus } from './compute.js';
import type { ReportContent } from './report-content.js';
import { type ExportedValue, exportValue, noDataText } from './suppress.js';

/**
 * Indicators whose numerator and denominator count schools and facilities, not children: programme
 * coverage is "1 of 6 schools held a session". Small-cell suppression exists so that no child can be
 * recognised (issue 14); a school's count points at no child, and hiding it would hide the city's
 * first target from the People's Committee. So these are exported exactly, everywhere else the
 * suppression rule stands.
 */
export const SCHOOL_COUNTED: ReadonlySet<string> = new Set(['programme_coverage']);

/** One figure as it is, no suppression (only for SCHOOL_COUNTED indicators). */
export function exactValue(
  r: { status: IndicatorStatus; value: number | null; numerator: number | null; denominator: number | null },
  lang: Lang = 'vi',
): ExportedValue {
  return {
    value: r.status === 'ok' ? (r.value ?? '') : noDataText(r.status, lang),
    numerator: r.numerator ?? '',
    denominator: r.denominator ?? '',
  };
}

type Figure = { status: IndicatorStatus; value: number | null; numerator: number | null; denominator: number | null; unit: 'percent' | 'count' };

/** One figure of `code` as a file prints it: exact when it counts schools, suppressed (suppress.ts) otherwise. */
export function exportFigure(code: string, r: Figure, lang: Lang): ExportedValue {
  return SCHOOL_COUNTED.has(code) ? exactValue(r, lang) : exportValue(r, lang);
}

/** A report's protected cells with the school-counted indicators (and their wards) put back exactly. */
export function withSchoolCountsExact<T extends { total: ExportedValue; wards: Map<string, ExportedValue> }>(
  cells: Map<string, T>,
  c: ReportContent,
): Map<string, T> {
  for (const i of c.indicators) {
    const own = cells.get(i.code);
    if (!own || !SCHOOL_COUNTED.has(i.code)) continue;
    own.total = exactValue(i);
    own.wards = new Map((c.wards.get(i.code) ?? []).map((w) => [w.id, exactValue(w)]));
  }
  return cells;
}
