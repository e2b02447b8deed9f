import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocx } from '../documents/read-docx.js';
import { createTestApp, type Session, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';
import { type Cell, protectTable } from './protect-cells.js';
import { FIXTURE_NOW } from './test-fixtures.js';

const counts = (ns: number[]): Cell[] => ns.map((n) => ({ status: 'ok', value: n, numerator: n, denominator: null }));
const count = (n: number): Cell => ({ status: 'ok', value: n, numerator: n, denominator: null });
const shown = (ns: number[], total: number) => {
  const t = protectTable(counts(ns), count(total), 'count');
  return { rows: t.rows.map((r) => r.value), total: t.total.value };
};

describe('secondary suppression (hand-worked tables, no database)', () => {
  it('hides the smallest other cell when the total would give a small cell back', () => {
    // 24 − 12 − 9 = 3: hiding 9 too leaves 3 + 9 = 12 with 9 ≥ 5, so the small cell is any of 1–4
    expect(shown([3, 12, 9], 24)).toEqual({ rows: ['<5', 12, '*'], total: 24 });
  });

  it('keeps two small cells as they are when their sum does not pin either', () => {
    // 2 + 3 = 5 with each 1–4: (1,4) (2,3) (3,2) (4,1) all fit
    expect(shown([2, 3, 0, 40], 45)).toEqual({ rows: ['<5', '<5', 0, 40], total: 45 });
  });

  it('adds a complement when two small cells are pinned by their sum', () => {
    // 4 + 4 = 8 with each at most 4 leaves only (4,4): the 50 is hidden too
    expect(shown([4, 4, 50], 58)).toEqual({ rows: ['<5', '<5', '*'], total: 58 });
  });

  it('hides the whole line when no other cell can protect the small one, and the total only as the last resort', () => {
    // 1 + 5 = 6 with the complement at least 5 pins the small cell at 1; written "*" both, the
    // 6 may be 1 + 5, 2 + 4, 3 + 3 … (each at least 1): the total can stay
    expect(shown([1, 5], 6)).toEqual({ rows: ['*', '*'], total: 6 });
    // 1 + 1 = 2 is "<5" itself; 1 + 1 + 1 + 1 + 1 = 5 with every cell at least 1 pins them all
    expect(shown([1, 1, 1, 1, 1], 5)).toEqual({ rows: ['*', '*', '*', '*', '*'], total: '*' });
  });

  it('protects a hidden numerator of a percentage from the total numerator', () => {
    const rows: Cell[] = [
      { status: 'ok', value: 90, numerator: 18, denominator: 20 }, // 18 of 20: two children missed, hidden
      { status: 'ok', value: 100, numerator: 10, denominator: 10 },
      { status: 'ok', value: 75, numerator: 30, denominator: 40 },
    ];
    const t = protectTable(rows, { status: 'ok', value: 82.9, numerator: 58, denominator: 70 }, 'percent');
    // 58 − 30 = 28 = the two hidden numerators; the 10 of 10 lies in 5–10, so the 18 may be 18–20
    expect(t.rows).toEqual([
      { value: '*', numerator: '*', denominator: 20 },
      { value: '*', numerator: '*', denominator: 10 },
      { value: 75, numerator: 30, denominator: 40 },
    ]);
    expect(t.total).toEqual({ value: 82.9, numerator: 58, denominator: 70 });
  });

  it('leaves a table alone whose total is itself suppressed', () => {
    expect(shown([3, 0], 3)).toEqual({ rows: ['<5', 0], total: '<5' });
  });
});

/**
 * November 2025, blocked look-ups counted by hand: Tiểu học 1 (Hoàn Kiếm, primary) 3, THCS 1
 * (Ba Đình, lower secondary) 12, Liên cấp 1 (ward 00082, upper secondary band) 9 — the city 24.
 * Without the second suppression Hoàn Kiếm's "<5" is 24 − 12 − 9 = 3.
 */
describeEachDb('secondary suppression in exports', (db) => {
  let t: TestApp;
  let leader: Session;
  let ward82: string;
  const NOVEMBER = 'from=2025-11-01&to=2025-12-01';

  beforeAll(async () => {
    t = await createTestApp(db(), { clock: () => FIXTURE_NOW });
    const k = db().kysely;
    const schools = Object.fromEntries((await k.selectFrom('schools').select(['id', 'code']).execute()).map((s) => [s.code, s.id]));
    const hour = '2025-11-12T08:00:00.000Z';
    await k
      .insertInto('filter_counters')
      .values([
        { hour, school_id: schools['DEMO-TH-01'] as string, band: 'primary', category: 'adult', count: 3 },
        { hour, school_id: schools['DEMO-THCS-01'] as string, band: 'lower_secondary', category: 'adult', count: 12 },
        { hour, school_id: schools['DEMO-LC-01'] as string, band: 'upper_secondary', category: 'adult', count: 9 },
      ])
      .execute();
    ward82 = (await k.selectFrom('units').select('name').where('id', '=', '00082').executeTakeFirstOrThrow()).name;
    leader = await t.staff('city_leader');
  }, 60_000);
  afterAll(() => t.close());

  it('the report’s .xlsx and .docx, read back, hide a second ward so the small one cannot be subtracted', async () => {
    const res = await leader.request('POST', '/api/v1/indicators/reports', { kind: 'monthly', year: 2025, index: 11 });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await leader.request('GET', `/api/v1/indicators/reports/${id}/xlsx`)).rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets.find((w) => String(w.getCell('A1').value).startsWith('Lượt truy cập bị chặn'));
    const rows = new Map<string, unknown[]>();
    sheet?.eachRow((r) => {
      const v = (r.values as unknown[]).slice(1);
      rows.set(String(v[0]), v.slice(1));
    });
    expect(rows.get('Hoàn Kiếm')).toEqual(['<5', '<5', '']);
    expect(rows.get('Ba Đình')).toEqual([12, 12, '']);
    expect(rows.get(ward82)).toEqual(['*', '*', '']);
    expect(rows.get('Toàn thành phố')).toEqual([24, 24, '']);
    // the summary sheet prints the same total
    const summary = new Map<string, unknown[]>();
    wb.getWorksheet('Tổng hợp')?.eachRow((r) => {
      const v = (r.values as unknown[]).slice(1);
      summary.set(String(v[0]), v.slice(1));
    });
    expect(summary.get('Lượt truy cập bị chặn tại trường')?.[0]).toBe(24);

    // the .docx's table by age band is the same kind of table: primary 3 is protected by the 9
    const docx = readDocx((await leader.request('GET', `/api/v1/indicators/reports/${id}/docx`)).rawPayload);
    const bands = docx.tables.find((tb) => tb[0]?.[0] === 'Độ tuổi');
    expect(bands?.slice(1).map((r) => r[1])).toEqual(expect.arrayContaining(['<5', '12', '*']));
    expect(docx.text).toContain('Lượt truy cập bị chặn tại trường: 24.');
  }, 60_000);

  it('the ranking CSV hides the same second ward', async () => {
    const res = await leader.request('GET', `/api/v1/indicators/export.csv?view=ranking&code=blocked_lookups&${NOVEMBER}`);
    expect(res.statusCode, res.body).toBe(200);
    const lines = res.body.split('\r\n');
    expect(lines).toContain('Hoàn Kiếm,<5,<5,');
    expect(lines).toContain('Ba Đình,12,12,');
    expect(lines).toContain(`${ward82},*,*,`);
  });
});
