import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';
import { GRADES_BY_LEVEL } from './sessions/grades-by-level.js';

const NOW = new Date('2026-03-15T03:00:00Z'); // 10:00 in Hà Nội
const WARD_A = '00070'; // demo kindergarten and primary school
const WARD_B = '00004'; // demo lower and upper secondary school

describeEachDb('programmes: sessions, trainings, outreach, topics', (db) => {
  let t: TestApp;
  let admin: Session;
  let schoolA: string; // primary, ward A
  let schoolA2: string; // kindergarten, ward A
  let schoolB: string; // ward B
  let topicId: string;
  let head: Session;
  let ward: Session;
  let otherWard: Session;
  const count = async (table: 'programme_sessions' | 'programme_trainings' | 'programme_outreach' | 'programme_topics') =>
    Number(
      (
        await db()
          .kysely.selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const session = (over: Record<string, unknown> = {}) => ({
    schoolId: schoolA,
    heldOn: '2026-03-02',
    topicId,
    audience: 'students',
    grades: [4, 5],
    attendance: 62,
    ...over,
  });

  beforeAll(async () => {
    t = await createTestApp(db(), { clock: () => NOW });
    admin = await t.login('admin', ADMIN_PASSWORD);
    const schools = await db().kysely.selectFrom('schools').select(['id', 'code']).execute();
    const byCode = (c: string) => schools.find((s) => s.code === c)?.id as string;
    schoolA = byCode('DEMO-TH-01');
    schoolA2 = byCode('DEMO-MN-01');
    schoolB = byCode('DEMO-THCS-01');
    topicId = (await admin.request('GET', '/api/v1/programmes/topics')).json()[0].id;
    head = await t.staff('school_admin', { schoolId: schoolA });
    ward = await t.staff('case_worker', { unitId: WARD_A });
    otherWard = await t.staff('case_worker', { unitId: WARD_B });
  });
  afterAll(() => t.close());

  it('ships the six topics of issue 14 in Vietnamese and English, editable by the city only', async () => {
    const topics = (await head.request('GET', '/api/v1/programmes/topics')).json();
    expect(topics.map((x: { code: string }) => x.code)).toEqual(['safe_internet', 'cyberbullying', 'privacy', 'grooming_sextortion', 'scams', 'report_help']);
    expect(topics[3].name).toBe('Nhận biết dụ dỗ và tống tiền tình dục');
    expect((await head.request('POST', '/api/v1/programmes/topics', { code: 'gaming', name: 'Trò chơi trực tuyến', nameEn: 'Online games' })).statusCode).toBe(
      403,
    );
    const created = await admin.request('POST', '/api/v1/programmes/topics', { code: 'gaming', name: 'Trò chơi trực tuyến', nameEn: 'Online games' });
    expect(created.statusCode).toBe(201);
    expect((await admin.request('POST', '/api/v1/programmes/topics', { code: 'gaming', name: 'x', nameEn: 'x' })).statusCode).toBe(409);
    const retired = await admin.request('PATCH', `/api/v1/programmes/topics/${created.json().id}`, { active: false });
    expect(retired.json().active).toBe(false);
    // a retired topic takes no new session
    const res = await head.request('POST', '/api/v1/programmes/sessions', session({ topicId: created.json().id }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/^Mục "Chủ đề": /);
  });

  it('a school admin records a session for their school; it is audited and read back with names', async () => {
    const res = await head.request('POST', '/api/v1/programmes/sessions', session({ materials: 'Slide "An toàn trên mạng", video 10 phút' }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      schoolId: schoolA,
      unitId: WARD_A,
      heldOn: '2026-03-02',
      audience: 'students',
      grades: [4, 5],
      attendance: 62,
      hasPhoto: false,
    });
    expect(res.json().schoolName).toBe('Trường Tiểu học Lá Chắn 1 (Demo)');
    expect(res.json().topicName).toBe('Sử dụng Internet an toàn');
    const entry = await db().kysely.selectFrom('audit_log').select(['action', 'actor_id']).where('subject_id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(entry.action).toBe('programme_session.created');
    const edited = await head.request('PUT', `/api/v1/programmes/sessions/${res.json().id}`, {
      heldOn: '2026-03-03',
      topicId,
      audience: 'parents',
      attendance: 40,
    });
    expect(edited.json()).toMatchObject({ heldOn: '2026-03-03', audience: 'parents', grades: [], attendance: 40, schoolId: schoolA });
  });

  it('keeps each school and ward to its own records (404 for others, never their data)', async () => {
    const own = await ward.request('POST', '/api/v1/programmes/sessions', session({ schoolId: schoolA2, audience: 'teachers', grades: [] }));
    expect(own.statusCode).toBe(201);
    const inB = await admin.request('POST', '/api/v1/programmes/sessions', session({ schoolId: schoolB, grades: [7] }));
    expect(inB.statusCode).toBe(201);
    const before = await count('programme_sessions');
    // a school admin for another school, a ward officer for another ward's school
    for (const [who, body] of [
      [head, session({ schoolId: schoolA2 })],
      [head, session({ schoolId: schoolB })],
      [ward, session({ schoolId: schoolB })],
    ] as const) {
      const res = await who.request('POST', '/api/v1/programmes/sessions', body);
      expect(res.statusCode).toBe(404);
      expect(Object.keys(res.json())).toEqual(['error']);
    }
    expect(await count('programme_sessions')).toBe(before);
    expect((await head.request('GET', `/api/v1/programmes/sessions/${inB.json().id}`)).statusCode).toBe(404);
    expect((await otherWard.request('DELETE', `/api/v1/programmes/sessions/${own.json().id}`)).statusCode).toBe(404);
    const headList = (await head.request('GET', '/api/v1/programmes/sessions')).json();
    expect(new Set(headList.items.map((s: { schoolId: string }) => s.schoolId))).toEqual(new Set([schoolA]));
    const wardList = (await ward.request('GET', `/api/v1/programmes/sessions?unitId=${WARD_B}`)).json();
    expect(wardList).toEqual({ items: [], total: 0 });
    const leader = await t.staff('city_leader');
    expect((await leader.request('GET', '/api/v1/programmes/sessions')).json().total).toBe(before);
    expect((await leader.request('POST', '/api/v1/programmes/sessions', session())).statusCode).toBe(403);
  });

  it('refuses hostile input with a 400 naming the field, and writes nothing', async () => {
    const before = await count('programme_sessions');
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [session({ audience: 'everyone' }), /audience/],
      [session({ heldOn: '2026-03-16' }), /^Mục "Ngày": ngày 2026-03-16 nằm trong tương lai\.$/],
      [session({ heldOn: '2099-01-01' }), /^Mục "Ngày"/],
      [session({ heldOn: '2026-02-30' }), /^Mục "Ngày": ngày không hợp lệ/],
      [session({ heldOn: '1990-01-01' }), /^Mục "Ngày": ngày 1990-01-01 trước 2015-01-01/],
      [session({ attendance: 'sáu mươi' }), /attendance/],
      [session({ attendance: 6.5 }), /attendance/],
      [session({ grades: { a: 1 } }), /grades/],
      [session({ attendance: 1e9 }), /attendance/],
      [session({ attendance: -1 }), /attendance/],
      [session({ materials: 'x'.repeat(100_000) }), /materials/],
      [session({ grades: [13] }), /grades/],
      // issue 14 item 7: the school's level decides the grades (DEMO-TH-01 is a primary school)
      [session({ grades: [12] }), /^Mục "Khối lớp": trường này không có khối 12 \(cấp học của trường chỉ có khối 1–5\)\.$/],
      [session({ grades: [0, 5, 6] }), /không có khối 0, 6 /],
      [session({ grades: [] }), /^Mục "Khối lớp": buổi dành cho học sinh cần ghi khối lớp\.$/],
      [session({ audience: 'parents', grades: [3] }), /^Mục "Khối lớp": chỉ ghi khối lớp khi/],
      [session({ topicId: 'no-such-topic' }), /^Mục "Chủ đề": /],
      [session({ schoolId: 'no-such-school' }), /^Mục "Trường": không có trường học này/],
      [session({ unexpected: true }), /unexpected|thuộc tính|property/i],
      [{ ...session(), schoolId: undefined }, /schoolId/],
    ];
    for (const [body, message] of cases) {
      const res = await head.request('POST', '/api/v1/programmes/sessions', body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 120)).toBe(400);
      expect(res.json().error.message, JSON.stringify(body).slice(0, 120)).toMatch(message);
    }
    const en = await head.request('POST', '/api/v1/programmes/sessions', session({ heldOn: '2026-04-01' }), { 'accept-language': 'en' });
    expect(en.json().error.message).toBe('Field "Date": 2026-04-01 is in the future.');
    expect(await count('programme_sessions')).toBe(before);
    // the same rule lets a kindergarten record its pre-school group (0) and nothing else
    const mn = (grades: number[]) => admin.request('POST', '/api/v1/programmes/sessions', session({ schoolId: schoolA2, grades }));
    expect((await mn([1])).json().error.message).toMatch(/không có khối 1 .*chỉ có khối 0\)/);
    const zero = await mn([0]);
    expect(zero.statusCode, zero.body).toBe(201);
    await admin.request('DELETE', `/api/v1/programmes/sessions/${zero.json().id}`);
  });

  it('sends the console the grades each school level teaches — the rule the API enforces — to staff only', async () => {
    const rule = await head.request('GET', '/api/v1/programmes/grades-by-level');
    expect(rule.statusCode).toBe(200);
    expect(rule.json()).toEqual(JSON.parse(JSON.stringify(GRADES_BY_LEVEL)));
    expect(rule.json().primary).toEqual([1, 5]);
    // what the rule sends is what the API takes: the primary school's last grade in, the next out
    const [, last] = rule.json().primary as [number, number];
    expect((await head.request('POST', '/api/v1/programmes/sessions', session({ grades: [last + 1] }))).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/programmes/grades-by-level' })).statusCode).toBe(401);
  });

  it('records staff trainings (who, hours, certificate) within the same scopes', async () => {
    const res = await head.request('POST', '/api/v1/programmes/trainings', {
      schoolId: schoolA,
      heldOn: '2026-02-20',
      traineeName: 'Nguyễn Thị Hoa',
      traineeRole: 'teacher',
      course: 'Phòng chống xâm hại trẻ em trên mạng',
      hours: 7.5,
      certificateNo: 'CC-2026/015',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ traineeName: 'Nguyễn Thị Hoa', hours: 7.5, certificateNo: 'CC-2026/015', unitId: WARD_A });
    const audit = await db().kysely.selectFrom('audit_log').select('detail').where('subject_id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(audit.detail).not.toContain('Hoa'); // the name stays in the record, not the trail
    const before = await count('programme_trainings');
    for (const body of [
      { schoolId: schoolA, heldOn: '2026-02-20', traineeName: 'A', traineeRole: 'janitor', course: 'x', hours: 1 },
      { schoolId: schoolA, heldOn: '2026-02-20', traineeName: 'A', traineeRole: 'teacher', course: 'x', hours: 0 },
      { schoolId: schoolA, heldOn: '2026-02-20', traineeName: 'A'.repeat(500), traineeRole: 'teacher', course: 'x', hours: 1 },
      { schoolId: schoolA, heldOn: '2027-01-01', traineeName: 'A', traineeRole: 'teacher', course: 'x', hours: 1 },
    ]) {
      expect((await head.request('POST', '/api/v1/programmes/trainings', body)).statusCode).toBe(400);
    }
    expect(
      (
        await head.request('POST', '/api/v1/programmes/trainings', {
          schoolId: schoolB,
          heldOn: '2026-02-20',
          traineeName: 'A',
          traineeRole: 'teacher',
          course: 'x',
          hours: 1,
        })
      ).statusCode,
    ).toBe(404);
    expect(await count('programme_trainings')).toBe(before);
    expect((await otherWard.request('GET', '/api/v1/programmes/trainings')).json().total).toBe(0);
    expect((await ward.request('GET', '/api/v1/programmes/trainings')).json().total).toBe(1);
  });

  it('records outreach per residential group for the own ward only', async () => {
    const body = { unitId: WARD_A, groupKind: 'to_dan_pho', groupName: 'Tổ dân phố số 5', heldOn: '2026-03-01', topicId, participants: 48, households: 30 };
    const res = await ward.request('POST', '/api/v1/programmes/outreach', body);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ unitName: 'Hoàn Kiếm', groupName: 'Tổ dân phố số 5', participants: 48, households: 30 });
    const before = await count('programme_outreach');
    expect((await otherWard.request('POST', '/api/v1/programmes/outreach', body)).statusCode).toBe(404);
    expect((await head.request('POST', '/api/v1/programmes/outreach', body)).statusCode).toBe(403);
    expect((await admin.request('POST', '/api/v1/programmes/outreach', { ...body, groupKind: 'village' })).statusCode).toBe(400);
    expect((await admin.request('POST', '/api/v1/programmes/outreach', { ...body, unitId: '01' })).json().error.message).toBe(
      'Mục "Phường/xã": không phải phường/xã của Hà Nội (01).',
    );
    expect((await admin.request('POST', '/api/v1/programmes/outreach', { ...body, participants: 0 })).statusCode).toBe(400);
    expect(await count('programme_outreach')).toBe(before);
    expect((await head.request('GET', '/api/v1/programmes/outreach')).statusCode).toBe(403);
    expect((await otherWard.request('GET', '/api/v1/programmes/outreach')).json().total).toBe(0);
  });
});
