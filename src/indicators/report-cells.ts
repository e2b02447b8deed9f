import type { IndicatorResult, Ranked } from './compute.js';
import { type Cell, mergeHidden, protectTable } from './protect-cells.js';
import type { ReportContent } from './report-content.js';
import { type ExportedValue, exportCount } from './suppress.js';

/** What a report may print of one indicator: the city total, its wards and its breakdown. */
export interface ReportCells {
  total: ExportedValue;
  /** by ward id, for the wards of c.wards (absent for a city-only indicator) */
  wards: Map<string, ExportedValue>;
  /** index-aligned with the indicator's breakdown */
  breakdown: Array<string | number>;
}

const countCell = (n: number | null): Cell => ({ status: 'ok', value: n, numerator: n, denominator: null });

/**
 * Every exported figure of a report, protected once so that the .xlsx and the .docx print the
 * same cells: a cell hidden in one file and shown in the other would undo the protection. Each
 * ward table and each breakdown dimension is a table summing to the city total; a total one of
 * them had to hide is hidden everywhere.
 */
export function reportCells(c: ReportContent): Map<string, ReportCells> {
  const out = new Map<string, ReportCells>();
  for (const i of c.indicators) out.set(i.code, indicatorCells(i, c.wards.get(i.code)));
  return out;
}

function indicatorCells(i: IndicatorResult, wards: Ranked[] | undefined): ReportCells {
  const cells: ReportCells = { total: protectTable([], i, i.unit).total, wards: new Map(), breakdown: [] };
  if (wards) {
    const t = protectTable(wards, i, i.unit);
    cells.wards = new Map(wards.map((w, n) => [w.id, t.rows[n] as ExportedValue]));
    cells.total = mergeHidden(cells.total, t.total);
  }
  const byDimension = new Map<string, number[]>();
  i.breakdown.forEach((b, n) => {
    byDimension.set(b.dimension, [...(byDimension.get(b.dimension) ?? []), n]);
  });
  cells.breakdown = i.breakdown.map(() => '');
  for (const idx of byDimension.values()) {
    const values = idx.map((n) => i.breakdown[n]?.value ?? 0);
    // only a breakdown that splits the total (reports by channel, look-ups by age band) lets a
    // reader subtract; one that does not add up (a report in two categories) is left as it is
    if (values.reduce((a, b) => a + b, 0) !== i.numerator) {
      idx.forEach((n, k) => {
        cells.breakdown[n] = exportCount(values[k] ?? 0);
      });
      continue;
    }
    const t = protectTable(values.map(countCell), i.status === 'ok' ? countCell(i.numerator) : { ...countCell(null), status: i.status }, 'count');
    idx.forEach((n, k) => {
      cells.breakdown[n] = (t.rows[k] as ExportedValue).value;
    });
    if (t.total.numerator === '*') cells.total = mergeHidden(cells.total, { value: '*', numerator: '*', denominator: '' });
  }
  return cells;
}
