import { generate } from 'otplib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, STAFF_PASSWORD, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';
import { MAX_FAILED_LOGINS } from './login.js';

describeEachDb('signing in', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(db());
  });
  afterAll(() => t.close());

  const login = (username: string, password: string, totp?: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password, ...(totp ? { totp } : {}) } });

  it('gives the first administrator a hardened session cookie and a CSRF token', async () => {
    const res = await login('admin', ADMIN_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'lachan_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(res.json()).toMatchObject({ user: { username: 'admin', role: 'system_admin' }, csrfToken: expect.any(String) });
    const stored = await db().kysely.selectFrom('sessions').select('id').execute();
    expect(stored.map((s) => s.id)).not.toContain(cookie?.value); // only the hash is stored
  });

  it('answers a wrong password and an unknown user the same way, in the caller language', async () => {
    const wrong = await login('admin', 'not-the-password');
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'accept-language': 'en' },
      payload: { username: 'nobody', password: 'x' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toEqual({ code: 'invalid_credentials', message: 'Tên đăng nhập hoặc mật khẩu không đúng.' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error).toEqual({ code: 'invalid_credentials', message: 'Wrong username or password.' });
  });

  it(`locks an account after ${MAX_FAILED_LOGINS} failures, even for the right password, until unlocked`, async () => {
    const victim = await t.staff('analyst');
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) expect((await login(victim.username, 'wrong-password!')).statusCode).toBe(401);
    expect((await login(victim.username, 'wrong-password!')).statusCode).toBe(423);
    const right = await login(victim.username, STAFF_PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(right.json().error.code).toBe('account_locked');
    const admin = await t.login('admin', ADMIN_PASSWORD);
    expect((await admin.request('PATCH', `/api/v1/users/${victim.id}`, { unlock: true })).statusCode).toBe(200);
    expect((await login(victim.username, STAFF_PASSWORD)).statusCode).toBe(200);
    const audit = await db().kysely.selectFrom('audit_log').select(['action']).where('subject_id', '=', victim.id).execute();
    expect(audit.filter((a) => a.action === 'user.login_failed')).toHaveLength(MAX_FAILED_LOGINS);
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const s = await t.staff('system_admin');
    const body = { code: 'CSRF-1', name: 'Trường thử CSRF', level: 'primary', unitId: '00070' };
    const without = await t.app.inject({ method: 'POST', url: '/api/v1/schools', headers: { cookie: s.cookie }, payload: body });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf_invalid');
    const forged = await t.app.inject({ method: 'POST', url: '/api/v1/schools', headers: { cookie: s.cookie, 'x-csrf-token': 'forged' }, payload: body });
    expect(forged.statusCode).toBe(403);
    // Another user's valid token does not work with this session either.
    const other = await t.staff('system_admin');
    const tossed = await t.app.inject({ method: 'POST', url: '/api/v1/schools', headers: { cookie: s.cookie, 'x-csrf-token': other.csrf }, payload: body });
    expect(tossed.statusCode).toBe(403);
    expect(await db().kysely.selectFrom('schools').select('id').where('code', '=', 'CSRF-1').execute()).toHaveLength(0);
    expect((await s.request('POST', '/api/v1/schools', body)).statusCode).toBe(201);
  });

  it('ends the session at logout', async () => {
    const s = await t.staff('analyst');
    expect((await s.request('GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect((await s.request('POST', '/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await s.request('GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('asks for a TOTP code once two-step verification is on', async () => {
    const s = await t.staff('intake_officer');
    const setup = await s.request('POST', '/api/v1/auth/totp/setup');
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUri } = setup.json();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const stored = await db().kysely.selectFrom('users').select('totp_secret').where('id', '=', s.id).executeTakeFirstOrThrow();
    expect(stored.totp_secret).not.toContain(secret); // sealed at rest
    expect((await s.request('POST', '/api/v1/auth/totp/enable', { code: '000000' })).statusCode).toBe(400);
    expect((await s.request('POST', '/api/v1/auth/totp/enable', { code: await generate({ secret }) })).statusCode).toBe(204);

    const noCode = await login(s.username, STAFF_PASSWORD);
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.code).toBe('totp_required');
    const badCode = await login(s.username, STAFF_PASSWORD, '123456');
    expect(badCode.json().error.code).toBe('totp_invalid');
    // the code that turned it on was used: the next 30-second step's code (one step of drift allowed)
    const next = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const ok = await login(s.username, STAFF_PASSWORD, next);
    expect(ok.statusCode).toBe(200);
    // a code is good once: the same code again within its window is refused
    const replay = await login(s.username, STAFF_PASSWORD, next);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('totp_invalid');
  });

  it('changes a password only with the current one and a strong new one', async () => {
    const s = await t.staff('analyst');
    expect((await s.request('POST', '/api/v1/auth/password', { currentPassword: 'wrong', newPassword: 'a-new-long-password-2' })).statusCode).toBe(400);
    const weak = await s.request('POST', '/api/v1/auth/password', { currentPassword: STAFF_PASSWORD, newPassword: 'short' });
    expect(weak.json().error.code).toBe('password_too_short');
    expect((await s.request('POST', '/api/v1/auth/password', { currentPassword: STAFF_PASSWORD, newPassword: 'a-new-long-password-2' })).statusCode).toBe(204);
    expect((await login(s.username, 'a-new-long-password-2')).statusCode).toBe(200);
  });
});

describeEachDb('sign-in throttling per address', (db) => {
  it('answers 429 after the per-minute limit, before checking any password', async () => {
    const t = await createTestApp(db(), { http: { loginPerMinute: 3 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        codes.push((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: `u${i}`, password: 'x' } })).statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 429, 429]);
      const last = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
      expect(last.json().error.code).toBe('rate_limited');
    } finally {
      await t.close();
    }
  });
});
