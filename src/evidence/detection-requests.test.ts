import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';
import { claimDetectionRequests, pendingDetectionRequests } from './detection-requests.js';

describeEachDb('intake: detection requests handed to the detection feature', (db) => {
  let t: TestApp;
  let officer: Session;
  const report = async (urls: string[]) => {
    const res = await officer.request('POST', '/api/v1/intake/reports', { incidentTypes: ['harmful_content'], urls, description: 'trang web độc hại' });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;
    const det = await officer.request('POST', `/api/v1/intake/reports/${id}/detection`);
    expect(det.statusCode).toBe(201);
    return { id, requestId: det.json().requestId as string };
  };

  beforeAll(async () => {
    t = await createTestApp(db());
    officer = await t.staff('intake_officer');
  });
  afterAll(() => t.close());

  it('hands over pending requests with their links unsealed, exactly once', async () => {
    const a = await report(['https://bad.example/a?x=1', 'http://other.example/']);
    const b = await report(['https://third.example/p']);
    // the links are sealed at rest
    const raw = JSON.stringify(await db().kysely.selectFrom('intake_detection_requests').selectAll().execute());
    expect(raw).not.toContain('bad.example');
    expect(await pendingDetectionRequests(db().kysely)).toBe(2);

    const got = await db()
      .kysely.transaction()
      .execute((trx) => claimDetectionRequests(trx, t.deps, 1));
    expect(got).toEqual([
      { requestId: a.requestId, reportId: a.id, urls: ['https://bad.example/a?x=1', 'http://other.example/'], createdAt: expect.any(String) },
    ]);
    const rest = await db()
      .kysely.transaction()
      .execute((trx) => claimDetectionRequests(trx, t.deps, 10));
    expect(rest.map((r) => r.requestId)).toEqual([b.requestId]);
    expect(
      await db()
        .kysely.transaction()
        .execute((trx) => claimDetectionRequests(trx, t.deps, 10)),
    ).toEqual([]);
    expect(await pendingDetectionRequests(db().kysely)).toBe(0);
  });

  it('leaves the request pending when the caller’s transaction fails, and never hands it out twice when two claim at once', async () => {
    const c = await report(['https://fourth.example/']);
    await expect(
      db()
        .kysely.transaction()
        .execute(async (trx) => {
          expect((await claimDetectionRequests(trx, t.deps, 10)).map((r) => r.requestId)).toEqual([c.requestId]);
          throw new Error('items could not be created');
        }),
    ).rejects.toThrow('items could not be created');
    expect(await pendingDetectionRequests(db().kysely)).toBe(1);
    const both = await Promise.all([
      db()
        .kysely.transaction()
        .execute((trx) => claimDetectionRequests(trx, t.deps, 10)),
      db()
        .kysely.transaction()
        .execute((trx) => claimDetectionRequests(trx, t.deps, 10)),
    ]);
    expect(both.flat().map((r) => r.requestId)).toEqual([c.requestId]);
  });
});
