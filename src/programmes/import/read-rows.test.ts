import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DatabaseUnavailable } from '../../db/unavailable.js';
import { COLUMNS, DATA_SHEET } from './columns.js';
import { readImportRows } from './read-rows.js';

async function workbook(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(DATA_SHEET);
  ws.addRow(COLUMNS.map((c) => c.header));
  for (let i = 0; i < rows; i++) ws.addRow(['DEMO-TH-01', '2026-02-10', 'Bắt nạt trên mạng', 'Học sinh', '4', 30]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('reading an import workbook', () => {
  it('reports progress every 1,000 rows and at the end', async () => {
    const seen: number[] = [];
    const rows = await readImportRows(await workbook(2500), async (n) => {
      seen.push(n);
    });
    expect(rows).toHaveLength(2500);
    expect(seen).toEqual([1000, 2000, 2500]);
  });

  it('says the database was away when a progress write fails — not that the user’s file is invalid', async () => {
    const bytes = await workbook(1500);
    const failing = async () => {
      throw new DatabaseUnavailable(new Error('connection terminated'));
    };
    await expect(readImportRows(bytes, failing)).rejects.toMatchObject({ status: 503, code: 'database_unavailable' });
    await expect(readImportRows(Buffer.concat([bytes.subarray(0, 2000), Buffer.alloc(3000)]))).rejects.toMatchObject({ status: 400 });
  });
});
