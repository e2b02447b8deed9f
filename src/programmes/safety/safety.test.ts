import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../../testing/app.js';
import { describeEachDb } from '../../testing/databases.js';
import { safetyChecklistFeed } from '../feed.js';
import { CHECKLIST_ITEMS } from './checklist-items.js';

const NOW = new Date('2026-03-15T03:00:00Z');
const WARD_A = '00070';
const WARD_B = '00004';

describeEachDb('programmes: information-safety checklist and approved learning platforms', (db) => {
  let t: TestApp;
  let admin: Session;
  let head: Session;
  let ward: Session;
  let schoolA: string;
  let schoolB: string;
  const allMet = () => Object.fromEntries(CHECKLIST_ITEMS.map((i) => [i.code, { met: true, evidence: `Biên bản kiểm tra ${i.code}` }]));

  beforeAll(async () => {
    t = await createTestApp(db(), { clock: () => NOW });
    admin = await t.login('admin', ADMIN_PASSWORD);
    const schools = await db().kysely.selectFrom('schools').select(['id', 'code']).execute();
    schoolA = schools.find((s) => s.code === 'DEMO-TH-01')?.id as string;
    schoolB = schools.find((s) => s.code === 'DEMO-THCS-01')?.id as string;
    head = await t.staff('school_admin', { schoolId: schoolA });
    ward = await t.staff('case_worker', { unitId: WARD_A });
  });
  afterAll(() => t.close());

  it('scores a self-assessment, lets the ward approve it with a confirmed score, and feeds the indicators', async () => {
    const answers = { ...allMet(), photo_consent: { met: false, evidence: null }, backups: { met: false } };
    const res = await head.request('POST', '/api/v1/programmes/checklists', { schoolId: schoolA, assessedOn: '2026-03-10', answers });
    expect(res.statusCode).toBe(201);
    // weights: 14 in all; photo_consent (2) and backups (1) not met → 11/14 = 78.6
    expect(res.json()).toMatchObject({ status: 'submitted', selfScore: 78.6, score: null, schoolName: 'Trường Tiểu học Lá Chắn 1 (Demo)' });
    expect((await head.request('POST', `/api/v1/programmes/checklists/${res.json().id}/review`, { decision: 'approve' })).statusCode).toBe(403);
    const other = await t.staff('case_worker', { unitId: WARD_B });
    expect((await other.request('POST', `/api/v1/programmes/checklists/${res.json().id}/review`, { decision: 'approve' })).statusCode).toBe(404);
    // the ward does not accept the evidence for dns_filter (2): 9/14 = 64.3
    const approved = await ward.request('POST', `/api/v1/programmes/checklists/${res.json().id}/review`, {
      decision: 'approve',
      notAccepted: ['dns_filter'],
      note: 'Chưa thấy cấu hình DNS',
    });
    expect(approved.json()).toMatchObject({ status: 'approved', score: 64.3, reviewNote: 'Chưa thấy cấu hình DNS' });
    expect((await ward.request('POST', `/api/v1/programmes/checklists/${res.json().id}/review`, { decision: 'return' })).statusCode).toBe(409);
    const feed = await safetyChecklistFeed(db().kysely, { from: '2025-09-01', to: '2026-06-01' });
    expect(feed.find((r) => r.schoolId === schoolA)).toEqual({ schoolId: schoolA, unitId: WARD_A, score: 64.3, reviewed: true, selfScore: 78.6 });
    expect((await other.request('GET', '/api/v1/programmes/checklists')).json().total).toBe(0);
  });

  it('refuses incomplete or hostile self-assessments with a 400 naming the item, writing nothing', async () => {
    const count = async () => (await db().kysely.selectFrom('programme_checklists').select('id').execute()).length;
    const before = await count();
    const { dns_filter: _gone, ...missing } = allMet();
    for (const [answers, message] of [
      [missing, /dns_filter/],
      [{ ...allMet(), no_such_item: { met: true, evidence: 'x' } }, /no_such_item/],
      [{ ...allMet(), backups: { met: true, evidence: '' } }, /sao lưu/],
      [{ ...allMet(), backups: { met: 'yes' } }, /met/],
      [{ ...allMet(), backups: { met: true, evidence: 'x'.repeat(5000) } }, /evidence/],
    ] as const) {
      const res = await head.request('POST', '/api/v1/programmes/checklists', { schoolId: schoolA, assessedOn: '2026-03-10', answers });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toMatch(message);
    }
    expect(
      (await head.request('POST', '/api/v1/programmes/checklists', { schoolId: schoolA, assessedOn: '2026-12-31', answers: allMet() })).json().error.message,
    ).toBe('Mục "Ngày đánh giá": ngày 2026-12-31 nằm trong tương lai.');
    expect((await head.request('POST', '/api/v1/programmes/checklists', { schoolId: schoolB, assessedOn: '2026-03-10', answers: allMet() })).statusCode).toBe(
      404,
    );
    expect(await count()).toBe(before);
  });

  it('approved learning platforms open in class-time learning mode for that school only', async () => {
    expect(
      (await admin.request('PATCH', '/api/v1/filter/bands/primary', { schedules: [{ days: [1, 2, 3, 4, 5], from: '07:30', to: '11:30', mode: 'learning' }] }))
        .statusCode,
    ).toBe(200);
    const monday10 = '2026-03-02T03:00:00Z';
    const check = async (schoolId: string, domain: string) =>
      (await admin.request('GET', `/api/v1/filter/check?domain=${domain}&band=primary&schoolId=${schoolId}&at=${monday10}`)).json();
    expect(await check(schoolA, 'lop-hoc-so.example.vn')).toMatchObject({ decision: 'blocked', category: 'learning_mode' });
    const saved = await head.request('PUT', `/api/v1/programmes/schools/${schoolA}/learning-platforms`, {
      platforms: [
        { name: 'Lớp học số của trường', domain: 'Lop-Hoc-So.example.vn' },
        { name: 'Thư viện điện tử', domain: 'thuvien.example.vn' },
      ],
    });
    expect(saved.statusCode).toBe(200);
    expect(
      saved
        .json()
        .map((p: { domain: string }) => p.domain)
        .sort(),
    ).toEqual(['lop-hoc-so.example.vn', 'thuvien.example.vn']);
    expect(await check(schoolA, 'lop-hoc-so.example.vn')).toMatchObject({ decision: 'allowed' });
    expect(await check(schoolB, 'lop-hoc-so.example.vn')).toMatchObject({ decision: 'blocked', category: 'learning_mode' });
    // replacing the list takes the old platform's entry out of the filter again
    await head.request('PUT', `/api/v1/programmes/schools/${schoolA}/learning-platforms`, {
      platforms: [{ name: 'Thư viện điện tử', domain: 'thuvien.example.vn' }],
    });
    expect(await check(schoolA, 'lop-hoc-so.example.vn')).toMatchObject({ decision: 'blocked', category: 'learning_mode' });
    expect(await check(schoolA, 'thuvien.example.vn')).toMatchObject({ decision: 'allowed' });
    for (const platforms of [
      [{ name: 'x', domain: 'not a domain' }],
      [
        { name: 'x', domain: 'a.vn' },
        { name: 'y', domain: 'A.vn' },
      ],
      [{ name: '', domain: 'a.vn' }],
    ]) {
      expect((await head.request('PUT', `/api/v1/programmes/schools/${schoolA}/learning-platforms`, { platforms })).statusCode).toBe(400);
    }
    expect((await head.request('PUT', `/api/v1/programmes/schools/${schoolB}/learning-platforms`, { platforms: [] })).statusCode).toBe(404);
    expect((await ward.request('PUT', `/api/v1/programmes/schools/${schoolA}/learning-platforms`, { platforms: [] })).statusCode).toBe(403);
    expect((await ward.request('GET', `/api/v1/programmes/schools/${schoolA}/learning-platforms`)).json()).toHaveLength(1);
  });
});
