import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemActor, type UserActor } from '../../access/actor.js';
import type { Ctx } from '../../context.js';
import { newId } from '../../shared/ids.js';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../../testing/app.js';
import { describeEachDb } from '../../testing/databases.js';
import { ClientMap } from '../engine/clients.js';
import type { Band } from '../model.js';
import { seedFilter } from '../store.js';
import { claimNetwork } from './claim-network.js';
import { printConflicts } from './cli.js';
import { singleSchool } from './ownership.js';

/**
 * Issue 10, item 2 and "network ownership": a school administrator could claim another school's
 * addresses (the longest prefix wins: B's clients inside A's claim got A's policy — a staff band,
 * unfiltered — and A's statistics showed B's traffic) and public or special ranges.
 */
describeEachDb('filter networks: who may hold which addresses', (db) => {
  let t: TestApp;
  let admin: Session;
  let adminA: Session & { id: string };
  let adminB: Session & { id: string };
  let A: { id: string; code: string; name: string };
  let B: { id: string; code: string; name: string };
  let C: { id: string; code: string; name: string };
  const B_NET = '10.20.0.0/16';
  const A_RANGE = '10.30.0.0/16';

  const networks = () => db().kysely.selectFrom('filter_networks').select(['id', 'school_id', 'cidr', 'band']).execute();
  const created = async () => (await db().kysely.selectFrom('audit_log').select('seq').where('action', '=', 'filter_network.created').execute()).length;
  const owner = async (ip: string) =>
    new ClientMap((await networks()).map((n) => ({ cidr: n.cidr, schoolId: n.school_id, band: n.band as Band }))).lookup(ip)?.schoolId ?? null;
  const claim = (s: Session, schoolId: string, cidr: string, band = 'staff') => s.request('POST', '/api/v1/filter/networks', { schoolId, band, cidr });
  const assign = (schoolId: string, cidr: string) => admin.request('POST', '/api/v1/filter/assigned-ranges', { schoolId, cidr });

  beforeAll(async () => {
    t = await createTestApp(db());
    await seedFilter(db(), t.deps.config.dataDir, new Date().toISOString(), newId);
    admin = await t.login('admin', ADMIN_PASSWORD);
    const schools = await db().kysely.selectFrom('schools').select(['id', 'code', 'name']).orderBy('code').execute();
    A = schools.find((s) => s.code === 'DEMO-TH-01')!;
    B = schools.find((s) => s.code === 'DEMO-THCS-01')!;
    C = schools.find((s) => s.id !== A.id && s.id !== B.id)!;
    adminA = await t.staff('school_admin', { schoolId: A.id });
    adminB = await t.staff('school_admin', { schoolId: B.id });
    // the city gives B its range and B declares it; A gets a range of its own
    expect((await assign(B.id, B_NET)).statusCode).toBe(201);
    expect((await claim(adminB, B.id, B_NET, 'lower_secondary')).statusCode).toBe(201);
    expect((await assign(A.id, A_RANGE)).statusCode).toBe(201);
  }, 60_000);
  afterAll(() => t.close());

  it('refuses a school administrator another school’s range, public and special space (the reproduction), without naming the other school', async () => {
    const before = [await networks(), await created()];
    const attempts: [string, number, string][] = [
      ['10.20.5.0/24', 403, 'filter.network_not_assigned'], // inside B's
      ['10.0.0.0/8', 403, 'filter.network_not_assigned'], // containing B's
      ['8.0.0.0/8', 400, 'filter.cidr_public'],
      ['0.0.0.0/8', 400, 'filter.cidr_reserved'],
      ['2001:4860::/32', 400, 'filter.cidr_public'],
      ['14.225.0.0/24', 400, 'filter.cidr_public'],
      ['169.254.0.0/16', 400, 'filter.cidr_reserved'],
      ['127.0.0.0/16', 400, 'filter.cidr_reserved'],
      ['224.0.0.0/8', 400, 'filter.cidr_reserved'],
      ['2001:db8::/48', 400, 'filter.cidr_reserved'],
      ['fe80::/64', 400, 'filter.cidr_reserved'],
      ['::ffff:10.20.5.0/120', 400, 'filter.cidr_reserved'],
      ['fd00:1::/48', 403, 'filter.network_not_assigned'],
    ];
    for (const [cidr, status, code] of attempts) {
      const res = await claim(adminA, A.id, cidr);
      expect([res.statusCode, res.json().error.code], cidr).toEqual([status, code]);
      for (const leak of [B.id, B.code, B.name, B_NET]) expect(res.body, cidr).not.toContain(leak);
    }
    expect([await networks(), await created()]).toEqual(before);
    // B's clients are still B's
    expect(await owner('10.20.5.7')).toBe(B.id);
    // the error says what to do, in both languages
    const en = await adminA.request('POST', '/api/v1/filter/networks', { schoolId: A.id, band: 'staff', cidr: '10.20.5.0/24' }, { 'accept-language': 'en' });
    expect(en.json().error.message).toContain(A_RANGE);
  });

  it('lets a school administrator declare networks inside its assignment (stored in one spelling), overlapping only its own', async () => {
    const a = await claim(adminA, A.id, '10.30.2.9/24', 'primary');
    expect([a.statusCode, a.json().cidr]).toEqual([201, '10.30.2.0/24']);
    // its own ranges may nest (a band's subnet inside the school's range)
    expect((await claim(adminA, A.id, '10.30.2.128/25', 'staff')).statusCode).toBe(201);
    expect((await claim(adminA, A.id, '10.30.2.0/24', 'staff')).json().error.code).toBe('filter.network_duplicate');
    expect(await owner('10.30.2.7')).toBe(A.id);
    // a school administrator reads its own school's assignments and networks, never assigns
    const ranges = (await adminA.request('GET', '/api/v1/filter/assigned-ranges')).json();
    expect(ranges.map((r: { cidr: string }) => r.cidr)).toEqual([A_RANGE]);
    expect((await adminA.request('GET', `/api/v1/filter/assigned-ranges?schoolId=${B.id}`)).json()).toEqual([]);
    expect((await adminA.request('POST', '/api/v1/filter/assigned-ranges', { schoolId: A.id, cidr: '10.31.0.0/16' })).statusCode).toBe(403);
    expect((await adminA.request('POST', '/api/v1/filter/assigned-ranges', { schoolId: B.id, cidr: '10.31.0.0/16' })).statusCode).toBe(404);
    expect((await adminA.request('GET', '/api/v1/filter/networks/conflicts')).statusCode).toBe(403);
  });

  it('refuses the city an overlap in either direction too, naming the conflict; narrow public ranges only', async () => {
    const inside = await claim(admin, A.id, '10.20.5.0/24');
    expect([inside.statusCode, inside.json().error.code]).toEqual([409, 'filter.network_overlap']);
    expect(inside.json().error.message).toContain(B_NET);
    expect(inside.json().error.message).toContain(B.code);
    const containing = await claim(admin, A.id, '10.16.0.0/12');
    expect([containing.statusCode, containing.json().error.code]).toEqual([409, 'filter.network_overlap']);
    // an assignment may not overlap another school's assignment or network either
    expect((await assign(C.id, '10.20.128.0/17')).json().error.code).toBe('filter.network_overlap');
    expect((await assign(C.id, '10.30.0.0/24')).json().error.code).toBe('filter.network_overlap_assigned');
    expect((await claim(admin, C.id, '10.30.9.0/24')).json().error.code).toBe('filter.network_overlap_assigned');
    // public: a school's own /24 or /48, never wide; special space: never
    for (const [cidr, code] of [
      ['8.0.0.0/8', 'filter.cidr_public_too_wide'],
      ['2001:4860::/32', 'filter.cidr_public_too_wide'],
      ['0.0.0.0/8', 'filter.cidr_reserved'],
      ['0.0.0.0/0', 'filter.cidr_too_wide'],
      ['192.0.2.0/24', 'filter.cidr_reserved'],
    ] as const) {
      const res = await claim(admin, C.id, cidr);
      expect([res.statusCode, res.json().error.code], cidr).toEqual([400, code]);
    }
    expect((await claim(admin, C.id, '14.225.7.0/24')).statusCode).toBe(201);
    expect((await assign(C.id, '2402:800:1:2::/64')).statusCode).toBe(201);
    // loopback: the demo school has it; nobody else may take part of it, nobody assigns it
    expect((await claim(admin, C.id, '127.0.0.0/16')).json().error.code).toBe('filter.network_overlap');
    expect((await assign(C.id, '127.1.0.0/16')).json().error.code).toBe('filter.cidr_reserved');
    const audit = await db().kysely.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'filter_range.assigned').execute();
    expect(audit.map((a) => JSON.parse(a.detail).cidr)).toEqual(expect.arrayContaining([B_NET, A_RANGE, '2402:800:1:2::/64']));
  });

  it('refuses hostile input with a clear 400 and writes nothing', async () => {
    const before = [await networks(), await created()];
    for (const cidr of [
      'abc',
      '10.1.2.0/33',
      '10.1.2.0/-1',
      '10.1.2.0/24/1',
      '10.1.2.0/',
      '[::1]/128',
      'fe80::1%eth0/128',
      '10.30.1.0/024x',
      ' ',
      '1.2.3.4.5/24',
      '10.30.1.256/24',
    ]) {
      const res = await claim(adminA, A.id, cidr);
      expect(res.statusCode, cidr).toBe(400);
      expect(res.json().error.code, cidr).toMatch(/^(filter\.bad_cidr|validation_failed)$/);
    }
    expect((await claim(adminA, A.id, 'x'.repeat(5000))).statusCode).toBe(400);
    expect(
      (await adminA.request('POST', '/api/v1/filter/networks', { schoolId: A.id, band: 'staff', cidr: '10.30.3.0/24', note: 'n'.repeat(201) })).statusCode,
    ).toBe(400);
    expect((await adminA.request('POST', '/api/v1/filter/networks', { schoolId: A.id, band: 'teachers', cidr: '10.30.3.0/24' })).statusCode).toBe(400);
    expect((await admin.request('POST', '/api/v1/filter/assigned-ranges', { schoolId: A.id, cidr: '10.40.0.0/16', extra: 1 })).statusCode).toBe(400);
    expect((await admin.request('POST', '/api/v1/filter/assigned-ranges', { schoolId: 'no-such-school', cidr: '10.40.0.0/16' })).statusCode).toBe(404);
    expect([await networks(), await created()]).toEqual(before);
  });

  it('lists overlaps made before the rule so the city can resolve them', async () => {
    // data from before the rule: A's network inside B's, written straight to the table
    const legacy = newId();
    const at = new Date().toISOString();
    await db()
      .kysely.insertInto('filter_networks')
      .values({ id: legacy, school_id: A.id, band: 'staff', cidr: '10.20.9.0/24', note: null, created_at: at, updated_at: at })
      .execute();
    expect(await owner('10.20.9.5')).toBe(A.id); // the takeover the rule prevents
    const res = await admin.request('GET', '/api/v1/filter/networks/conflicts');
    expect(res.statusCode).toBe(200);
    const pairs = res.json() as Array<{ outer: { cidr: string; schoolId: string; kind: string }; inner: { id: string; cidr: string; schoolId: string } }>;
    const found = pairs.filter((p) => p.inner.id === legacy);
    expect(found.map((p) => `${p.outer.kind} ${p.outer.cidr} ${p.outer.schoolId}`).sort()).toEqual(
      [`assigned ${B_NET} ${B.id}`, `network ${B_NET} ${B.id}`].sort(),
    );
    expect(pairs.every((p) => p.outer.schoolId !== p.inner.schoolId)).toBe(true);
    const leader = await t.staff('city_leader');
    expect((await leader.request('GET', '/api/v1/filter/networks/conflicts')).statusCode).toBe(200);
    // the same from the command line (lachan filter conflicts): exit code 1 while any remain
    const city: Ctx = { ...t.deps, actor: systemActor('test'), origin: { ip: null } };
    let printed = '';
    expect(await printConflicts(city, 'en', (s) => (printed += s))).toBe(1);
    expect(printed).toContain(`${B_NET} (network, ${B.code}`);
    expect(printed).toContain(`10.20.9.0/24 (network, ${A.code}, id ${legacy})`);
    // while it stands, A's administrator cannot build on it
    expect((await claim(adminA, A.id, '10.20.9.128/25')).statusCode).toBe(403);
    expect((await admin.request('DELETE', `/api/v1/filter/networks/${legacy}`)).statusCode).toBe(204);
    expect(((await admin.request('GET', '/api/v1/filter/networks/conflicts')).json() as typeof pairs).filter((p) => p.inner.id === legacy)).toEqual([]);
    expect(await owner('10.20.9.5')).toBe(B.id);
    printed = '';
    expect(await printConflicts(city, 'vi', (s) => (printed += s))).toBe(0);
    expect(printed).toContain('Không có dải mạng nào trùng');
  });

  it('lets only one of two simultaneous overlapping claims through', async () => {
    for (let i = 0; i < 8; i++) {
      const wide = `10.${100 + i}.0.0/16`;
      const narrow = `10.${100 + i}.${i}.0/24`;
      const [x, y] = await Promise.all([claim(admin, A.id, wide), claim(admin, B.id, narrow)]);
      expect([x.statusCode, y.statusCode].sort(), `${wide} / ${narrow}`).toEqual([201, 409]);
    }
    const conflicts = (await admin.request('GET', '/api/v1/filter/networks/conflicts')).json();
    expect(conflicts).toEqual([]);
  });

  it('scopes the rule per filter: on a node serving one school alone (issue 16), that school declares its own private ranges', async () => {
    const actor: UserActor = { kind: 'user', id: adminA.id, label: 'a', role: 'school_admin', unitId: null, agencyId: null, schoolId: A.id };
    const ctx: Ctx = { ...t.deps, actor, origin: { ip: null } };
    const r = await claimNetwork(ctx, { schoolId: A.id, band: 'primary', cidr: '192.168.77.0/24' }, singleSchool(A.id));
    expect(r.cidr).toBe('192.168.77.0/24');
    await expect(claimNetwork(ctx, { schoolId: A.id, band: 'primary', cidr: '8.8.8.0/24' }, singleSchool(A.id))).rejects.toMatchObject({
      code: 'filter.cidr_public',
    });
    await expect(claimNetwork(ctx, { schoolId: B.id, band: 'primary', cidr: '192.168.78.0/24' }, singleSchool(A.id))).rejects.toMatchObject({ status: 404 });
    // on the shared filter the same administrator needs the city's assignment
    await expect(claimNetwork(ctx, { schoolId: A.id, band: 'primary', cidr: '192.168.79.0/24' })).rejects.toMatchObject({
      code: 'filter.network_not_assigned',
    });
  });
});
