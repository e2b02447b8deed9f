import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../../testing/app.js';
import { describeEachDb } from '../../testing/databases.js';

function multipart(filename: string, content: Buffer | string, type = 'application/octet-stream') {
  const boundary = `----lachan${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

describeEachDb('schools: editing and importing', (db) => {
  let t: TestApp;
  let admin: Session;
  const upload = (file: { body: Buffer; contentType: string }, query = '') =>
    admin.request('POST', `/api/v1/schools/import${query}`, file.body, { 'content-type': file.contentType });
  const countSchools = async () => (await db().kysely.selectFrom('schools').select('id').execute()).length;

  beforeAll(async () => {
    t = await createTestApp(db());
    admin = await t.login('admin', ADMIN_PASSWORD);
  });
  afterAll(() => t.close());

  it('ships clearly labelled demo schools, never invented real ones', async () => {
    const demo = (await admin.request('GET', '/api/v1/schools?limit=500')).json().items.filter((s: { isDemo: boolean }) => s.isDemo);
    expect(demo.length).toBeGreaterThanOrEqual(5);
    for (const s of demo) {
      expect(s.code).toMatch(/^DEMO-/);
      expect(s.name).toMatch(/\(Demo\)$/);
    }
  });

  it('creates, edits and deletes a school, auditing each step', async () => {
    const created = await admin.request('POST', '/api/v1/schools', { code: 'EDIT-1', name: 'Trường Tiểu học Sửa', level: 'primary', unitId: '00070' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const edited = await admin.request('PATCH', `/api/v1/schools/${id}`, { level: 'multi_level', address: 'Số 2' });
    expect(edited.json()).toMatchObject({ level: 'multi_level', address: 'Số 2', code: 'EDIT-1' });
    expect((await admin.request('PATCH', `/api/v1/schools/${id}`, {})).statusCode).toBe(400);
    expect((await admin.request('DELETE', `/api/v1/schools/${id}`)).statusCode).toBe(204);
    expect((await admin.request('GET', `/api/v1/schools/${id}`)).statusCode).toBe(404);
    const audit = await db().kysely.selectFrom('audit_log').select('action').where('subject_id', '=', id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['school.created', 'school.updated', 'school.deleted']);
  });

  it('previews an import, then keeps the good rows and reports the bad ones by line', async () => {
    const csv = [
      'Mã trường;Tên trường;Cấp học;Phường/Xã;Địa chỉ',
      'IMP-1;Trường Tiểu học Nhập Một;Tiểu học;Phường Hoàn Kiếm;Số 1',
      'IMP-2;Trường THCS Nhập Hai;THCS;ba dinh;',
      'IMP-3;Trường Không Cấp;đại học;Hoàn Kiếm;',
      'IMP-4;Trường Không Phường;THPT;Phường Không Có;',
      'IMP-1;Trùng mã;Tiểu học;Hoàn Kiếm;',
    ].join('\n');
    const before = await countSchools();
    const preview = await upload(multipart('truong.csv', csv), '?dryRun=true');
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ total: 5, valid: 2, created: 0, updated: 0 });
    expect(preview.json().rejected.map((r: { line: number }) => r.line)).toEqual([4, 5, 6]);
    expect(await countSchools()).toBe(before);

    const real = await upload(multipart('truong.csv', csv));
    expect(real.json()).toMatchObject({ total: 5, valid: 2, created: 2, updated: 0 });
    expect(real.json().rejected[0].reason).toMatch(/đại học/);
    expect(await countSchools()).toBe(before + 2);
    const again = await upload(multipart('truong.csv', csv.replace('Số 1', 'Số 1A')));
    expect(again.json()).toMatchObject({ created: 0, updated: 1 });
  });

  it('reads a real XLSX workbook', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Trường');
    ws.addRow(['Mã trường', 'Tên trường', 'Cấp học', 'Phường/Xã']);
    ws.addRow(['XLSX-1', 'Trường Mầm non Bảng Tính', 'Mầm non', '00070']);
    ws.addRow(['XLSX-2', 'Trường THPT Bảng Tính', 'THPT', 'Cửa Nam']);
    const res = await upload(multipart('truong.xlsx', Buffer.from(await wb.xlsx.writeBuffer())));
    expect(res.json()).toMatchObject({ total: 2, created: 2, rejected: [] });
  });

  it('refuses whole files that are not what they claim, with a clear 4xx and nothing written', async () => {
    const before = await countSchools();
    const pdf = await upload(multipart('truong.csv', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj')));
    expect(pdf.statusCode).toBe(415);
    const empty = await upload(multipart('truong.csv', ''));
    expect(empty.statusCode).toBe(400);
    const huge = await upload(multipart('truong.csv', Buffer.alloc(6 * 1024 * 1024, 'a')));
    expect(huge.statusCode).toBe(413);
    const json = await admin.request('POST', '/api/v1/schools/import', { file: 'x' });
    expect(json.statusCode).toBe(415);
    expect(await countSchools()).toBe(before);
  });

  it('never leaves a half-imported file when the database fails mid-way', async () => {
    // A trigger makes the database itself refuse one row, after the others were written in the same transaction.
    if (db().dialect === 'sqlite') {
      await sql`create trigger boom before insert on schools when new.code = 'BOOM-9' begin select raise(abort, 'boom'); end`.execute(db().kysely);
    } else {
      await sql`create function boom() returns trigger language plpgsql as $$ begin if new.code = 'BOOM-9' then raise exception 'boom'; end if; return new; end $$`.execute(
        db().kysely,
      );
      await sql`create trigger boom before insert on schools for each row execute function boom()`.execute(db().kysely);
    }
    const rows = Array.from({ length: 9 }, (_, i) => `BOOM-${i + 1},Trường Nổ ${i + 1},Tiểu học,Hoàn Kiếm`);
    const before = await countSchools();
    const auditBefore = (await db().kysely.selectFrom('audit_log').select('seq').execute()).length;
    const res = await upload(multipart('truong.csv', ['code,name,level,unit', ...rows].join('\n')));
    expect(res.statusCode).toBe(500);
    expect(Object.keys(res.json())).toEqual(['error']);
    expect(await countSchools()).toBe(before);
    expect((await db().kysely.selectFrom('audit_log').select('seq').execute()).length).toBe(auditBefore);
    await sql`drop trigger boom${sql.raw(db().dialect === 'postgres' ? ' on schools' : '')}`.execute(db().kysely);
  });

  it('lets only administrators import', async () => {
    const worker = await t.staff('case_worker', { unitId: '00070' });
    const f = multipart('truong.csv', 'code,name,level,unit\nW-1,X,Tiểu học,00070');
    const res = await worker.request('POST', '/api/v1/schools/import', f.body, { 'content-type': f.contentType });
    expect(res.statusCode).toBe(403);
  });
});
