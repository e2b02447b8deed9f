import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemActor } from '../../access/actor.js';
import { buildHttpApp } from '../../http/app.js';
import { routeModules } from '../../platform.js';
import { newId } from '../../shared/ids.js';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../../testing/app.js';
import { describeEachDb } from '../../testing/databases.js';
import { installBlockPageRoutes } from '../blockpage.js';
import { importList } from '../lists/import-list.js';
import { type FilterService, publishSnapshot, startFilterService } from '../service.js';
import { listFile, seedFilter } from '../store.js';
import { type StubUpstream, startStubUpstream } from '../testing/stub-upstream.js';
import { GUARD_SEED } from './seed-entries.js';

/**
 * Issue 11 end to end, with the bundled lists, the real DNS filter on loopback (dig) and a real
 * upstream stub: guarded names resolve; an import refuses guarded lines with the reason; a review
 * from the block page served under a blocked name reaches the school's queue and "allow" makes
 * dig resolve it for that school only; a refresh that doubles a list is held until approved.
 */
const run = promisify(execFile);
const STAFF = '127.0.0.2';
const PRIMARY_A = '127.0.0.3';
const PRIMARY_B = '127.0.0.4';
const PLATFORM_NAMES = [
  'zalo.me',
  'chat.zalo.me',
  'oa.zalo.me',
  'id.zalo.me',
  'www.youtube.com',
  'www.facebook.com',
  'sites.google.com',
  'play.google.com',
  'apps.apple.com',
];
const GUARDED = GUARD_SEED.flatMap((g) => g.domains);

describeEachDb('filter guard list, safe refresh and review loop (issue 11)', (db) => {
  let t: TestApp;
  let admin: Session;
  let up: StubUpstream;
  let dns: FilterService;
  let schoolA: string;
  let schoolB: string;
  const port = () => String(dns.server.address.port);
  const dig = async (from: string, ...args: string[]) =>
    (await run('dig', ['@127.0.0.1', '-p', port(), '-b', from, '+tries=1', '+time=3', ...args], { maxBuffer: 16 << 20 })).stdout;
  const status = (out: string) => /status: (\w+)/.exec(out)?.[1];
  const firstA = (out: string) => /^[^;\s]\S*\s+\d+\s+IN\s+A\s+(\S+)/m.exec(out)?.[1] ?? null;

  beforeAll(async () => {
    t = await createTestApp(db());
    await seedFilter(db(), t.deps.config.dataDir, new Date().toISOString(), newId);
    admin = await t.login('admin', ADMIN_PASSWORD);
    const schools = await db().kysely.selectFrom('schools').select(['id', 'code']).execute();
    schoolA = schools.find((s) => s.code === 'DEMO-TH-01')!.id;
    schoolB = schools.find((s) => s.code === 'DEMO-THCS-01')!.id;
    const now = new Date().toISOString();
    for (const [cidr, school, band] of [
      [`${STAFF}/32`, schoolA, 'staff'],
      [`${PRIMARY_A}/32`, schoolA, 'primary'],
      [`${PRIMARY_B}/32`, schoolB, 'primary'],
    ] as const)
      await db()
        .kysely.insertInto('filter_networks')
        .values({ id: newId(), school_id: school, band, cidr, note: 'test', created_at: now, updated_at: now })
        .execute();
    const zone: Record<string, Array<{ type: string; data: string }>> = {};
    let i = 1;
    for (const n of [...GUARDED, ...PLATFORM_NAMES, 'reddit.com', 'restrict.youtube.com', 'not-blocked.example'])
      zone[n] = [{ type: 'A', data: `198.51.100.${(i++ % 250) + 1}` }];
    up = await startStubUpstream(zone);
    dns = await startFilterService({
      db: db(),
      dataDir: t.deps.config.dataDir,
      host: '127.0.0.1',
      port: 0,
      upstreams: [up.addr],
      rateLimitQps: 0,
      udp: 'dgram',
    });
  }, 120_000);
  afterAll(async () => {
    await dns?.close();
    await up?.close();
    await t?.close();
  });

  it('with the bundled lists, the platforms and every guarded name resolve for the staff band; YouTube is restricted for primary', async () => {
    for (const n of PLATFORM_NAMES) {
      const out = await dig(STAFF, n, 'A');
      expect(`${n} ${status(out)}`).toBe(`${n} NOERROR`);
      expect(firstA(out)).toMatch(/^198\.51\.100\./);
    }
    // every guarded name, in one dig process (-f: one query per line)
    const batch = path.join(os.tmpdir(), `lachan-guard-${process.pid}-${Date.now()}.txt`);
    writeFileSync(batch, GUARDED.map((n) => `${n} A`).join('\n'));
    const out = await dig(STAFF, '-f', batch);
    const statuses = [...out.matchAll(/status: (\w+)/g)].map((m) => m[1]);
    expect(statuses).toHaveLength(GUARDED.length);
    expect(statuses.every((s) => s === 'NOERROR')).toBe(true);
    // a tenant's site on a guarded blog platform is still blocked by the bundled lists (one blog, not blogspot.com)
    expect(status(await dig(STAFF, '1001truyen.blogspot.com', 'A'))).toBe('NXDOMAIN');
    expect((await admin.request('GET', `/api/v1/filter/check?domain=1001truyen.blogspot.com&band=staff&schoolId=${schoolA}`)).json()).toMatchObject({
      decision: 'blocked',
      category: 'adult',
    });
    // primary: YouTube's restricted mode (strict), not a block
    const yt = await dig(PRIMARY_A, 'www.youtube.com', 'A');
    expect(status(yt)).toBe('NOERROR');
    expect(yt).toMatch(/www\.youtube\.com\.\s+\d+\s+IN\s+CNAME\s+restrict\.youtube\.com\./);
    // "why": the guard is named, the refused list lines do not decide anything
    const why = (await admin.request('GET', `/api/v1/filter/check?domain=chat.zalo.me&band=staff&schoolId=${schoolA}`)).json();
    expect(why).toMatchObject({ decision: 'allowed', guard: { domain: 'zalo.me' }, guardDecision: null });
    // the bundled scam list's refused lines are listed with their guard
    const lists = (await admin.request('GET', '/api/v1/filter/lists')).json() as Array<{ id: string; name: string; entries: number }>;
    const cld = lists.find((l) => l.name.startsWith('ChongLuaDao'))!;
    const rej = (await admin.request('GET', `/api/v1/filter/lists/${cld.id}/rejected`)).json();
    const byName = new Map((rej.guarded as Array<{ name: string; guard: string }>).map((g) => [g.name, g.guard]));
    expect(byName.get('zalo.me')).toBe('zalo.me');
    expect(byName.get('oa.zalo.me')).toBe('zalo.me');
    expect(byName.get('www.youtube.com')).toBe('youtube.com');
    expect(byName.get('apps.apple.com')).toBe('apple.com');
    // the list's count is what it blocks: the stored rules less the refused ones
    const stored = readFileSync(listFile(t.deps.config.dataDir, cld.id), 'latin1').split('\n').filter(Boolean).length;
    expect(cld.entries).toBe(stored - rej.total);
  });

  it('an import refuses each guarded line with its reason (name, subdomain, parent, wildcard); bad guard entries are refused', async () => {
    const content = ['bad-one.example', 'zalo.me', '0.0.0.0 chat.zalo.me', '||youtu.be^', '*.googlevideo.com', 'me', 'com.vn', '@@ok.zalo.me'].join('\n');
    const res = await admin.request('POST', '/api/v1/filter/lists', { name: 'guard test', category: 'scam', content }, { 'accept-language': 'en' });
    expect(res.statusCode).toBe(201);
    const r = res.json();
    const guarded = (r.rejectedLines as Array<{ line: number; text: string; reason: string; guard?: string }>).filter((x) => x.guard);
    expect(guarded.map((g) => `${g.line} ${g.text} ${g.guard}`)).toEqual([
      '2 zalo.me zalo.me',
      '3 chat.zalo.me zalo.me',
      '4 youtu.be youtu.be',
      '5 *.googlevideo.com googlevideo.com',
      // a parent: refused for whichever guarded name lies under it
      expect.stringMatching(/^6 me [a-z.]+\.me$/),
      expect.stringMatching(/^7 com\.vn [a-z.]+\.com\.vn$/),
    ]);
    expect(guarded[0]!.reason).toMatch(/^guarded: zalo\.me — Zalo/);
    expect(r.accepted).toBe(2); // bad-one.example and the exception
    expect(r.rejected).toBe(6);
    // the filter still resolves them; the one real entry blocks
    expect(status(await dig(STAFF, 'chat.zalo.me', 'A'))).toBe('NOERROR');
    expect(status(await dig(STAFF, 'bad-one.example', 'A'))).toBe('NXDOMAIN');

    const count = async () =>
      Number(
        (
          await db()
            .kysely.selectFrom('filter_guard_entries')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    for (const domain of ['1.2.3.4', 'http://x.example/a', '*.x.example', 'com', '', 'a..b', '@@x.example', 'x'.repeat(300)]) {
      const bad = await admin.request('POST', '/api/v1/filter/guard', { domain, reasonVi: 'thử' });
      expect(`${domain} ${bad.statusCode}`).toBe(`${domain} 400`);
    }
    expect(await count()).toBe(before);
    // the city guards a new name: the list's line stops blocking at once; a decision blocks it anyway, named in "why"
    expect((await admin.request('POST', '/api/v1/filter/guard', { domain: 'bad-one.example', reasonVi: 'thử nghiệm', group: 'test' })).statusCode).toBe(201);
    expect(status(await dig(STAFF, 'bad-one.example', 'A'))).toBe('NXDOMAIN'); // the stub does not know it: upstream NXDOMAIN, not a block
    const why = (await admin.request('GET', `/api/v1/filter/check?domain=bad-one.example&band=staff&schoolId=${schoolA}`)).json();
    expect(why).toMatchObject({ decision: 'allowed', guard: { domain: 'bad-one.example' } });
    const dec = await admin.request('POST', '/api/v1/filter/guard/decisions', { domain: 'x.zalo.me', category: 'scam', reason: 'trang lừa đảo giả Zalo' });
    expect(dec.statusCode).toBe(201);
    const why2 = (await admin.request('GET', `/api/v1/filter/check?domain=x.zalo.me&band=staff&schoolId=${schoolA}`)).json();
    expect(why2).toMatchObject({
      decision: 'blocked',
      category: 'scam',
      rule: 'guard_decision',
      guardDecision: { domain: 'x.zalo.me', reason: 'trang lừa đảo giả Zalo' },
    });
    expect(status(await dig(STAFF, 'zalo.me', 'A'))).toBe('NOERROR');
    expect((await admin.request('POST', '/api/v1/filter/guard/decisions', { domain: 'not-guarded.example', category: 'scam', reason: 'x' })).statusCode).toBe(
      400,
    );
    const audit = await db().kysely.selectFrom('audit_log').select('action').where('action', 'like', 'filter_guard.%').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['filter_guard.added', 'filter_guard.decision_added']));
  });

  it('a review sent from the block page under the blocked name reaches the school queue; allow resolves for that school only', async () => {
    const app = await buildHttpApp(t.deps, routeModules, { logger: false });
    await installBlockPageRoutes(app, t.deps);
    await app.ready();
    try {
      expect(status(await dig(PRIMARY_A, 'reddit.com', 'A'))).toBe('NXDOMAIN');
      // the page under the blocked host, then its form posted to that same host
      const page = await app.inject({ method: 'GET', url: '/', headers: { host: 'reddit.com' }, remoteAddress: PRIMARY_A });
      expect(page.body).toContain('action="/blocked/review"');
      const post = await app.inject({
        method: 'POST',
        url: '/blocked/review',
        headers: { host: 'reddit.com', 'content-type': 'application/x-www-form-urlencoded' },
        remoteAddress: PRIMARY_A,
        payload: 'domain=reddit.com&category=whatever&lang=vi&note=b%C3%A0i+h%E1%BB%8Dc',
      });
      expect(post.statusCode).toBe(200);
      expect(post.body).toContain('Đã gửi yêu cầu xem xét');
      const row = await db().kysely.selectFrom('filter_review_requests').selectAll().where('domain', '=', 'reddit.com').executeTakeFirstOrThrow();
      // the filter's category, not the form's; nothing personal
      expect(row).toMatchObject({ school_id: schoolA, band: 'primary', category: 'social', status: 'open' });
      expect(JSON.stringify(row)).not.toContain(PRIMARY_A);

      // not blocked: nothing stored
      const n0 = (await db().kysely.selectFrom('filter_review_requests').select('id').execute()).length;
      const nb = await app.inject({
        method: 'POST',
        url: '/blocked/review',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        remoteAddress: PRIMARY_A,
        payload: 'domain=not-blocked.example&category=adult',
      });
      expect(nb.statusCode).toBe(200);
      expect(nb.body).toContain('không bị chặn');
      expect((await db().kysely.selectFrom('filter_review_requests').select('id').execute()).length).toBe(n0);

      const schoolAdminA = await t.staff('school_admin', { schoolId: schoolA });
      const schoolAdminB = await t.staff('school_admin', { schoolId: schoolB });
      const queue = (await schoolAdminA.request('GET', '/api/v1/filter/reviews')).json() as Array<{ id: string; domain: string }>;
      const review = queue.find((r) => r.domain === 'reddit.com')!;
      expect(review).toBeTruthy();
      expect((await schoolAdminA.request('GET', '/api/v1/filter/reviews/counts')).json()).toMatchObject({ open: 1, waiting: 1 });
      expect(((await schoolAdminB.request('GET', '/api/v1/filter/reviews')).json() as unknown[]).length).toBe(0);
      expect((await schoolAdminB.request('POST', `/api/v1/filter/reviews/${review.id}/allow`, {})).statusCode).toBe(404);

      const t0 = Date.now();
      const allow = await schoolAdminA.request('POST', `/api/v1/filter/reviews/${review.id}/allow`, {});
      expect(allow.statusCode).toBe(200);
      expect(allow.json()).toMatchObject({ review: { status: 'allowed' }, effect: { effective: true } });
      const a = await dig(PRIMARY_A, 'reddit.com', 'A');
      expect(status(a)).toBe('NOERROR');
      expect(Date.now() - t0).toBeLessThan(2000); // the in-process engine reloads at once
      expect(status(await dig(PRIMARY_B, 'reddit.com', 'A'))).toBe('NXDOMAIN');
      // answered twice: refused
      expect((await schoolAdminA.request('POST', `/api/v1/filter/reviews/${review.id}/decline`, { reason: 'x' })).statusCode).toBe(409);

      // a mandatory block: the school cannot allow it (409), it escalates; the allow entry says it has no effect
      const scam = await db()
        .kysely.insertInto('filter_review_requests')
        .values({
          id: newId(),
          school_id: schoolA,
          domain: 'bad-one-scam.example',
          category: 'scam',
          note: null,
          status: 'open',
          created_at: new Date().toISOString(),
          updated_at: new Date().toISOString(),
          band: 'staff',
          mandatory: 1,
          answer_reason: null,
          answered_by: null,
          answered_at: null,
          escalated_at: null,
          requests: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect((await schoolAdminA.request('POST', `/api/v1/filter/reviews/${scam.id}/allow`, {})).statusCode).toBe(409);
      expect((await schoolAdminA.request('POST', `/api/v1/filter/reviews/${scam.id}/escalate`, {})).json()).toMatchObject({ status: 'escalated' });
      const cityQueue = (await admin.request('GET', '/api/v1/filter/reviews')).json() as Array<{ id: string }>;
      expect(cityQueue.map((r) => r.id)).toContain(scam.id);
      expect((await admin.request('POST', `/api/v1/filter/reviews/${scam.id}/decline`, {})).statusCode).toBe(400);
      expect((await admin.request('POST', `/api/v1/filter/reviews/${scam.id}/decline`, { reason: 'đúng là lừa đảo' })).json()).toMatchObject({
        status: 'declined',
        answerReason: 'đúng là lừa đảo',
      });
      const put = await schoolAdminA.request('PUT', `/api/v1/filter/schools/${schoolA}/rules/staff`, {
        blockedCategories: [],
        blockDomains: [],
        allowDomains: ['bad-one.example', 'www.0-bbs.com'],
      });
      expect(put.statusCode).toBe(200);
      const effects = put.json().allowEffects as Array<{ domain: string; effective: boolean; category: string | null }>;
      expect(effects.find((e) => e.domain === 'www.0-bbs.com')).toMatchObject({ effective: false, category: 'adult' });
      expect(effects.find((e) => e.domain === 'bad-one.example')).toMatchObject({ effective: true });
    } finally {
      await app.close();
    }
  });

  it('a review flood from one address is bounded and counted; the staff live view shows staff blocks only', async () => {
    const app = await buildHttpApp(t.deps, routeModules, { logger: false });
    await installBlockPageRoutes(app, t.deps);
    await app.ready();
    try {
      const codes: number[] = [];
      for (let i = 0; i < 14; i++) {
        const r = await app.inject({
          method: 'POST',
          url: '/blocked/review',
          headers: { host: 'www.0-bbs.com', 'content-type': 'application/x-www-form-urlencoded' },
          remoteAddress: STAFF,
          payload: 'domain=www.0-bbs.com',
        });
        codes.push(r.statusCode);
      }
      expect(codes.filter((c) => c === 200)).toHaveLength(10);
      expect(codes.filter((c) => c === 429)).toHaveLength(4);
      // merged: one request with a count, not fourteen rows
      const rows = await db().kysely.selectFrom('filter_review_requests').selectAll().where('domain', '=', 'www.0-bbs.com').execute();
      expect(rows).toHaveLength(1);
      expect(Number(rows[0]!.requests)).toBe(10);
      const metrics = (await app.inject('/metrics')).body;
      expect(metrics).toMatch(/lachan_filter_review_requests_total\{result="limited"\} 4/);
      expect(metrics).toMatch(/lachan_filter_review_requests_total\{result="stored"\} 10/);
      // garbage is a clear 400, nothing stored
      const junk = await app.inject({
        method: 'POST',
        url: '/blocked/review',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        remoteAddress: PRIMARY_B,
        payload: 'domain=%3Cscript%3E',
      });
      expect(junk.statusCode).toBe(400);
    } finally {
      await app.close();
    }
    await dig(STAFF, 'www.0-bbs.com', 'A');
    await dig(PRIMARY_A, 'www.1-bbs.com', 'A');
    const schoolAdminA = await t.staff('school_admin', { schoolId: schoolA });
    const live = (await schoolAdminA.request('GET', `/api/v1/filter/live?schoolId=${schoolA}`)).json();
    expect(live).toMatchObject({ running: true, band: 'staff' });
    const names = (live.entries as Array<{ name: string }>).map((e) => e.name);
    expect(names).toContain('www.0-bbs.com');
    expect(names).not.toContain('www.1-bbs.com'); // a primary (student) look-up is never shown
    const schoolAdminB = await t.staff('school_admin', { schoolId: schoolB });
    expect((await schoolAdminB.request('GET', `/api/v1/filter/live?schoolId=${schoolA}`)).statusCode).toBe(404);
    // the city's engine status and troubleshooting log answer in their declared shapes (no address beyond a subnet)
    const engine = (await admin.request('GET', '/api/v1/filter/status')).json();
    expect(engine).toMatchObject({ running: true, address: { host: expect.any(String), port: expect.any(Number) }, version: expect.any(String) });
    expect(engine.queries).toBeGreaterThan(0);
    const log = (await admin.request('GET', '/api/v1/filter/query-log')).json() as Array<{ subnet: string; name: string }>;
    expect(log.map((e) => e.name)).toContain('www.0-bbs.com');
    for (const e of log) expect(e.subnet).toMatch(/\/(24|48)$/);
    const rep = await schoolAdminA.request('POST', '/api/v1/filter/live/report', { schoolId: schoolA, domain: 'www.0-bbs.com', category: 'adult' });
    expect(rep.statusCode).toBe(201);
    expect(rep.json()).toMatchObject({ status: 'escalated', band: 'staff' });
    // the city answers a mandatory-category request: "allow" guards the name, no third-party list blocks it anywhere
    const cityQueue = (await admin.request('GET', '/api/v1/filter/reviews')).json() as Array<{ id: string; domain: string; mandatory: boolean }>;
    const flooded = cityQueue.find((r) => r.domain === 'www.0-bbs.com' && r.mandatory)!;
    expect((await schoolAdminA.request('POST', `/api/v1/filter/reviews/${flooded.id}/allow`, { scope: 'city' })).statusCode).toBe(403);
    const cityAllow = await admin.request('POST', `/api/v1/filter/reviews/${flooded.id}/allow`, { scope: 'city' });
    expect(cityAllow.statusCode).toBe(200);
    expect(cityAllow.json()).toMatchObject({ review: { status: 'allowed' }, effect: { effective: true } });
    expect((await admin.request('GET', `/api/v1/filter/check?domain=www.0-bbs.com&band=primary&schoolId=${schoolB}`)).json()).toMatchObject({
      decision: 'allowed',
      guard: { domain: 'www.0-bbs.com' },
    });
  });

  it('a refresh that would double a list is held; the old version keeps blocking; approving applies it', async () => {
    const ctx = { ...t.deps, actor: systemActor('test'), origin: { ip: null } };
    const old = Array.from({ length: 20 }, (_, i) => `old-${i}.example`);
    const first = await importList(ctx, { name: 'held test', category: 'adult', content: Buffer.from(old.join('\n')) });
    expect(first.held).toBeNull();
    const doubled = Buffer.from([...old, ...Array.from({ length: 20 }, (_, i) => `new-${i}.example`)].join('\n'));
    const second = await importList(ctx, { name: 'held test', category: 'adult', content: doubled, listId: first.list.id });
    expect(second.held).toMatchObject({ reasons: ['share'], entriesBefore: 20, entriesAfter: 40, added: 20, removed: 0 });
    expect(status(await dig(STAFF, 'old-1.example', 'A'))).toBe('NXDOMAIN');
    expect(status(await dig(STAFF, 'new-1.example', 'A'))).toBe('NXDOMAIN'); // not blocked: the stub does not know it either
    const why = (await admin.request('GET', `/api/v1/filter/check?domain=new-1.example&band=staff&schoolId=${schoolA}`)).json();
    expect(why.decision).toBe('allowed');
    const held = (await admin.request('GET', '/api/v1/filter/lists/held')).json() as Array<{ id: string; listId: string; addedSample: string[] }>;
    const h = held.find((x) => x.listId === first.list.id)!;
    expect(h.addedSample).toHaveLength(20);
    expect(h.addedSample).toContain('new-1.example');
    // a version adding a guarded name is held too
    const withGuarded = await importList(ctx, {
      name: 'held test',
      category: 'adult',
      content: Buffer.from([...old, 'zalo.me'].join('\n')),
      listId: first.list.id,
    });
    expect(withGuarded.held?.reasons).toEqual(['guarded']);
    // the newer held version replaced the older: approve the doubling again by re-holding it
    const again = await importList(ctx, { name: 'held test', category: 'adult', content: doubled, listId: first.list.id });
    const ok = await admin.request('POST', `/api/v1/filter/lists/held/${again.held!.id}/approve`, {});
    expect(ok.statusCode).toBe(200);
    expect(ok.json().list.entries).toBe(40);
    const why2 = (await admin.request('GET', `/api/v1/filter/check?domain=new-1.example&band=staff&schoolId=${schoolA}`)).json();
    expect(why2).toMatchObject({ decision: 'blocked', category: 'adult' });
    expect((await admin.request('GET', '/api/v1/filter/lists/held')).json()).toEqual([]);
    expect((await admin.request('POST', `/api/v1/filter/lists/held/${again.held!.id}/approve`, {})).statusCode).toBe(404);
    await publishSnapshot(db().kysely, t.deps.config.dataDir);
  });
});
