import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../../testing/app.js';
import { describeEachDb } from '../../testing/databases.js';

describeEachDb('API tokens for machines', (db) => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp(db());
    admin = await t.login('admin', ADMIN_PASSWORD);
  });
  afterAll(() => t.close());

  const bearer = (secret: string, url: string, method: 'GET' | 'POST' = 'GET', payload?: unknown) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${secret}` }, ...(payload ? { payload: payload as object } : {}) });

  it('shows the secret once, stores only its hash, and lets the token do what its scopes allow', async () => {
    const res = await admin.request('POST', '/api/v1/tokens', { name: 'Hệ thống 111', scopes: ['schools:read'] });
    expect(res.statusCode).toBe(201);
    const { token, secret } = res.json();
    expect(secret).toMatch(/^lct_/);
    const row = await db().kysely.selectFrom('api_tokens').selectAll().where('id', '=', token.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret.slice(10));
    expect(JSON.stringify((await admin.request('GET', '/api/v1/tokens')).json())).not.toContain(secret.slice(10));

    expect((await bearer(secret, '/api/v1/schools')).statusCode).toBe(200);
    // Scope schools:read does not open users or school writes; no CSRF is needed for bearer calls.
    expect((await bearer(secret, '/api/v1/users')).statusCode).toBe(403);
    expect((await bearer(secret, '/api/v1/schools', 'POST', { code: 'T1', name: 'T', level: 'primary', unitId: '00070' })).statusCode).toBe(403);

    const used = await db()
      .kysely.selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('subject_id', '=', token.id)
      .where('action', '=', 'token.used')
      .execute();
    expect(used.length).toBeGreaterThanOrEqual(3);
    expect(used[0]?.detail).toContain('/api/v1/schools');
    const listed = (await admin.request('GET', '/api/v1/tokens')).json().items.find((x: { id: string }) => x.id === token.id);
    expect(listed.lastUsedAt).not.toBeNull();
  });

  it('stops working the moment it is revoked, and a forged or expired one never works', async () => {
    const { token, secret } = (await admin.request('POST', '/api/v1/tokens', { name: 'Nút lọc 1', scopes: ['filter:sync', 'org:read'] })).json();
    expect((await bearer(secret, '/api/v1/units')).statusCode).toBe(200);
    expect((await admin.request('DELETE', `/api/v1/tokens/${token.id}`)).statusCode).toBe(204);
    const after = await bearer(secret, '/api/v1/units');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('invalid_token');
    expect((await bearer(`${secret.slice(0, -2)}xx`, '/api/v1/units')).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/units', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } })).statusCode).toBe(401);
    const past = await admin.request('POST', '/api/v1/tokens', { name: 'Hết hạn', scopes: ['org:read'], expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.statusCode).toBe(400);
  });

  it('is revoked in another process too (a row changed in the database), within two seconds', async () => {
    let now = Date.parse('2026-11-29T08:00:00Z');
    const other = await createTestApp(db(), { clock: () => new Date(now) });
    try {
      const { token, secret } = (await admin.request('POST', '/api/v1/tokens', { name: 'Đối tác 2', scopes: ['org:read'] })).json();
      const call = () => other.app.inject({ url: '/api/v1/units', headers: { authorization: `Bearer ${secret}` } });
      expect((await call()).statusCode).toBe(200);
      // revoked elsewhere: this process still holds the row it read a moment ago…
      await db()
        .kysely.updateTable('api_tokens')
        .set({ revoked_at: new Date(now).toISOString() })
        .where('id', '=', token.id)
        .execute();
      now += 1_000;
      expect((await call()).statusCode).toBe(200);
      // …and reads it again once it is two seconds old
      now += 1_001;
      expect((await call()).statusCode).toBe(401);
      now += 5_000;
      expect((await call()).statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('rejects unknown scopes and lets only administrators issue tokens', async () => {
    const bad = await admin.request('POST', '/api/v1/tokens', { name: 'x', scopes: ['everything'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('everything');
    const analyst = await t.staff('analyst');
    expect((await analyst.request('POST', '/api/v1/tokens', { name: 'x', scopes: ['org:read'] })).statusCode).toBe(403);
  });
});
