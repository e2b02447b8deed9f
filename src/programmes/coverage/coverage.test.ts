import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../../testing/app.js';
import { describeEachDb } from '../../testing/databases.js';
import { hanoiToday } from '../dates.js';
import { defaultPeriod } from './default-period.js';

const WARD_A = '00070'; // demo kindergarten (MN) and primary (TH)
const WARD_B = '00004'; // demo lower (THCS) and upper secondary (THPT)

describeEachDb('programmes: coverage per ward, schools not covered, reminders', (db) => {
  let now = new Date('2026-03-15T03:00:00Z'); // semester 2 of 2025–2026, before its middle
  let t: TestApp;
  let admin: Session;
  let leader: Session;
  let ward: Session;
  const ids: Record<string, string> = {};
  let topicId: string;

  beforeAll(async () => {
    t = await createTestApp(db(), { clock: () => now });
    admin = await t.login('admin', ADMIN_PASSWORD);
    leader = await t.staff('city_leader');
    ward = await t.staff('case_worker', { unitId: WARD_A });
    for (const s of await db().kysely.selectFrom('schools').select(['id', 'code']).execute()) ids[s.code] = s.id;
    topicId = (await admin.request('GET', '/api/v1/programmes/topics')).json()[0].id;
    const session = (schoolId: string, heldOn: string) =>
      admin.request('POST', '/api/v1/programmes/sessions', { schoolId, heldOn, topicId, audience: 'teachers', attendance: 20 });
    // TH-01: two sessions in semester 2; MN-01: one; THCS-01: one in semester 1 only
    for (const [code, day] of [
      ['DEMO-TH-01', '2026-01-20'],
      ['DEMO-TH-01', '2026-03-02'],
      ['DEMO-MN-01', '2026-02-10'],
      ['DEMO-THCS-01', '2025-10-10'],
    ] as const) {
      expect((await session(ids[code] as string, day)).statusCode).toBe(201);
    }
  });
  afterAll(() => t.close());

  it('gives the city every ward by level, and the schools not yet covered (N = 2 by default)', async () => {
    const res = await leader.request('GET', '/api/v1/programmes/coverage?period=2025-2026-hk2');
    expect(res.statusCode).toBe(200);
    const c = res.json();
    expect(c.period).toEqual({ key: '2025-2026-hk2', from: '2026-01-16', to: '2026-06-01', label: 'học kỳ II năm học 2025–2026' });
    expect(c.minSessions).toBe(2);
    const cell = (unit: string, level: string) => c.cells.find((x: { unitId: string; level: string }) => x.unitId === unit && x.level === level);
    expect(cell(WARD_A, 'primary')).toEqual({ unitId: WARD_A, unitName: 'Hoàn Kiếm', level: 'primary', schools: 1, covered: 1 });
    expect(cell(WARD_A, 'kindergarten')).toMatchObject({ schools: 1, covered: 0 });
    expect(cell(WARD_B, 'lower_secondary')).toMatchObject({ schools: 1, covered: 0 });
    const total = c.cells.reduce((n: number, x: { schools: number }) => n + x.schools, 0);
    expect(total).toBe(Object.keys(ids).length);
    expect(c.uncovered.map((s: { code: string }) => s.code).sort()).toEqual(
      Object.keys(ids)
        .filter((code) => code !== 'DEMO-TH-01')
        .sort(),
    );
    expect(c.uncovered.find((s: { code: string }) => s.code === 'DEMO-MN-01')).toMatchObject({
      sessions: 1,
      unitName: 'Hoàn Kiếm',
      name: 'Trường Mầm non Lá Chắn 1 (Demo)',
    });
    // semester 1 counts THCS-01's session; N = 1 on request
    const sem1 = (await leader.request('GET', '/api/v1/programmes/coverage?period=2025-2026-hk1&minSessions=1')).json();
    expect(sem1.cells.filter((x: { covered: number }) => x.covered > 0).map((x: { unitId: string; level: string }) => [x.unitId, x.level])).toEqual([
      [WARD_B, 'lower_secondary'],
    ]);
    // a custom period with no data: every school listed, none covered
    const empty = (await leader.request('GET', '/api/v1/programmes/coverage?from=2024-01-01&to=2024-02-01')).json();
    expect(empty.cells.every((x: { covered: number }) => x.covered === 0)).toBe(true);
    expect(empty.uncovered).toHaveLength(Object.keys(ids).length);
    expect(empty.period.label).toBe('01/01/2024 – 01/02/2024'); // dd/mm/yyyy, as people write dates
  });

  it('opens on the indicators’ default period, this year so far (to the end of the month), in Hà Nội days', async () => {
    const c = (await leader.request('GET', '/api/v1/programmes/coverage')).json();
    // 15 March 2026: 1 January to 1 April (exclusive), as the leader's targets count by default
    expect(c.period).toEqual({ key: '2026-01-01_2026-04-01', from: '2026-01-01', to: '2026-04-01', label: 'từ đầu năm 2026 đến hết tháng 03/2026' });
    const { key, from, to, label } = defaultPeriod('2026-03-15');
    expect(c.period).toEqual({ key, from, to, label: label.vi });
    // TH-01's two sessions of 2026 cover it; THCS-01's of October 2025 is outside
    const covered = c.cells.filter((x: { covered: number }) => x.covered > 0).map((x: { unitId: string; level: string }) => [x.unitId, x.level]);
    expect(covered).toEqual([[WARD_A, 'primary']]);
    expect(c.uncovered).toHaveLength(Object.keys(ids).length - 1);
    // the turn of the year and of a month, by the day in Hà Nội (UTC+7), not the server's
    expect(defaultPeriod('2026-12-31')).toMatchObject({ from: '2026-01-01', to: '2027-01-01' });
    expect(defaultPeriod('2027-01-01')).toMatchObject({ from: '2027-01-01', to: '2027-02-01' });
    // 31 March 17:30 UTC is already 1 April in Hà Nội: April's period
    expect(defaultPeriod(hanoiToday(() => new Date('2026-03-31T17:30:00Z')))).toMatchObject({ from: '2026-01-01', to: '2026-05-01' });
  });

  it('shows a ward officer their own ward only, and a school admin their own school only', async () => {
    const c = (await ward.request('GET', '/api/v1/programmes/coverage?period=2025-2026-hk2')).json();
    expect(new Set(c.cells.map((x: { unitId: string }) => x.unitId))).toEqual(new Set([WARD_A]));
    expect(c.uncovered.map((s: { code: string }) => s.code)).toEqual(['DEMO-MN-01']);
    expect(c.ownSchool).toBeNull();
    // the primary school is covered in hk2; the kindergarten of the same ward is not
    const head = await t.staff('school_admin', { schoolId: ids['DEMO-TH-01'] });
    const mine = (await head.request('GET', '/api/v1/programmes/coverage?period=2025-2026-hk2')).json();
    const covered = c.cells.find((x: { level: string }) => x.level === 'primary');
    expect(mine.ownSchool).toEqual({ schoolId: ids['DEMO-TH-01'], name: 'Trường Tiểu học Lá Chắn 1 (Demo)', covered: true, sessions: 2 });
    expect(mine.cells).toEqual([{ ...covered, schools: 1, covered: 1 }]);
    expect(mine.uncovered).toEqual([]);
    const kinder = await t.staff('school_admin', { schoolId: ids['DEMO-MN-01'] });
    const theirs = (await kinder.request('GET', '/api/v1/programmes/coverage?period=2025-2026-hk2')).json();
    expect(theirs.ownSchool).toEqual({ schoolId: ids['DEMO-MN-01'], name: 'Trường Mầm non Lá Chắn 1 (Demo)', covered: false, sessions: 1 });
    expect(theirs.uncovered.map((s: { code: string }) => s.code)).toEqual(['DEMO-MN-01']); // never another school
    expect(theirs.cells).toHaveLength(1);
    // this extra kindergarten account leaves (the reminder test below counts the school's admins)
    await db().kysely.updateTable('users').set({ disabled: 1 }).where('id', '=', kinder.id).execute();
    // reminders and settings stay with the ward and the city
    expect((await head.request('POST', '/api/v1/programmes/coverage/reminders?period=2025-2026-hk2')).statusCode).toBe(403);
    expect((await head.request('PUT', '/api/v1/programmes/coverage/settings', { minSessions: 1 })).statusCode).toBe(403);
  });

  it('refuses bad periods and settings with a 400 naming them, and changes nothing', async () => {
    for (const q of [
      '?period=2025-2027',
      '?period=hk1',
      '?from=2026-02-01&to=2026-01-01',
      '?from=2026-02-30&to=2026-03-01',
      '?minSessions=0',
      '?minSessions=abc',
    ]) {
      expect((await leader.request('GET', `/api/v1/programmes/coverage${q}`)).statusCode, q).toBe(400);
    }
    for (const body of [{ yearStart: '13-01' }, { semester2Start: '07-01' }, { minSessions: 0 }, { minSessions: 1, extra: 1 }, {}]) {
      const res = await leader.request('PUT', '/api/v1/programmes/coverage/settings', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await ward.request('PUT', '/api/v1/programmes/coverage/settings', { minSessions: 1 })).statusCode).toBe(403);
    expect((await leader.request('GET', '/api/v1/programmes/coverage/settings')).json()).toEqual({
      minSessions: 2,
      yearStart: '09-01',
      semester2Start: '01-16',
      yearEnd: '06-01',
    });
  });

  it('reminds the admins of schools not covered once per period, in the console and by e-mail', async () => {
    const mnAdmin = await t.staff('school_admin', { schoolId: ids['DEMO-MN-01'] });
    await db().kysely.updateTable('users').set({ email: 'hieutruong.mn@example.edu.vn' }).where('id', '=', mnAdmin.id).execute();
    const mailsBefore = (await db().kysely.selectFrom('mail_outbox').select('id').execute()).length;
    const first = await ward.request('POST', '/api/v1/programmes/coverage/reminders?period=2025-2026-hk2');
    expect(first.json()).toEqual({ schools: 1, notified: 1, mails: 1 }); // only the ward's own uncovered school
    expect((await ward.request('POST', '/api/v1/programmes/coverage/reminders?period=2025-2026-hk2')).json()).toEqual({ schools: 0, notified: 0, mails: 0 });
    const bell = (await mnAdmin.request('GET', '/api/v1/intake/notifications')).json();
    expect(bell.items[0].message).toBe(
      'Trường Mầm non Lá Chắn 1 (Demo) chưa đủ 2 buổi giáo dục an toàn trên mạng trong kỳ 16/01/2026 – 31/05/2026 (đã có 1). Hãy tổ chức và ghi nhận trên Lá Chắn.',
    );
    const mails = await db().kysely.selectFrom('mail_outbox').selectAll().execute();
    expect(mails.length).toBe(mailsBefore + 1);
    const mail = mails.find((m) => m.subject.includes('Nhắc việc'));
    expect(t.deps.sealer.open(mail?.sealed_to as string)).toBe('hieutruong.mn@example.edu.vn');
    const audit = await db().kysely.selectFrom('audit_log').select('action').where('action', '=', 'programme_coverage.reminded').execute();
    expect(audit).toHaveLength(1);
    const head = await t.staff('school_admin', { schoolId: ids['DEMO-TH-01'] });
    expect((await head.request('POST', '/api/v1/programmes/coverage/reminders')).statusCode).toBe(403);
  });

  it('the daily job waits for the middle of the semester, then reminds every school still below N', async () => {
    const reminded = async () => (await db().kysely.selectFrom('programme_reminders').select('school_id').execute()).length;
    expect(await t.app.jobs.runNow('programmes.coverage-reminders')).toBe('success');
    expect(await reminded()).toBe(1); // 15 March: before the middle, nothing new
    now = new Date('2026-04-20T01:00:00Z');
    expect(await t.app.jobs.runNow('programmes.coverage-reminders')).toBe('success');
    expect(await reminded()).toBe(Object.keys(ids).length - 1); // every school but TH-01, MN-01 not twice
  });
});
