import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindAuditKey } from '../audit/chain-key.js';
import { openPostgres } from '../db/database.js';
import { limiterFor } from '../intake/limits.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { createTestDb, TEST_SECRET_KEY, type TestDb, testDialects } from '../testing/databases.js';
import { MemoryCounters, rateCountersFor } from './rate-counters.js';

/**
 * Rate limits and sign-in throttles hold across web instances: two apps, each with its own
 * PostgreSQL pool (two processes' worth of state), on one database, requests split between them.
 * PostgreSQL only: on SQLite the platform is one process and the counters are its memory (the
 * limits' behaviour there is covered by the auth, public and intake tests).
 */
describe.skipIf(!testDialects().includes('postgres'))('rate limits across two instances [postgres]', () => {
  let db: TestDb;
  let a: TestApp;
  let b: TestApp;
  const LOGIN_PER_MINUTE = 6;
  const API_PER_MINUTE = 40;
  beforeAll(async () => {
    db = await createTestDb('postgres');
    const second = openPostgres(db.url as string, 4);
    // as the platform does on start: the audit chain's key, from the (shared) secret key
    bindAuditKey(second, TEST_SECRET_KEY);
    const http = { loginPerMinute: LOGIN_PER_MINUTE, rateLimitPerMinute: API_PER_MINUTE };
    a = await createTestApp(db, { http });
    b = await createTestApp({ ...second, url: db.url, file: null, drop: () => second.close() }, { http });
  }, 30_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await b?.deps.db.close();
    await db?.drop();
  });

  it('sign-in: the per-address limit counts the attempts of both instances together, also when they arrive at once', async () => {
    const attempt = (app: TestApp) =>
      app.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody-here', password: 'wrong-password' } });
    // twice the limit, at once, alternating between the instances
    const codes = (await Promise.all(Array.from({ length: LOGIN_PER_MINUTE * 2 }, (_, i) => attempt(i % 2 ? b : a)))).map((r) => r.statusCode);
    expect(
      codes.filter((c) => c === 429),
      JSON.stringify(codes),
    ).toHaveLength(LOGIN_PER_MINUTE);
    expect(
      codes.filter((c) => c === 401),
      JSON.stringify(codes),
    ).toHaveLength(LOGIN_PER_MINUTE);
    // and the next one, on either instance, is refused with the platform's error shape and a wait
    for (const app of [a, b]) {
      const r = await attempt(app);
      expect(r.statusCode).toBe(429);
      expect(r.json()).toMatchObject({ error: { code: 'rate_limited' } });
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('the API’s per-address limit holds at its total across the instances, and counts apart from sign-in', async () => {
    const get = (app: TestApp) => app.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    const codes: number[] = [];
    for (let i = 0; i < API_PER_MINUTE + 10; i++) codes.push((await get(i % 3 ? b : a)).statusCode);
    // not signed in: 401 while within the limit (sign-in's 429s above did not use it up)
    expect(codes.slice(0, API_PER_MINUTE).every((c) => c === 401)).toBe(true);
    expect(codes.slice(API_PER_MINUTE).every((c) => c === 429)).toBe(true);
  });

  it('report intake, status look-ups and partner keys: the buckets are shared, whichever instance takes', async () => {
    const cfg = a.deps.config;
    // the limiters the intake and public routes of each instance use
    const la = limiterFor(a.deps, cfg.intakeIpLimit, cfg.intakeGlobalLimit);
    const lb = limiterFor(b.deps, cfg.intakeIpLimit, cfg.intakeGlobalLimit);
    expect(la).not.toBe(lb);
    const now = Date.now();
    const perIp = la.perIp.capacity;
    const anon = await Promise.all(Array.from({ length: perIp + 7 }, (_, i) => (i % 2 ? lb : la).allowAnonymous('ip-key-1', now)));
    expect(anon.filter(Boolean)).toHaveLength(perIp);
    // another address is not affected
    expect(await lb.allowAnonymous('ip-key-2', now)).toBe(true);
    // the burst signal sees the reports taken on the other instance
    expect((await la.spamSignals({ ipKey: 'ip-key-1', description: 'x'.repeat(30), urlCount: 0, fileCount: 0 }, now)).reasons).toContain('burst_from_address');
    expect((await lb.spamSignals({ ipKey: 'ip-key-2', description: 'x'.repeat(30), urlCount: 0, fileCount: 0 }, now)).reasons).not.toContain(
      'burst_from_address',
    );

    const status = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? lb : la).allowStatus('ip-key-3', now)));
    expect(status.filter(Boolean)).toHaveLength(la.statusPerIp.capacity);

    // a partner key's bucket (60,000 a minute by default): both instances draw from the one bucket
    for (let i = 0; i < 10; i++) expect(await (i % 2 ? lb : la).allowToken('token-1', now)).toBe(true);
    expect(await rateCountersFor(b.deps).used('intake.token', 'token-1', la.perToken, now)).toBe(10);
    // … and it refills with time: a tenth of the minute later, a tenth of the bucket is back (all of what was used)
    expect(await rateCountersFor(a.deps).used('intake.token', 'token-1', la.perToken, now + 6_000)).toBe(0);
    const small = { capacity: 10, refillMs: 60_000 };
    const ca = rateCountersFor(a.deps);
    const cb = rateCountersFor(b.deps);
    let granted = 0;
    for (let i = 0; i < 15; i++) if (await (i % 2 ? cb : ca).take('refill.probe', 'k', small, 1, now)) granted++;
    expect(granted).toBe(10);
    let later = 0;
    for (let i = 0; i < 10; i++) if (await (i % 2 ? ca : cb).take('refill.probe', 'k', small, 1, now + 12_000)) later++;
    expect(later).toBe(2);

    const decode = [
      await la.allowDecode('ip-key-4', la.decodePerIp.capacity - 10, now),
      await lb.allowDecode('ip-key-4', 20, now),
      await lb.allowDecode('ip-key-4', 10, now),
    ];
    expect(decode).toEqual([true, false, true]);
  });

  it('block-page review requests: at most ten per address in ten minutes, over both instances', async () => {
    const ca = rateCountersFor(a.deps);
    const cb = rateCountersFor(b.deps);
    const hits = await Promise.all(Array.from({ length: 14 }, (_, i) => (i % 2 ? cb : ca).hit('filter.review', '10.1.2.3', 600_000)));
    expect(hits.map((h) => h.hits).sort((x, y) => x - y)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
  });

  it('stores no client address: the keys are a MAC; rows past their end are purged', async () => {
    const rows = await sql<{ key: string }>`select key from rate_limit_windows union all select key from rate_limit_buckets`.execute(db.kysely);
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const { key } of rows.rows) {
      expect(key).not.toMatch(/127\.0\.0\.1|10\.1\.2\.3|ip-key|token-1/);
      expect(key).toMatch(/^[^:]+:[A-Za-z0-9_-]{22}$/);
    }
    // a take an hour later purges everything that ended meanwhile (off the request's path)
    const c = rateCountersFor(a.deps);
    await c.take('purge.probe', 'k', { capacity: 1, refillMs: 1000 }, 1, Date.now() + 3_600_000);
    await expect
      .poll(async () => Number((await sql<{ n: number }>`select count(*) as n from rate_limit_windows`.execute(db.kysely)).rows[0]?.n), { timeout: 5000 })
      .toBe(0);
  });
});

describe.skipIf(!testDialects().includes('postgres'))('rate counters when PostgreSQL cannot count [postgres]', () => {
  let db: TestDb;
  beforeAll(async () => {
    // no tables: every counter statement fails
    db = await createTestDb('postgres', { migrate: false });
  }, 30_000);
  afterAll(() => db?.drop());

  it('fall back to this process’s memory: still limited, never unlimited', async () => {
    const c = rateCountersFor({ db, sealer: { derive: () => 'k' } as never });
    expect(c.shared).toBe(true);
    const rule = { capacity: 3, refillMs: 60_000 };
    const got = [];
    for (let i = 0; i < 5; i++) got.push(await c.take('t', 'x', rule));
    expect(got).toEqual([true, true, true, false, false]);
    expect((await c.hit('w', 'x', 1000)).hits).toBe(1);
    expect((await c.hit('w', 'x', 1000)).hits).toBe(2);
  });
});

describe('memory counters (SQLite: one process)', () => {
  it('refill a bucket with time, never past its capacity, and never for a clock that went back', async () => {
    const m = new MemoryCounters();
    const rule = { capacity: 4, refillMs: 4000 };
    for (let i = 0; i < 4; i++) expect(await m.take('n', 'k', rule, 1, 10_000)).toBe(true);
    expect(await m.take('n', 'k', rule, 1, 10_000)).toBe(false);
    expect(await m.take('n', 'k', rule, 1, 9_000)).toBe(false);
    expect(await m.take('n', 'k', rule, 1, 11_000)).toBe(true);
    expect(await m.used('n', 'k', rule, 11_000)).toBe(4);
    expect(await m.used('n', 'k', rule, 100_000)).toBe(0);
    const w1 = await m.hit('w', 'k', 1000, 0);
    const w2 = await m.hit('w', 'k', 1000, 500);
    const w3 = await m.hit('w', 'k', 1000, 1000);
    expect([w1, w2, w3]).toEqual([
      { hits: 1, ttlMs: 1000 },
      { hits: 2, ttlMs: 500 },
      { hits: 1, ttlMs: 1000 },
    ]);
  });
});
