import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../../testing/app.js';
import { describeEachDb } from '../../testing/databases.js';

describeEachDb('agencies as data', (db) => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp(db());
    admin = await t.login('admin', ADMIN_PASSWORD);
  });
  afterAll(() => t.close());

  it('seeds the 2026 structure: child protection with Health, online information with Culture', async () => {
    const items = (await admin.request('GET', '/api/v1/agencies')).json().items as Array<{ code: string; responsibilities: string[] }>;
    const byCode = Object.fromEntries(items.map((a) => [a.code, a.responsibilities]));
    expect(byCode.SYT).toContain('victim_support');
    expect(byCode.SVHTT).toContain('takedown');
    expect(byCode.CATP).toContain('violation_handling');
    expect(byCode.SKHCN).toContain('information_security');
  });

  it('moves a responsibility between agencies by editing data, audited, without blocking the server', async () => {
    const items = (await admin.request('GET', '/api/v1/agencies')).json().items as Array<{ id: string; code: string; responsibilities: string[] }>;
    const health = items.find((a) => a.code === 'SYT')!;
    const res = await admin.request('PATCH', `/api/v1/agencies/${health.id}`, {
      responsibilities: [...health.responsibilities, 'outreach'],
      email: 'baovetreem@example.vn',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ email: 'baovetreem@example.vn', responsibilities: expect.arrayContaining(['outreach', 'victim_support']) });
    expect((await t.app.inject('/readyz')).statusCode).toBe(200);
    const audit = await db().kysely.selectFrom('audit_log').select('action').where('subject_id', '=', health.id).execute();
    expect(audit.map((a) => a.action)).toContain('agency.updated');
  });

  it('creates a ward-level agency and refuses unknown responsibilities or a level that does not match the unit', async () => {
    const body = {
      code: 'UBND-HK',
      name: 'UBND phường Hoàn Kiếm',
      nameEn: 'Hoan Kiem Ward People’s Committee',
      level: 'ward',
      unitId: '00070',
      responsibilities: ['victim_support'],
    };
    expect((await admin.request('POST', '/api/v1/agencies', body)).statusCode).toBe(201);
    expect((await admin.request('POST', '/api/v1/agencies', { ...body, code: 'X1', responsibilities: ['mind_reading'] })).statusCode).toBe(400);
    expect((await admin.request('POST', '/api/v1/agencies', { ...body, code: 'X2', level: 'city' })).statusCode).toBe(400);
    const analyst = await t.staff('analyst');
    expect((await analyst.request('POST', '/api/v1/agencies', { ...body, code: 'X3' })).statusCode).toBe(403);
  });
});
