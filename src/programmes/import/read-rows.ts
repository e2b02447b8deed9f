import { Readable } from 'node:stream';
import type { CellValue } from 'exceljs';
import { cellText, ImportFileError, inspectXlsx } from '../../org/schools/import-file.js';
import { AppError } from '../../shared/errors.js';
import { foldVietnamese } from '../../shared/text.js';
import { COLUMNS, DATA_SHEET, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from './columns.js';

/** One data line of the sheet as the user sees it: its number, each column's text, which columns held formulas. */
export interface RawRow {
  line: number;
  cells: string[];
  formulas: number[];
}

const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];

/**
 * Reads the data sheet of an import workbook, streaming (exceljs' WorkbookReader: the sheet's XML
 * is parsed as it inflates, rows are handed over one by one). Before a byte is inflated, the
 * platform's ZIP guard (org/schools/import-file.ts `inspectXlsx`: declared and real sizes, ratio,
 * entry count) refuses zip bombs. Whole-file problems throw ImportFileError (nothing is imported):
 * not an .xlsx, too large, no data sheet, headers not the template's, more than MAX_IMPORT_ROWS
 * data rows (reading stops there, so a 100,000-row file costs the time of 20,000).
 */
export async function readImportRows(bytes: Buffer, onProgress: (rowsRead: number) => Promise<void> = async () => {}): Promise<RawRow[]> {
  guardWorkbook(bytes);
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache', // dates are told from numbers by their cell style
    worksheets: 'emit',
    entries: 'emit',
  });
  const wanted = foldVietnamese(DATA_SHEET);
  const rows: RawRow[] = [];
  let found = false;
  try {
    for await (const sheet of reader) {
      const name = (sheet as unknown as { name?: string }).name ?? '';
      const isData = foldVietnamese(name) === wanted;
      for await (const row of sheet) {
        if (!isData) continue; // other sheets are read through (a stream cannot skip), never kept
        const values = row.values as CellValue[];
        const cells: string[] = [];
        const formulas: number[] = [];
        for (let c = 0; c < COLUMNS.length; c++) {
          const { text, formula } = cellText(values[c + 1] ?? null);
          cells.push(text.trim());
          if (formula) formulas.push(c);
        }
        if (row.number === 1) {
          checkHeaders(cells);
          continue;
        }
        if (cells.every((x) => x === '') && formulas.length === 0) continue;
        if (rows.length >= MAX_IMPORT_ROWS) throw new ImportFileError(400, 'programme_import_too_many_rows', { limit: MAX_IMPORT_ROWS });
        rows.push({ line: row.number, cells, formulas });
        if (rows.length % 1000 === 0) await onProgress(rows.length);
      }
      if (isData) found = true;
    }
  } catch (err) {
    // the file's own faults, and the platform's (a progress write while the database is away: 503), say so;
    // anything else the reader throws is a workbook it cannot read
    if (err instanceof AppError) throw err;
    throw new ImportFileError(400, 'import_xlsx_invalid');
  }
  if (!found) throw new ImportFileError(400, 'programme_import_wrong_sheet', { sheet: DATA_SHEET });
  if (rows.length === 0) throw new ImportFileError(400, 'programme_import_empty', { sheet: DATA_SHEET });
  await onProgress(rows.length);
  return rows;
}

/** The checks that need no reading of the sheets: size, type from the bytes, the ZIP guard. Cheap; run before answering the upload. */
export function guardWorkbook(bytes: Buffer): void {
  if (bytes.length > MAX_IMPORT_BYTES) throw new ImportFileError(413, 'programme_import_too_large', { limitMb: MAX_IMPORT_BYTES / (1024 * 1024) });
  if (!ZIP_LOCAL_HEADER.every((b, i) => bytes[i] === b)) throw new ImportFileError(415, 'programme_import_not_xlsx');
  try {
    inspectXlsx(bytes, 'xlsx');
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError(400, 'import_xlsx_invalid'); // out-of-range reads on a truncated or forged archive
  }
}

function checkHeaders(cells: string[]): void {
  const ok = COLUMNS.every((c, i) => foldVietnamese(cells[i] ?? '') === foldVietnamese(c.header));
  if (!ok) throw new ImportFileError(400, 'programme_import_headers', { sheet: DATA_SHEET, expected: COLUMNS.map((c) => c.header).join(', ') });
}
