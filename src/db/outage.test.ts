import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindAuditKey } from '../audit/chain-key.js';
import { query } from '../filter/dns/client.js';
import { type FilterService, startFilterService } from '../filter/service.js';
import { seedFilter } from '../filter/store.js';
import { type StubUpstream, startStubUpstream } from '../filter/testing/stub-upstream.js';
import { newId } from '../shared/ids.js';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../testing/app.js';
import { createTestDb, TEST_SECRET_KEY, type TestDb, testDialects } from '../testing/databases.js';
import { terminateBackends } from '../testing/pg-terminate.js';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy.js';
import { openPostgres } from './database.js';
import { DatabaseUnavailable } from './unavailable.js';

/**
 * A dropped PostgreSQL connection must cost the requests that were using it, never the process.
 * PostgreSQL only: SQLite is a file opened in this process — there is no connection to drop, and
 * no server to restart (its outage is a full disk, which the durability tests cover).
 */
const pgOnly = testDialects().includes('postgres');

describe.skipIf(!pgOnly)('a terminated PostgreSQL connection [postgres]', () => {
  let db: TestDb;
  let dbName: string;
  beforeAll(async () => {
    db = await createTestDb('postgres', { migrate: false });
    dbName = new URL(db.url as string).pathname.slice(1);
    await sql`create table outage_rows (id text primary key, kind text not null)`.execute(db.kysely);
  });
  afterAll(() => db?.drop());

  it('fails only the work that used it, as DatabaseUnavailable, and the next work succeeds', async () => {
    const failures: unknown[] = [];
    let ok = 0;
    let n = 0;
    const until = Date.now() + 4000;
    // Three kinds of holders: a transaction idle between two statements (the connection error
    // arrives while no query runs — this is what crashed the process), a transaction inside a
    // slow statement, and the group commit that reports go through.
    const idleInTx = async () => {
      const id = `i${++n}`;
      await db.kysely.transaction().execute(async (trx) => {
        await trx
          .insertInto('outage_rows' as never)
          .values({ id, kind: 'idle' } as never)
          .execute();
        await new Promise((r) => setTimeout(r, 40));
        await sql`select 1`.execute(trx);
      });
    };
    const busyInTx = async () => {
      const id = `b${++n}`;
      await db.kysely.transaction().execute(async (trx) => {
        await sql`select pg_sleep(0.03)`.execute(trx);
        await trx
          .insertInto('outage_rows' as never)
          .values({ id, kind: 'busy' } as never)
          .execute();
      });
    };
    const grouped = async () => {
      const id = `g${++n}`;
      await db.writes.run((trx) =>
        trx
          .insertInto('outage_rows' as never)
          .values({ id, kind: 'group' } as never)
          .execute(),
      );
    };
    const worker = async (job: () => Promise<void>) => {
      while (Date.now() < until) {
        try {
          await job();
          ok++;
        } catch (e) {
          failures.push(e);
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    };
    let terminated = 0;
    const killer = (async () => {
      while (Date.now() < until - 500) {
        await new Promise((r) => setTimeout(r, 250));
        terminated += await terminateBackends(dbName);
      }
    })();
    await Promise.all([worker(idleInTx), worker(idleInTx), worker(busyInTx), worker(grouped), worker(grouped), killer]);

    expect(terminated).toBeGreaterThan(5);
    expect(failures.length).toBeGreaterThan(0);
    expect(ok).toBeGreaterThan(20);
    // every failure is the database being unavailable — the HTTP layer answers 503 for it
    for (const f of failures) expect(f, String(f)).toBeInstanceOf(DatabaseUnavailable);
    // and the pool recovers by itself: new connections, no restart
    await db.writes.run((trx) =>
      trx
        .insertInto('outage_rows' as never)
        .values({ id: 'after', kind: 'group' } as never)
        .execute(),
    );
    expect(await sql<{ c: number }>`select count(*)::int as c from outage_rows where id = 'after'`.execute(db.kysely)).toMatchObject({ rows: [{ c: 1 }] });
    expect(db.available()).toBe(true);
  }, 30_000);
});

describe.skipIf(!pgOnly)('a minute without the database [postgres]', () => {
  let base: TestDb;
  let proxy: TcpProxy;
  let db: TestDb;
  let t: TestApp;
  let dns: FilterService;
  let up: StubUpstream;
  let secret: string;
  let admin: Session;
  const guardLog: string[] = [];

  beforeAll(async () => {
    base = await createTestDb('postgres');
    const target = new URL(base.url as string);
    // the app reaches PostgreSQL only through this relay, which the test can silence
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const via = new URL(target);
    via.host = `127.0.0.1:${proxy.port}`;
    const proxied = openPostgres(via.toString(), { poolSize: 4, log: (l) => guardLog.push(l) });
    bindAuditKey(proxied, TEST_SECRET_KEY);
    db = {
      ...proxied,
      url: via.toString(),
      file: null,
      async drop() {
        await proxied.close();
        await base.drop();
      },
    };
    t = await createTestApp(db);
    await seedFilter(db, t.deps.config.dataDir, new Date().toISOString(), newId);
    up = await startStubUpstream({ 'www.example.test': [{ type: 'A', data: '192.0.2.10', ttl: 1 }] });
    dns = await startFilterService({ db, dataDir: t.deps.config.dataDir, host: '127.0.0.1', port: 0, upstreams: [up.addr], statsFlushMs: 1000 });
    admin = await t.login('admin', ADMIN_PASSWORD);
    const tok = await admin.request('POST', '/api/v1/tokens', { name: 'Tổng đài 111', scopes: ['reports:write'] });
    expect(tok.statusCode).toBe(201);
    secret = tok.json().secret;
  }, 60_000);
  afterAll(async () => {
    proxy?.restore();
    await dns?.close();
    await t?.close();
    await up?.close();
    await db?.drop();
    await proxy?.close();
  });

  const report = (key: string, lang = 'vi') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/intake/reports',
      headers: { authorization: `Bearer ${secret}`, 'idempotency-key': key, 'accept-language': lang },
      payload: { incidentTypes: ['cyberbullying'], description: `Bị bắt nạt trong nhóm lớp (${key})`, victim: { ageBand: '11_14' } },
    });
  const count = async () => Number((await sql<{ c: number }>`select count(*)::int as c from intake_reports`.execute(base.kysely)).rows[0]?.c);
  const timed = async <T>(f: () => Promise<T>) => {
    const t0 = performance.now();
    const value = await f();
    return { value, ms: performance.now() - t0 };
  };

  it('answers 503 fast while it is gone, keeps DNS answering, reports not-ready, and recovers without a restart', async () => {
    expect((await report('before-1')).statusCode).toBe(201);
    expect((await t.app.inject('/readyz')).statusCode).toBe(200);
    // the public form has been shown before (it keeps the list of wards it shows in memory)
    expect((await t.app.inject('/')).statusCode).toBe(200);
    const before = await count();

    // Silence, not refusal: open connections stop getting answers and new ones are never
    // answered — the host went away. A request in flight must not hang with it.
    proxy.blackhole();
    const first = await timed(() => report('during-first'));
    expect(first.value.statusCode, first.value.body).toBe(503);
    expect(first.value.json().error.code).toBe('database_unavailable');
    // a connection silent for 3 s makes the guard check, and the check gives up after 3 s more
    expect(first.ms).toBeLessThan(8000);
    // the public form still opens, and a report sent with it tells the reporter why it was not
    // taken, in Vietnamese, keeping what they typed
    const page = await t.app.inject('/');
    expect(page.statusCode).toBe(200);
    const hidden = Object.fromEntries([...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
    const form = await t.app.inject({
      method: 'POST',
      url: '/bao-cao',
      headers: { cookie: page.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...hidden, reporter: 'child', cat: 'cyberbullying', description: 'Bạn cùng lớp chế ảnh em', age: '11_14' }).toString(),
    });
    expect(form.statusCode).toBe(503);
    expect(form.body).toContain('không kết nối được cơ sở dữ liệu');
    expect(form.body).toContain('Bạn cùng lớp chế ảnh em');
    // a DNS filter (re)started now, while the database is away, serves the policy saved on disk
    const late = await startFilterService({ db, dataDir: t.deps.config.dataDir, host: '127.0.0.1', port: 0, upstreams: [up.addr] });
    try {
      expect(late.engine.snapshot.generatedAt).toBe(dns.engine.snapshot.generatedAt);
      expect((await query({ host: '127.0.0.1', port: late.server.address.port, name: 'www.example.test', timeoutMs: 2000 })).rcode).toBe('NOERROR');
    } finally {
      await late.close();
    }

    // the DNS filter, from its loaded policy, every 100 ms for the rest of the minute
    const dnsTimes: number[] = [];
    const dnsFailures: string[] = [];
    const outageEnds = Date.now() + 60_000;
    let i = 0;
    const dnsLoop = (async () => {
      while (Date.now() < outageEnds) {
        try {
          const name = i++ % 2 ? 'www.example.test' : `n${i}.example.test`;
          const a = await query({ host: '127.0.0.1', port: dns.server.address.port, name, timeoutMs: 1000 });
          if (a.rcode === 'NOERROR' || a.rcode === 'NXDOMAIN') dnsTimes.push(Date.now());
          else dnsFailures.push(a.rcode);
        } catch (e) {
          dnsFailures.push(String(e));
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    // requests that need the database: a clear 503 in the usual shape, at once, the whole minute
    const apiTimes: number[] = [];
    let n = 0;
    while (Date.now() < outageEnds - 1000) {
      const r = await timed(() => report(`during-${++n}`, n % 2 ? 'vi' : 'en'));
      expect(r.value.statusCode).toBe(503);
      expect(r.value.headers['retry-after']).toBe('5');
      const body = r.value.json();
      expect(body.error.code).toBe('database_unavailable');
      expect(body.error.message).toMatch(n % 2 ? /cơ sở dữ liệu/ : /database is temporarily unreachable/);
      apiTimes.push(r.ms);
      const ready = await t.app.inject('/readyz');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'not_ready', database: 'unreachable' });
      // a signed-in read needs the database too
      const list = await admin.request('GET', '/api/v1/intake/reports?limit=1');
      expect(list.statusCode).toBe(503);
      expect(list.json().error.code).toBe('database_unavailable');
      await new Promise((r2) => setTimeout(r2, 900));
    }
    await dnsLoop;
    expect(n).toBeGreaterThan(40);
    expect(Math.max(...apiTimes)).toBeLessThan(500);
    expect(dnsFailures).toEqual([]);
    expect(dnsTimes.length).toBeGreaterThan(300);
    const gaps = dnsTimes.slice(1).map((at, k) => at - (dnsTimes[k] as number));
    expect(Math.max(...gaps)).toBeLessThan(1000);
    expect(db.available()).toBe(false);
    expect(guardLog.some((l) => /not answering/.test(l))).toBe(true);

    // the network comes back: ready again within seconds, no restart
    proxy.restore();
    const backBy = Date.now() + 10_000;
    while ((await t.app.inject('/readyz')).statusCode !== 200 && Date.now() < backBy) await new Promise((r) => setTimeout(r, 200));
    expect((await t.app.inject('/readyz')).json()).toMatchObject({ status: 'ready', database: 'ok' });
    expect(guardLog.some((l) => /answering again/.test(l))).toBe(true);
    // nothing was half-stored: the retry of a refused report is a new report, not a replay
    const retried = await report('during-1');
    expect(retried.statusCode).toBe(201);
    expect(retried.json().replayed).toBe(false);
    expect((await report('after-1')).statusCode).toBe(201);
    expect(await count()).toBe(before + 2);
  }, 120_000);

  it('a PostgreSQL restart: connections cut, refused for a while, then back — 503 meanwhile, then reports again, no restart of ours', async () => {
    proxy.restore();
    const readyBy = Date.now() + 10_000;
    while ((await t.app.inject('/readyz')).statusCode !== 200 && Date.now() < readyBy) await new Promise((res) => setTimeout(res, 200));
    expect((await report('restart-before')).statusCode).toBe(201);
    const before = await count();
    proxy.refuse();
    const during: number[] = [];
    const refusedUntil = Date.now() + 5000;
    let n = 0;
    while (Date.now() < refusedUntil) {
      const r = await timed(() => report(`restart-${++n}`));
      expect(r.value.statusCode).toBe(503);
      expect(r.value.json().error.code).toBe('database_unavailable');
      during.push(r.ms);
      await new Promise((res) => setTimeout(res, 200));
    }
    // refused connections fail at once: no request waits for a timeout
    expect(Math.max(...during)).toBeLessThan(1000);
    expect((await t.app.inject('/readyz')).statusCode).toBe(503);
    proxy.restore();
    const backBy = Date.now() + 10_000;
    let after = await report('restart-after');
    while (after.statusCode === 503 && Date.now() < backBy) {
      await new Promise((res) => setTimeout(res, 200));
      after = await report('restart-after');
    }
    expect(after.statusCode).toBe(201);
    expect(await count()).toBe(before + 1);
  }, 60_000);
});
