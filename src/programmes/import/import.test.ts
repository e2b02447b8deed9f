import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../../testing/app.js';
import { describeEachDb } from '../../testing/databases.js';
import { multipart } from '../../testing/multipart.js';

const NOW = new Date('2026-03-15T03:00:00Z'); // semester 2 of 2025–2026; the template's default period is that semester
const WARD_A = '00070';

type Row = [string, string | Date | { formula: string; result?: unknown }, string, string, string | number, string | number, string?];

/** The template the platform hands out, downloaded, filled with `rows` on its data sheet, saved. */
async function filled(who: Session, rows: Row[], edit?: (wb: ExcelJS.Workbook) => void, period = ''): Promise<Buffer> {
  const res = await who.request('GET', `/api/v1/programmes/import/template${period}`);
  expect(res.statusCode).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Buổi học') as ExcelJS.Worksheet;
  rows.forEach((r, i) => {
    ws.getRow(i + 2).values = r as ExcelJS.CellValue[];
  });
  edit?.(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** 100,000 data rows, written once for both databases' runs with exceljs' streaming writer, as a real large export would be. */
let hundredThousandRows: Promise<Buffer> | undefined;
async function writeHundredThousandRows(code: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false });
  const ws = wb.addWorksheet('Buổi học');
  ws.addRow(['Mã trường', 'Ngày tổ chức', 'Chủ đề', 'Đối tượng', 'Khối lớp', 'Số người tham dự', 'Tài liệu sử dụng']).commit();
  for (let i = 0; i < 100_000; i++) ws.addRow([code, '2026-02-10', 'Bắt nạt trên mạng', 'Học sinh', '4', 30]).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

describeEachDb('programmes: .xlsx bulk entry', (db) => {
  let t: TestApp;
  let admin: Session;
  let head: Session;
  let ward: Session;
  let codeA: string; // DEMO-TH-01 (ward A)
  const sessions = async () =>
    Number(
      (
        await db()
          .kysely.selectFrom('programme_sessions')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const upload = (who: Session, bytes: Buffer, query = '') => {
    const form = multipart([], [{ name: 'file', filename: 'buoi-hoc.xlsx', content: bytes }]);
    return who.request('POST', `/api/v1/programmes/imports${query}`, form.body, { 'content-type': form.contentType });
  };
  /** Uploads and follows the import's progress to its end, as the console does. */
  const importFile = async (who: Session, bytes: Buffer, query = '') => {
    const started = await upload(who, bytes, query);
    expect(started.statusCode, started.body).toBe(202);
    const seen = new Set<string>();
    for (;;) {
      const state = (await who.request('GET', `/api/v1/programmes/imports/${started.json().id}`)).json();
      seen.add(state.status);
      if (['done', 'refused', 'failed'].includes(state.status)) return { ...state, seen };
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  beforeAll(async () => {
    t = await createTestApp(db(), { clock: () => NOW });
    admin = await t.login('admin', ADMIN_PASSWORD);
    const school = await db().kysely.selectFrom('schools').select(['id', 'code']).where('code', '=', 'DEMO-TH-01').executeTakeFirstOrThrow();
    codeA = school.code;
    head = await t.staff('school_admin', { schoolId: school.id });
    ward = await t.staff('case_worker', { unitId: WARD_A });
  });
  afterAll(() => t.close());

  it('hands out a template with Vietnamese headers, drop-down lists, a guide, and only the caller’s schools', async () => {
    const res = await head.request('GET', '/api/v1/programmes/import/template');
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Hướng dẫn', 'Buổi học', 'Danh mục']);
    const data = wb.getWorksheet('Buổi học') as ExcelJS.Worksheet;
    expect(data.getRow(1).values).toEqual([undefined, 'Mã trường', 'Ngày tổ chức', 'Chủ đề', 'Đối tượng', 'Khối lớp', 'Số người tham dự', 'Tài liệu sử dụng']);
    expect(data.getCell('C2').dataValidation).toMatchObject({ type: 'list', formulae: ["'Danh mục'!$C$2:$C$7"] });
    expect(data.getCell('D2').dataValidation).toMatchObject({ type: 'list', formulae: ["'Danh mục'!$D$2:$D$4"] });
    const lists = wb.getWorksheet('Danh mục') as ExcelJS.Worksheet;
    expect(lists.getColumn(1).values.slice(2)).toEqual([codeA]); // a school admin: their school only
    expect(lists.getColumn(3).values.slice(2)).toHaveLength(6);
    expect(lists.getColumn(4).values.slice(2)).toEqual(['Học sinh', 'Phụ huynh', 'Giáo viên']);
    const guide = (wb.getWorksheet('Hướng dẫn') as ExcelJS.Worksheet).getColumn(1).values.join('\n');
    expect(guide).toContain('học kỳ II năm học 2025–2026 (từ 2026-01-16');
    const wardLists = new ExcelJS.Workbook();
    await wardLists.xlsx.load((await ward.request('GET', '/api/v1/programmes/import/template')).rawPayload as unknown as ArrayBuffer);
    expect((wardLists.getWorksheet('Danh mục') as ExcelJS.Worksheet).getColumn(1).values.slice(2)).toEqual(['DEMO-MN-01', 'DEMO-TH-01']);
  });

  it('imports a filled template in one go, with progress, an audit entry and the ward of each school', async () => {
    const before = await sessions();
    const bytes = await filled(head, [
      [codeA, new Date('2026-02-02T00:00:00Z'), 'Bắt nạt trên mạng', 'Học sinh', '3-5', 120, 'Video, phiếu bài tập'],
      [codeA, '03/03/2026', 'Lừa đảo trực tuyến', 'Phụ huynh', '', 45],
      [codeA.toLowerCase(), '2026-03-10', 'lua dao truc tuyen', 'giáo viên', '', '30'],
    ]);
    const state = await importFile(head, bytes);
    expect(state).toMatchObject({ status: 'done', created: 3, done: 3, total: 3, rejected: [], error: null });
    expect(state.seen.has('done')).toBe(true);
    expect(await sessions()).toBe(before + 3);
    const rows = await db().kysely.selectFrom('programme_sessions').selectAll().where('import_id', '=', state.id).orderBy('held_on').execute();
    expect(rows.map((r) => [r.held_on, r.audience, JSON.parse(r.grades), r.attendance, r.unit_id])).toEqual([
      ['2026-02-02', 'students', [3, 4, 5], 120, WARD_A],
      ['2026-03-03', 'parents', [], 45, WARD_A],
      ['2026-03-10', 'teachers', [], 30, WARD_A],
    ]);
    const entry = await db().kysely.selectFrom('audit_log').select(['action', 'detail']).where('subject_id', '=', state.id).executeTakeFirstOrThrow();
    expect(entry.action).toBe('programme_sessions.imported');
    expect(JSON.parse(entry.detail ?? '{}')).toMatchObject({ sessions: 3, schools: 1, period: '2025-2026-hk2' });
    // another person cannot read this import's state
    expect((await ward.request('GET', `/api/v1/programmes/imports/${state.id}`)).statusCode).toBe(404);
  });

  it('refuses the whole file when any row is wrong, naming sheet, line and reason for each', async () => {
    const before = await sessions();
    const bytes = await filled(ward, [
      [codeA, '2026-02-10', 'Bắt nạt trên mạng', 'Học sinh', '4', 30], // line 2: fine
      [codeA, { formula: 'TODAY()-3', result: 46000 }, 'Bắt nạt trên mạng', 'Học sinh', '4', 30], // 3: formula
      [codeA, '2026-04-01', 'Bắt nạt trên mạng', 'Học sinh', '4', 30], // 4: future
      [codeA, '2025-10-01', 'Bắt nạt trên mạng', 'Học sinh', '4', 30], // 5: semester 1, outside the period
      ['DEMO-THCS-01', '2026-02-10', 'Bắt nạt trên mạng', 'Học sinh', '7', 30], // 6: a school of another ward
      [codeA, '2026-02-10', 'Chủ đề lạ', 'Học sinh', '4', 30], // 7: unknown topic
      [codeA, '2026-02-10', 'Bắt nạt trên mạng', 'Ông bà', '', 30], // 8: unknown audience
      [codeA, '2026-02-10', 'Bắt nạt trên mạng', 'Học sinh', '13', 30], // 9: no grade 13
      [codeA, '2026-02-10', 'Bắt nạt trên mạng', 'Học sinh', '4', 'ba mươi'], // 10: not a number
      [codeA, '31/02/2026', 'Bắt nạt trên mạng', 'Học sinh', '4', 30], // 11: no such day
      ['NO-SUCH', '2026-02-10', 'Bắt nạt trên mạng', 'Học sinh', '4', 30], // 12: unknown school
      [codeA, '2026-02-10', 'Bắt nạt trên mạng', 'Học sinh', '4', 30, 'x'.repeat(1200)], // 13: materials too long
    ]);
    const state = await importFile(ward, bytes);
    expect(state.status).toBe('refused');
    expect(state.refusedCount).toBe(11);
    expect(state.rejected.map((r: { line: number }) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(state.rejected.every((r: { sheet: string }) => r.sheet === 'Buổi học')).toBe(true);
    const reasons = state.rejected.map((r: { reason: string }) => r.reason);
    expect(reasons[0]).toContain('công thức');
    expect(reasons[1]).toContain('tương lai');
    expect(reasons[2]).toBe('Cột "Ngày tổ chức": ngày 01/10/2025 ngoài kỳ 16/01/2026 – 31/05/2026.');
    expect(reasons[3]).toContain('không thuộc phạm vi');
    expect(reasons[4]).toContain('Chủ đề lạ');
    expect(reasons[5]).toContain('Ông bà');
    expect(reasons[6]).toContain('13');
    expect(reasons[7]).toContain('ba mươi');
    expect(reasons[8]).toContain('31/02/2026');
    expect(reasons[9]).toContain('NO-SUCH');
    expect(reasons[10]).toContain('1000');
    expect(await sessions()).toBe(before);
    const en = (await ward.request('GET', `/api/v1/programmes/imports/${state.id}`, undefined, { 'accept-language': 'en' })).json();
    expect(en.rejected[1].reason).toBe('Column "Ngày tổ chức": 01/04/2026 is in the future.');
  });

  it('reports every refused cell of a row, each with its column and reason, so one upload shows them all', async () => {
    const before = await sessions();
    const bytes = await filled(ward, [
      [codeA, '2026-02-10', 'Bắt nạt trên mạng', 'Học sinh', '4', 30], // line 2: fine
      [codeA, '31/02/2026', 'Bắt nạt trên mạng', 'Học sinh', '4', -5], // 3: no such day AND attendance −5
      ['NO-SUCH', '2026-04-01', 'Chủ đề lạ', 'Ông bà', '13', 'ba mươi', 'x'.repeat(1200)], // 4: every cell wrong
    ]);
    const state = await importFile(ward, bytes);
    expect(state.status).toBe('refused');
    expect(state.refusedCount).toBe(2); // rows
    const cells = state.rejected.map((r: { line: number; column: string }) => `${r.line}:${r.column}`);
    expect(cells).toEqual([
      '3:Ngày tổ chức',
      '3:Số người tham dự',
      '4:Mã trường',
      '4:Ngày tổ chức',
      '4:Chủ đề',
      '4:Đối tượng',
      '4:Khối lớp',
      '4:Số người tham dự',
      '4:Tài liệu sử dụng',
    ]);
    const reasons = state.rejected.map((r: { reason: string }) => r.reason);
    expect(reasons[0]).toBe('Cột "Ngày tổ chức": "31/02/2026" không phải ngày.');
    expect(reasons[1]).toContain('-5');
    expect(reasons[1]).toContain('Số người tham dự');
    expect(reasons.slice(2).join(' ')).toMatch(/NO-SUCH.*tương lai.*Chủ đề lạ.*Ông bà.*13.*ba mươi.*1000/);
    expect(await sessions()).toBe(before);
  });

  it('refuses grades the school’s level does not teach (issue 14 item 7): grade 12 or 6-9 at a primary school', async () => {
    const before = await sessions();
    const bytes = await filled(ward, [
      [codeA, '2026-02-10', 'Bắt nạt trên mạng', 'Học sinh', '1-5', 30], // line 2: every primary grade, fine
      [codeA, '2026-02-10', 'Bắt nạt trên mạng', 'Học sinh', '12', 30], // 3: no grade 12 at a primary school
      [codeA, '2026-02-10', 'Bắt nạt trên mạng', 'Học sinh', '4-7', 30], // 4: 6 and 7 are lower secondary
      ['DEMO-MN-01', '2026-02-10', 'Bắt nạt trên mạng', 'Học sinh', '1', 30], // 5: a kindergarten has grade 0 only
    ]);
    const state = await importFile(ward, bytes);
    expect(state.status).toBe('refused');
    expect(state.rejected.map((r: { line: number; column: string }) => `${r.line}:${r.column}`)).toEqual(['3:Khối lớp', '4:Khối lớp', '5:Khối lớp']);
    expect(state.rejected.map((r: { reason: string }) => r.reason)).toEqual([
      'Cột "Khối lớp": "12" — trường DEMO-TH-01 không có khối 12 (cấp học của trường chỉ có khối 1–5).',
      'Cột "Khối lớp": "4-7" — trường DEMO-TH-01 không có khối 6, 7 (cấp học của trường chỉ có khối 1–5).',
      'Cột "Khối lớp": "1" — trường DEMO-MN-01 không có khối 1 (cấp học của trường chỉ có khối 0).',
    ]);
    expect(await sessions()).toBe(before);
  });

  it('accepts an earlier period when asked for it, still refusing days outside it', async () => {
    const bytes = await filled(head, [[codeA, '2025-10-01', 'Bắt nạt trên mạng', 'Học sinh', '4', 30]], undefined, '?period=2025-2026-hk1');
    const state = await importFile(head, bytes, '?period=2025-2026-hk1');
    expect(state.status, JSON.stringify(state.error)).toBe('done'); // the error's code says why, should it ever fail
    expect((await upload(head, bytes, '?period=2025-2026-hk3')).statusCode).toBe(400);
    expect((await upload(head, bytes, '?period=2025-2027')).statusCode).toBe(400);
  });

  it('refuses a workbook without the template’s sheet, or with its headers changed, writing nothing', async () => {
    const before = await sessions();
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Sheet1').addRow(['Mã trường', 'Ngày tổ chức']);
    const wrong = await importFile(head, Buffer.from(await other.xlsx.writeBuffer()));
    expect(wrong).toMatchObject({ status: 'failed', error: { code: 'programme_import_wrong_sheet' } });
    expect(wrong.error.message).toContain('"Buổi học"');
    const shuffled = await filled(head, [[codeA, '2026-02-10', 'Bắt nạt trên mạng', 'Học sinh', '4', 30]], (wb) => {
      (wb.getWorksheet('Buổi học') as ExcelJS.Worksheet).getCell('B1').value = 'Ngày';
    });
    expect((await importFile(head, shuffled)).error.code).toBe('programme_import_headers');
    expect(await sessions()).toBe(before);
  });

  it('refuses 100,000 rows above the stated limit of 20,000, reading no further than the limit', async () => {
    hundredThousandRows ??= writeHundredThousandRows(codeA);
    const bytes = await hundredThousandRows;
    const before = await sessions();
    const started = await upload(head, bytes);
    if (started.statusCode === 413) {
      expect(started.json().error.message).toContain('MB'); // over the upload limit: refused before reading
    } else {
      const state = await importFile(head, bytes);
      expect(state).toMatchObject({ status: 'failed', error: { code: 'programme_import_too_many_rows' } });
      expect(state.error.message).toContain('20');
    }
    expect(await sessions()).toBe(before);
  }, 60_000);

  it('refuses a zip bomb, a file that is not a workbook, and callers who may not import', async () => {
    // a real workbook whose one cell unpacks to 12 MB of the same letter: ratio far above any real file
    const bomb = new ExcelJS.Workbook();
    const ws = bomb.addWorksheet('Buổi học');
    ws.getCell('A1').value = 'a'.repeat(12 * 1024 * 1024);
    const res = await upload(head, Buffer.from(await bomb.xlsx.writeBuffer()));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('import_zip_bomb');
    const pdf = await upload(head, Buffer.from('%PDF-1.7 not a workbook'));
    expect(pdf.statusCode).toBe(415);
    expect(pdf.json().error.message).toContain('.xlsx');
    const leader = await t.staff('city_leader');
    expect((await upload(leader, Buffer.from('PK'))).statusCode).toBe(403);
    expect((await leader.request('GET', '/api/v1/programmes/import/template')).statusCode).toBe(403);
    expect((await admin.request('GET', '/api/v1/programmes/imports/no-such-import')).statusCode).toBe(404);
  });
});
