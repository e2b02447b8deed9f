import ExcelJS from 'exceljs';
import type { IndicatorResult } from './compute.js';
import { type ReportCells, reportCells } from './report-cells.js';
import { periodNotEndedText, periodRange, type ReportContent } from './report-content.js';
import { withSchoolCountsExact } from './school-counted.js';
import { SUPPRESSION_NOTE } from './suppress.js';

/** Excel refuses sheet names over 31 characters or with []:*?/\ in them. */
function sheetName(label: string, used: Set<string>): string {
  const base = label
    .replace(/[[\]:*?/\\]/g, ' ')
    .slice(0, 28)
    .trim();
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base.slice(0, 26)} ${i}`;
  used.add(name);
  return name;
}

const unitText = (i: Pick<IndicatorResult, 'unit'>) => (i.unit === 'percent' ? '%' : 'số lượng');

/**
 * The report as a workbook: a summary sheet (every indicator with its definition) and one sheet
 * per indicator with a row per ward. Small cells are suppressed, and every sheet says so.
 */
export async function writeReportXlsx(c: ReportContent): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lá Chắn Hà Nội';
  wb.created = new Date(`${c.date}T00:00:00Z`);
  const used = new Set<string>();
  // protected once for the whole workbook: a total hidden on one sheet is hidden on the summary too
  // programme coverage counts schools, not children: exact (school-counted.ts)
  const cells = withSchoolCountsExact(reportCells(c), c);
  const cellsOf = (code: string) => cells.get(code) as ReportCells;
  const summary = wb.addWorksheet(sheetName('Tổng hợp', used));
  summary.addRow([c.title]).font = { bold: true, size: 13 };
  summary.addRow([`Kỳ báo cáo: ${c.periodText} (${periodRange(c.period)})`]);
  const notEnded = periodNotEndedText(c);
  if (notEnded) summary.addRow([notEnded]).font = { italic: true, color: { argb: 'FFD4380D' } };
  summary.addRow([]);
  const head = summary.addRow([
    'Chỉ số',
    'Giá trị',
    'Đơn vị',
    'Tử số',
    'Mẫu số',
    'Định nghĩa tử số',
    'Định nghĩa mẫu số',
    'Kỳ tính',
    'Loại trừ theo đồng ý',
    'Nguồn',
  ]);
  head.font = { bold: true };
  for (const i of c.indicators) {
    const v = cellsOf(i.code).total;
    summary.addRow([
      i.label,
      v.value,
      unitText(i),
      v.numerator,
      v.denominator,
      i.definition.numerator,
      i.definition.denominator,
      i.definition.period,
      i.definition.consent,
      i.definition.source,
    ]);
  }
  summary.addRow([]);
  summary.addRow([SUPPRESSION_NOTE.vi]).font = { italic: true };
  summary.columns.forEach((col, n) => {
    col.width = n === 0 ? 48 : n < 5 ? 12 : 40;
  });

  for (const i of c.indicators) {
    const ws = wb.addWorksheet(sheetName(i.label, used));
    ws.addRow([i.label]).font = { bold: true };
    ws.addRow([`Tử số: ${i.definition.numerator}`]);
    ws.addRow([`Mẫu số: ${i.definition.denominator}`]);
    ws.addRow([`Nguồn: ${i.definition.source}. ${i.definition.consent}`]);
    ws.addRow([]);
    const wards = c.wards.get(i.code);
    const own = cellsOf(i.code);
    const v = own.total;
    if (wards) {
      ws.addRow(['Phường, xã', `Giá trị (${unitText(i)})`, 'Tử số', 'Mẫu số']).font = { bold: true };
      for (const w of wards) {
        const wv = own.wards.get(w.id);
        ws.addRow([w.name, wv?.value ?? '', wv?.numerator ?? '', wv?.denominator ?? '']);
      }
      ws.addRow(['Toàn thành phố', v.value, v.numerator, v.denominator]).font = { bold: true };
    } else {
      ws.addRow(['Chỉ số tính cho toàn thành phố (không chia theo phường, xã)']);
      ws.addRow(['Toàn thành phố', v.value, v.numerator, v.denominator]).font = { bold: true };
      ws.addRow([]);
      ws.addRow(['Chi tiết', 'Số lượng']).font = { bold: true };
      i.breakdown.forEach((b, n) => {
        ws.addRow([b.label, own.breakdown[n] ?? '']);
      });
    }
    ws.addRow([]);
    ws.addRow([SUPPRESSION_NOTE.vi]).font = { italic: true };
    ws.getColumn(1).width = 44;
    for (const n of [2, 3, 4]) ws.getColumn(n).width = 14;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
