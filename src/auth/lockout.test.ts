import { generate } from 'otplib';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type Session, STAFF_PASSWORD, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';
import { MAX_FAILED_LOGINS } from './attempts.js';
import * as passwords from './passwords.js';
import * as totp from './totp.js';

// Count the real checks (the real functions run; only the calls are counted): the point of the
// lock is how many guesses get checked, which no answer code shows.
vi.mock('./passwords.js', async (original) => {
  const real = await original<typeof import('./passwords.js')>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});
vi.mock('./totp.js', async (original) => {
  const real = await original<typeof import('./totp.js')>();
  return { ...real, consumeTotp: vi.fn(real.consumeTotp) };
});

/**
 * Issue 10, items 5 and 8: the lock must hold under concurrency. Before, every concurrent guess
 * read the count before any was written (SQLite: 50 of 100 checked; PostgreSQL: all 100, never
 * locked), concurrent TOTP guesses raised the count by one, and TOTP codes could be guessed
 * without limit through POST /auth/totp/disable.
 */
describeEachDb('account lockout under concurrency', (db) => {
  let t: TestApp;
  let now = Date.now();
  const passwordChecks = vi.mocked(passwords.verifyPassword);
  const totpChecks = vi.mocked(totp.consumeTotp);

  beforeAll(async () => {
    t = await createTestApp(db(), { clock: () => new Date(now) });
  });
  afterAll(() => t.close());

  const login = (username: string, password: string, code?: string, ip = '10.9.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { username, password, ...(code ? { totp: code } : {}) } });
  const account = (id: string) =>
    db().kysely.selectFrom('users').select(['failed_logins', 'locked_until', 'totp_enabled']).where('id', '=', id).executeTakeFirstOrThrow();
  const auditCount = async (id: string, action: string) =>
    (await db().kysely.selectFrom('audit_log').select('seq').where('subject_id', '=', id).where('action', '=', action).execute()).length;
  const tally = (codes: number[]) => {
    const counts: Record<number, number> = {};
    for (const c of codes) counts[c] = (counts[c] ?? 0) + 1;
    return counts;
  };

  /** A user with two-step verification on, its secret, and a signed-in session. */
  async function withTotp(): Promise<{ user: Session & { id: string; username: string }; secret: string }> {
    const user = await t.staff('intake_officer');
    const { secret } = (await user.request('POST', '/api/v1/auth/totp/setup')).json();
    expect((await user.request('POST', '/api/v1/auth/totp/enable', { code: await generate({ secret, epoch: Math.floor(now / 1000) }) })).statusCode).toBe(204);
    return { user, secret };
  }
  /** Six-digit codes that are none of the codes valid now (one step of drift either way). */
  async function wrongCodes(secret: string, n: number): Promise<string[]> {
    const valid = new Set(await Promise.all([-30, 0, 30].map((d) => generate({ secret, epoch: Math.floor(now / 1000) + d }))));
    const codes: string[] = [];
    for (let i = 0; codes.length < n; i++) {
      const c = String(100_000 + i * 7919).padStart(6, '0');
      if (!valid.has(c)) codes.push(c);
    }
    return codes;
  }

  it(`locks after exactly ${MAX_FAILED_LOGINS} of 100 concurrent wrong passwords from 5 addresses, checking no more`, async () => {
    const victim = await t.staff('analyst');
    passwordChecks.mockClear();
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => login(victim.username, `wrong-password-${i}`, undefined, `10.9.1.${(i % 5) + 1}`)));
    expect(passwordChecks).toHaveBeenCalledTimes(MAX_FAILED_LOGINS);
    expect(tally(answers.map((a) => a.statusCode))).toEqual({ 401: MAX_FAILED_LOGINS - 1, 423: 100 - (MAX_FAILED_LOGINS - 1) });
    const row = await account(victim.id);
    expect(row.failed_logins).toBe(MAX_FAILED_LOGINS);
    expect(Date.parse(row.locked_until ?? '')).toBeGreaterThan(now);
    expect(await auditCount(victim.id, 'user.login_failed')).toBe(MAX_FAILED_LOGINS);
    expect(await auditCount(victim.id, 'user.login_refused')).toBe(100 - MAX_FAILED_LOGINS);
    // locked means locked: the right password is not even checked
    const right = await login(victim.username, STAFF_PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(right.json().error.code).toBe('account_locked');
    expect(passwordChecks).toHaveBeenCalledTimes(MAX_FAILED_LOGINS);
  });

  it('after a lock runs out, checks one guess among many concurrent ones and locks again for longer', async () => {
    const victim = await t.staff('analyst');
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await login(victim.username, 'wrong-password!');
    const first = await account(victim.id);
    const firstLock = Date.parse(first.locked_until ?? '') - now;
    const start = now;
    now = Date.parse(first.locked_until ?? '') + 1_000;
    try {
      passwordChecks.mockClear();
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => login(victim.username, `wrong-again-${i}`, undefined, `10.9.2.${i % 5}`)));
      expect(passwordChecks).toHaveBeenCalledTimes(1);
      expect(answers.every((a) => a.statusCode === 423)).toBe(true);
      const again = await account(victim.id);
      expect(again.failed_logins).toBe(MAX_FAILED_LOGINS + 1);
      expect(Date.parse(again.locked_until ?? '') - now).toBe(2 * firstLock);
    } finally {
      now = start;
    }
  });

  it(`checks at most ${MAX_FAILED_LOGINS} of 30 concurrent wrong TOTP codes sent with the right password`, async () => {
    const { user, secret } = await withTotp();
    const codes = await wrongCodes(secret, 30);
    totpChecks.mockClear();
    const answers = await Promise.all(codes.map((code, i) => login(user.username, STAFF_PASSWORD, code, `10.9.3.${(i % 5) + 1}`)));
    expect(totpChecks).toHaveBeenCalledTimes(MAX_FAILED_LOGINS);
    expect(tally(answers.map((a) => a.statusCode))).toEqual({ 401: MAX_FAILED_LOGINS - 1, 423: 30 - (MAX_FAILED_LOGINS - 1) });
    expect((await account(user.id)).failed_logins).toBe(MAX_FAILED_LOGINS);
    // the right code now opens nothing either
    const right = await login(user.username, STAFF_PASSWORD, await generate({ secret, epoch: Math.floor(now / 1000) + 30 }));
    expect(right.statusCode).toBe(423);
  });

  it('does not count the right password sent before its TOTP code', async () => {
    const { user, secret } = await withTotp();
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) expect((await login(user.username, 'wrong-password!')).statusCode).toBe(401);
    const step = await login(user.username, STAFF_PASSWORD);
    expect(step.json().error.code).toBe('totp_required');
    expect(await account(user.id)).toMatchObject({ failed_logins: MAX_FAILED_LOGINS - 1, locked_until: null });
    const ok = await login(user.username, STAFF_PASSWORD, await generate({ secret, epoch: Math.floor(now / 1000) + 30 }));
    expect(ok.statusCode).toBe(200);
    expect(await account(user.id)).toMatchObject({ failed_logins: 0, locked_until: null });
  });

  it('counts wrong codes on POST /auth/totp/disable like sign-in and locks: 40 in a row do not get 40 checks', async () => {
    const { user, secret } = await withTotp();
    const codes = await wrongCodes(secret, 40);
    totpChecks.mockClear();
    const answers: Array<{ status: number; code: string }> = [];
    for (const code of codes) {
      const res = await user.request('POST', '/api/v1/auth/totp/disable', { code });
      answers.push({ status: res.statusCode, code: res.json().error.code });
    }
    expect(totpChecks).toHaveBeenCalledTimes(MAX_FAILED_LOGINS);
    expect(answers.slice(0, MAX_FAILED_LOGINS - 1).every((a) => a.status === 400 && a.code === 'totp_invalid')).toBe(true);
    expect(answers.slice(MAX_FAILED_LOGINS - 1).every((a) => a.status === 423 && a.code === 'account_locked')).toBe(true);
    expect(await auditCount(user.id, 'user.verification_failed')).toBe(MAX_FAILED_LOGINS);
    expect(await auditCount(user.id, 'user.verification_refused')).toBe(40 - MAX_FAILED_LOGINS);
    // still on, even for the right code while locked; signing in is locked too
    const right = await user.request('POST', '/api/v1/auth/totp/disable', { code: await generate({ secret, epoch: Math.floor(now / 1000) + 30 }) });
    expect(right.statusCode).toBe(423);
    expect((await account(user.id)).totp_enabled).toBe(1);
    expect((await login(user.username, STAFF_PASSWORD)).statusCode).toBe(423);
  });

  it('counts concurrent wrong codes on POST /auth/totp/disable the same way', async () => {
    const { user, secret } = await withTotp();
    const codes = await wrongCodes(secret, 40);
    totpChecks.mockClear();
    const answers = await Promise.all(codes.map((code) => user.request('POST', '/api/v1/auth/totp/disable', { code })));
    expect(totpChecks).toHaveBeenCalledTimes(MAX_FAILED_LOGINS);
    expect(tally(answers.map((a) => a.statusCode))).toEqual({ 400: MAX_FAILED_LOGINS - 1, 423: 40 - (MAX_FAILED_LOGINS - 1) });
    expect(await account(user.id)).toMatchObject({ failed_logins: MAX_FAILED_LOGINS, totp_enabled: 1 });
  });

  it('a right code or password inside the session gives back its own attempt and no more', async () => {
    const { user, secret } = await withTotp();
    const [wrong] = await wrongCodes(secret, 1);
    expect((await user.request('POST', '/api/v1/auth/totp/disable', { code: wrong })).statusCode).toBe(400);
    expect((await user.request('POST', '/api/v1/auth/password', { currentPassword: 'not-my-password', newPassword: 'a-new-long-password-9' })).statusCode).toBe(
      400,
    );
    expect((await account(user.id)).failed_logins).toBe(2);
    // right password, too weak a new one: the check passed, the count stays at 2
    expect((await user.request('POST', '/api/v1/auth/password', { currentPassword: STAFF_PASSWORD, newPassword: 'short' })).statusCode).toBe(400);
    expect((await user.request('POST', '/api/v1/auth/totp/disable', { code: await generate({ secret, epoch: Math.floor(now / 1000) + 30 }) })).statusCode).toBe(
      204,
    );
    expect(await account(user.id)).toMatchObject({ failed_logins: 2, totp_enabled: 0 });
  });

  it('keeps counting while an administrator edits the account at the same time', async () => {
    const victim = await t.staff('analyst');
    const admin = await t.login('admin', ADMIN_PASSWORD);
    passwordChecks.mockClear();
    const guesses = Array.from({ length: 60 }, (_, i) => login(victim.username, `wrong-${i}`, undefined, `10.9.4.${i % 5}`));
    const edits = Array.from({ length: 20 }, (_, i) => admin.request('PATCH', `/api/v1/users/${victim.id}`, { displayName: `Tên ${i}` }));
    const [answers] = await Promise.all([Promise.all(guesses), Promise.all(edits)]);
    // an edit writing back the count it read would have let more guesses be checked
    expect(passwordChecks.mock.calls.filter(([, password]) => String(password).startsWith('wrong-'))).toHaveLength(MAX_FAILED_LOGINS);
    expect(answers.filter((a) => a.statusCode === 401)).toHaveLength(MAX_FAILED_LOGINS - 1);
    expect((await account(victim.id)).failed_logins).toBe(MAX_FAILED_LOGINS);
  });

  it('locks after wrong current passwords on POST /auth/password, and an administrator can unlock', async () => {
    const user = await t.staff('analyst');
    passwordChecks.mockClear();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        user.request('POST', '/api/v1/auth/password', { currentPassword: `guess-${i}`, newPassword: 'a-new-long-password-3' }),
      ),
    );
    expect(passwordChecks).toHaveBeenCalledTimes(MAX_FAILED_LOGINS);
    expect(tally(answers.map((a) => a.statusCode))).toEqual({ 400: MAX_FAILED_LOGINS - 1, 423: 20 - (MAX_FAILED_LOGINS - 1) });
    const admin = await t.login('admin', ADMIN_PASSWORD);
    expect((await admin.request('PATCH', `/api/v1/users/${user.id}`, { unlock: true })).statusCode).toBe(200);
    expect((await user.request('POST', '/api/v1/auth/password', { currentPassword: STAFF_PASSWORD, newPassword: 'a-new-long-password-3' })).statusCode).toBe(
      204,
    );
    expect((await login(user.username, 'a-new-long-password-3')).statusCode).toBe(200);
  });
});
