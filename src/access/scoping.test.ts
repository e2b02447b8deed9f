import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';

/**
 * A case worker of one ward must get 403/404 and no data for another ward's records, on every
 * route that returns records. The table below names every GET route of the API; a new route
 * without an entry fails the first test, so nobody adds a route without deciding its scope.
 */
const WARD_A = '00070'; // Hoàn Kiếm: demo kindergarten and primary school
const WARD_B = '00004'; // Ba Đình: demo lower and upper secondary school

type Expectation = 'ward-scoped list' | 'ward-scoped record' | 'admin only' | 'own account' | 'reference data' | 'own record';
const GET_ROUTES: Record<string, Expectation> = {
  '/api/v1/schools': 'ward-scoped list',
  '/api/v1/schools/:id': 'ward-scoped record',
  '/api/v1/users': 'own record',
  '/api/v1/users/:id': 'own record',
  '/api/v1/tokens': 'admin only',
  '/api/v1/tokens/scopes': 'admin only',
  '/api/v1/audit': 'admin only',
  '/api/v1/audit/vocabulary': 'admin only',
  '/api/v1/auth/me': 'own account',
  // counts within the caller's own scope (src/home/home.test.ts: each role's counts equal the database's)
  '/api/v1/home': 'own record',
  '/api/v1/units': 'reference data',
  '/api/v1/units/:id': 'reference data',
  '/api/v1/agencies': 'reference data',
  '/api/v1/agencies/:id': 'reference data',
  '/api/v1/agencies/responsibilities': 'reference data',
  // Reporting centre (tested in depth in src/intake/intake.test.ts: another ward's report → 404).
  '/api/v1/intake/reports': 'ward-scoped list',
  '/api/v1/intake/reports/overdue': 'ward-scoped list',
  '/api/v1/intake/reports/:id': 'ward-scoped record',
  '/api/v1/intake/evidence/:id/preview': 'ward-scoped record',
  '/api/v1/intake/stats': 'admin only',
  '/api/v1/intake/settings/priority-rules': 'admin only',
  '/api/v1/intake/settings/routing-rules': 'admin only',
  '/api/v1/intake/settings/sla': 'admin only',
  '/api/v1/intake/vocabulary': 'reference data',
  '/api/v1/intake/notifications': 'own record',
  '/api/v1/filter/categories': 'admin only',
  '/api/v1/filter/lists': 'admin only',
  '/api/v1/filter/bands': 'admin only',
  '/api/v1/filter/settings': 'admin only',
  '/api/v1/filter/schools/:id/rules': 'admin only',
  '/api/v1/filter/networks': 'admin only',
  // who holds which addresses (src/filter/networks/networks.test.ts: a school admin sees its own school's, conflicts are the city's)
  '/api/v1/filter/networks/conflicts': 'admin only',
  // issue 11: guard list, held refreshes, review requests, live view (src/filter/safety-routes.ts)
  '/api/v1/filter/guard': 'admin only',
  '/api/v1/filter/guard/check': 'admin only',
  '/api/v1/filter/guard/decisions': 'admin only',
  '/api/v1/filter/lists/:id/rejected': 'admin only',
  '/api/v1/filter/lists/held': 'admin only',
  '/api/v1/filter/categories/coverage': 'admin only',
  '/api/v1/filter/bands/blockpage': 'admin only',
  '/api/v1/filter/reviews': 'own record',
  '/api/v1/filter/reviews/counts': 'own record',
  '/api/v1/filter/schools/:id/rules/effects': 'ward-scoped record',
  '/api/v1/filter/live': 'ward-scoped record',
  '/api/v1/filter/assigned-ranges': 'admin only',
  '/api/v1/filter/check': 'admin only',
  '/api/v1/filter/stats': 'admin only',
  '/api/v1/filter/query-log': 'admin only',
  '/api/v1/filter/status': 'admin only',
  '/api/v1/filter/alerts': 'admin only',
  // issue 16, the fleet: the city's node list (src/filter/fleet/nodes/fleet-nodes.test.ts); a node's policy
  // and stream answer only a node token (a staff session gets 401: src/filter/fleet/centre)
  '/api/v1/fleet/nodes': 'admin only',
  '/api/v1/fleet/policy': 'admin only',
  '/api/v1/fleet/stream': 'admin only',
  // a node's own schools' DoH/DoT tokens, to its node token only (test/fleet-node-encrypted.test.ts: 401/403)
  '/api/v1/fleet/addresses': 'own record',
  // Review desk (src/detect/review/review.test.ts: intake officers see report items only, others 403).
  '/api/v1/detect/items': 'admin only',
  '/api/v1/detect/items/:id': 'admin only',
  '/api/v1/detect/items/:id/images/:n/preview': 'admin only',
  '/api/v1/detect/takedowns': 'admin only',
  '/api/v1/detect/stats': 'admin only',
  '/api/v1/detect/vocabulary': 'reference data',
  // Hash banks (src/detect/images): analysts and administrators; city leaders counts only.
  '/api/v1/detect/banks': 'admin only',
  '/api/v1/detect/banks/:id': 'admin only',
  '/api/v1/detect/banks/:id/export': 'admin only',
  '/api/v1/detect/banks/:id/hashes': 'admin only',
  // Case core (src/cases/cases.test.ts and cases-permissions.test.ts: another ward's case and hand-over → 404, lists without them)
  '/api/v1/cases': 'ward-scoped list',
  '/api/v1/cases/:id': 'ward-scoped record',
  '/api/v1/cases/handovers': 'ward-scoped list',
  '/api/v1/cases/vocabulary': 'reference data',
  '/api/v1/cases/settings/:ownerId': 'ward-scoped record',
  // Case work (src/cases/work/work.test.ts: another ward's referrals, tasks and clocks → 404, lists empty)
  '/api/v1/cases/referrals': 'ward-scoped list',
  '/api/v1/cases/:id/referrals': 'ward-scoped record',
  // a case's letters (src/cases/letters/case-letter.test.ts: another ward's case → 404)
  '/api/v1/cases/:id/letters/:kind': 'ward-scoped record',
  '/api/v1/cases/tasks': 'ward-scoped list',
  '/api/v1/cases/:id/tasks': 'ward-scoped record',
  '/api/v1/cases/:id/clocks': 'ward-scoped record',
  '/api/v1/cases/overdue': 'ward-scoped list',
  '/api/v1/cases/caseload': 'ward-scoped list',
  '/api/v1/cases/sla-steps': 'reference data',
  '/api/v1/cases/work-vocabulary': 'reference data',
  // Programmes (src/programmes/programmes.test.ts: another ward's and another school's records → 404)
  '/api/v1/programmes/topics': 'reference data',
  '/api/v1/programmes/sessions': 'ward-scoped list',
  '/api/v1/programmes/sessions/:id': 'ward-scoped record',
  // a session's photos (src/programmes/sessions/photos.test.ts: another ward's session → 404)
  '/api/v1/programmes/sessions/:id/photos': 'ward-scoped record',
  '/api/v1/programmes/sessions/:id/photos/:photoId/preview': 'ward-scoped record',
  '/api/v1/programmes/trainings': 'ward-scoped list',
  '/api/v1/programmes/outreach': 'ward-scoped list',
  '/api/v1/programmes/import/template': 'ward-scoped list',
  '/api/v1/programmes/imports/:id': 'own record',
  '/api/v1/programmes/coverage': 'ward-scoped list',
  '/api/v1/programmes/coverage/settings': 'reference data',
  '/api/v1/programmes/checklist-items': 'reference data',
  // the rules the session form follows (grades per school level, photo limits): the same for everyone
  '/api/v1/programmes/grades-by-level': 'reference data',
  '/api/v1/programmes/photo-upload': 'reference data',
  '/api/v1/programmes/checklists': 'ward-scoped list',
  '/api/v1/programmes/schools/:id/learning-platforms': 'ward-scoped record',
  // City indicators (src/indicators/indicators.test.ts: aggregates only; case workers 403, anonymous 401)
  '/api/v1/indicators': 'admin only',
  '/api/v1/indicators/export.csv': 'admin only',
  '/api/v1/indicators/raw.csv': 'admin only',
  '/api/v1/indicators/:code/ranking': 'admin only',
  '/api/v1/indicators/:code/trend': 'admin only',
  '/api/v1/indicators/reports': 'admin only',
  '/api/v1/indicators/report-issuer': 'admin only',
  '/api/v1/indicators/reports/:id/xlsx': 'admin only',
  '/api/v1/indicators/reports/:id/docx': 'admin only',
};

/** The sweeps call every route as every limited token (and every body): they grow with the API, so they get more time than one test's default. */
const SWEEP_TIMEOUT_MS = 180_000;

describeEachDb('record scoping', (db) => {
  let t: TestApp;
  let worker: Session & { id: string };
  let schoolA: { id: string; unit_id: string };
  let schoolB: { id: string; unit_id: string };
  let other: { id: string };

  beforeAll(async () => {
    t = await createTestApp(db());
    worker = await t.staff('case_worker', { unitId: WARD_A });
    const schools = await db().kysely.selectFrom('schools').select(['id', 'unit_id', 'code']).execute();
    schoolA = schools.find((s) => s.unit_id === WARD_A) as typeof schoolA;
    schoolB = schools.find((s) => s.unit_id === WARD_B) as typeof schoolB;
    other = await t.staff('case_worker', { unitId: WARD_B });
  });
  afterAll(() => t.close());

  it('has a scoping expectation for every GET route of the API', () => {
    const routes = t.app.routeTable.filter((r) => r.method === 'GET' && r.url.startsWith('/api/v1/')).map((r) => r.url);
    expect(routes.filter((r) => !(r in GET_ROUTES))).toEqual([]);
  });

  it('lists only the own ward’s schools', async () => {
    const res = await worker.request('GET', '/api/v1/schools?limit=500');
    expect(res.statusCode).toBe(200);
    const units = new Set(res.json().items.map((s: { unitId: string }) => s.unitId));
    expect([...units]).toEqual([WARD_A]);
    expect(res.json().total).toBe(res.json().items.length);
    // Filtering for the other ward explicitly still shows nothing.
    const forced = await worker.request('GET', `/api/v1/schools?unitId=${WARD_B}`);
    expect(forced.json()).toEqual({ items: [], total: 0 });
  });

  it('answers 404 with no data for another ward’s school, for reads and writes alike', async () => {
    expect((await worker.request('GET', `/api/v1/schools/${schoolA.id}`)).statusCode).toBe(200);
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { name: 'đổi tên' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await worker.request(method, `/api/v1/schools/${schoolB.id}`, body);
      expect(res.statusCode, `${method}`).toBe(404);
      expect(Object.keys(res.json())).toEqual(['error']);
      expect(res.body).not.toContain(schoolB.id);
    }
    // Even on its own ward, a case worker reads schools but does not edit them.
    expect((await worker.request('PATCH', `/api/v1/schools/${schoolA.id}`, { name: 'đổi tên' })).statusCode).toBe(403);
  });

  it('keeps staff accounts, tokens and the audit trail from a case worker', async () => {
    const users = await worker.request('GET', '/api/v1/users');
    expect(users.json().items.map((u: { id: string }) => u.id)).toEqual([worker.id]);
    for (const url of ['/api/v1/tokens', '/api/v1/tokens/scopes', '/api/v1/audit']) {
      const res = await worker.request('GET', url);
      expect(res.statusCode, url).toBe(403);
      expect(Object.keys(res.json())).toEqual(['error']);
    }
    const otherUser = await worker.request('GET', `/api/v1/users/${other.id}`);
    expect(otherUser.statusCode).toBe(404);
    const self = await worker.request('GET', `/api/v1/users/${worker.id}`);
    expect(self.statusCode).toBe(200);
    expect(self.json().unitId).toBe(WARD_A);
    expect((await worker.request('PATCH', `/api/v1/users/${worker.id}`, { role: 'system_admin' })).statusCode).toBe(403);
  });

  it('lets a case worker read reference data (units, agencies), which no ward owns', async () => {
    for (const url of ['/api/v1/units', `/api/v1/units/${WARD_B}`, '/api/v1/agencies', '/api/v1/agencies/responsibilities']) {
      expect((await worker.request('GET', url)).statusCode, url).toBe(200);
    }
  });

  it('limits a school administrator to their own school', async () => {
    const admin = await t.staff('school_admin', { schoolId: schoolA.id });
    const list = await admin.request('GET', '/api/v1/schools');
    expect(list.json().items.map((s: { id: string }) => s.id)).toEqual([schoolA.id]);
    expect((await admin.request('GET', `/api/v1/schools/${schoolB.id}`)).statusCode).toBe(404);
    expect((await admin.request('PATCH', `/api/v1/schools/${schoolB.id}`, { name: 'x' })).statusCode).toBe(404);
    const own = await admin.request('PATCH', `/api/v1/schools/${schoolA.id}`, { address: 'Số 1 phố Thử' });
    expect(own.statusCode).toBe(200);
    // …and may not move it to another ward.
    expect((await admin.request('PATCH', `/api/v1/schools/${schoolA.id}`, { unitId: WARD_B })).statusCode).toBe(403);
  });

  it(
    'shows every school to city-wide roles and nothing to anonymous callers',
    async () => {
      const leader = await t.staff('city_leader');
      const all = await leader.request('GET', '/api/v1/schools?limit=500');
      expect(new Set(all.json().items.map((s: { unitId: string }) => s.unitId)).size).toBeGreaterThan(1);
      expect((await leader.request('POST', '/api/v1/schools', { code: 'X1', name: 'X', level: 'primary', unitId: WARD_A })).statusCode).toBe(403);
      // routes with a required query get one, so the answer is about who asks, not about the query
      const period = '?from=2026-01-01&to=2026-02-01';
      const query: Record<string, string> = {
        '/api/v1/filter/guard/check': '?domain=example.com',
        '/api/v1/filter/live': `?schoolId=${schoolA.id}`,
        '/api/v1/indicators': period,
        '/api/v1/indicators/export.csv': `${period}&view=summary`,
        '/api/v1/indicators/raw.csv': period,
        '/api/v1/indicators/:code/ranking': period,
        '/api/v1/indicators/:code/trend': period,
      };
      for (const url of Object.keys(GET_ROUTES)) {
        const res = await t.app.inject({ method: 'GET', url: url.replace(':id', schoolA.id) + (query[url] ?? '') });
        expect(res.statusCode, url).toBe(401);
      }
    },
    SWEEP_TIMEOUT_MS,
  );
});

/**
 * Machine tokens limited to a school or a ward (issue 10, item 4): the limit set when a token is
 * issued holds on every route. Tokens carry every scope a limit can hold, so only the limit stands
 * between them and other schools; an unlimited token with the same scopes shows the routes do open
 * to tokens. The same matrix over every policy, without HTTP: src/access/token-limits.test.ts.
 */
const LIMITABLE_SCOPES = ['org:read', 'schools:read', 'schools:write', 'filter:sync'];

/** GET routes a limited token may get a 2xx from: its own school's or ward's records, or data that is no school's. */
const LIMITED_TOKEN_GETS = new Set([
  '/api/v1/schools',
  '/api/v1/schools/:id',
  '/api/v1/units',
  '/api/v1/units/:id',
  '/api/v1/agencies',
  '/api/v1/agencies/:id',
  '/api/v1/agencies/responsibilities',
  '/api/v1/filter/categories',
  '/api/v1/filter/lists',
  '/api/v1/filter/bands',
  '/api/v1/filter/settings',
  '/api/v1/filter/schools/:id/rules',
  '/api/v1/filter/networks',
  '/api/v1/filter/check',
  '/api/v1/filter/status',
  // the city's guard list, list refreshes and block page (issue 11): no school's data either
  '/api/v1/filter/guard',
  '/api/v1/filter/guard/check',
  '/api/v1/filter/guard/decisions',
  '/api/v1/filter/lists/:id/rejected',
  '/api/v1/filter/lists/held',
  '/api/v1/filter/categories/coverage',
  '/api/v1/filter/bands/blockpage',
]);

/** Unsafe routes that answer a token 2xx: they act on the caller's own session, which a token has none of. */
const TOKEN_HARMLESS_UNSAFE = new Set(['POST /api/v1/auth/logout']);

describeEachDb('token limits to a school or ward', (db) => {
  let t: TestApp;
  let admin: Session;
  let schoolA: { id: string; unit_id: string; code: string };
  let schoolA2: { id: string; unit_id: string; code: string };
  let schoolB: { id: string; unit_id: string; code: string };
  const secrets: Record<'school' | 'ward' | 'both' | 'unlimited', string> = { school: '', ward: '', both: '', unlimited: '' };
  const LIMITED = ['school', 'ward', 'both'] as const;
  const NET_A = '10.61.1.0/24';
  const NET_B = '10.62.1.0/24';

  const call = (who: keyof typeof secrets, method: InjectOptions['method'], url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${secrets[who]}` },
      ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
    });
  const schoolRow = (id: string) => db().kysely.selectFrom('schools').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await createTestApp(db());
    admin = await t.login('admin', ADMIN_PASSWORD);
    const schools = await db().kysely.selectFrom('schools').select(['id', 'unit_id', 'code']).orderBy('code').execute();
    const inA = schools.filter((s) => s.unit_id === WARD_A);
    [schoolA, schoolA2] = inA as [typeof schoolA, typeof schoolA];
    schoolB = schools.find((s) => s.unit_id === WARD_B) as typeof schoolB;
    expect(schoolA2).toBeDefined();
    const issue = async (limits: { schoolId?: string; unitId?: string }) => {
      const res = await admin.request('POST', '/api/v1/tokens', { name: `Giới hạn ${JSON.stringify(limits)}`, scopes: LIMITABLE_SCOPES, ...limits });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().secret as string;
    };
    secrets.school = await issue({ schoolId: schoolA.id });
    secrets.ward = await issue({ unitId: WARD_A });
    secrets.both = await issue({ schoolId: schoolA.id, unitId: WARD_A });
    secrets.unlimited = await issue({});
    for (const [school, cidr] of [
      [schoolA.id, NET_A],
      [schoolB.id, NET_B],
    ]) {
      const net = await admin.request('POST', '/api/v1/filter/networks', { schoolId: school, band: 'primary', cidr });
      expect(net.statusCode, net.body).toBe(201);
      const rules = await admin.request('PUT', `/api/v1/filter/schools/${school}/rules/all`, {
        blockedCategories: [],
        blockDomains: [`chan-${school}.example`],
        allowDomains: [],
      });
      expect(rules.statusCode, rules.body).toBeLessThan(300);
    }
  });
  afterAll(() => t.close());

  it('holds a schools:write token limited to school A to school A: no other school edited, none created', async () => {
    const before = await schoolRow(schoolB.id);
    const count = async () => (await db().kysely.selectFrom('schools').select('id').execute()).length;
    const schools = await count();
    for (const who of LIMITED) {
      const other = await call(who, 'PATCH', `/api/v1/schools/${schoolB.id}`, { name: 'Bị chiếm' });
      expect(other.statusCode, who).toBe(404);
      expect(Object.keys(other.json())).toEqual(['error']);
      expect(other.body).not.toContain(schoolB.id);
      const created = await call(who, 'POST', '/api/v1/schools', { code: `TOK-${who}`, name: 'Trường mới', level: 'primary', unitId: WARD_A });
      expect(created.statusCode, who).toBe(403);
      expect((await call(who, 'POST', '/api/v1/schools/import', {})).statusCode, who).toBe(403);
      // its own school: the name and address, not its ward or code
      expect((await call(who, 'PATCH', `/api/v1/schools/${schoolA.id}`, { address: `Số ${who}` })).statusCode, who).toBe(200);
      expect((await call(who, 'PATCH', `/api/v1/schools/${schoolA.id}`, { unitId: WARD_B })).statusCode, who).toBe(403);
      expect((await call(who, 'PATCH', `/api/v1/schools/${schoolA.id}`, { code: 'X-MOVED' })).statusCode, who).toBe(403);
    }
    // the ward's token edits every school of the ward; the school's tokens only theirs
    expect((await call('ward', 'PATCH', `/api/v1/schools/${schoolA2.id}`, { address: 'Phường A' })).statusCode).toBe(200);
    expect((await call('school', 'PATCH', `/api/v1/schools/${schoolA2.id}`, { address: 'x' })).statusCode).toBe(404);
    expect((await call('both', 'PATCH', `/api/v1/schools/${schoolA2.id}`, { address: 'x' })).statusCode).toBe(404);
    expect(await schoolRow(schoolB.id)).toEqual(before);
    expect(await count()).toBe(schools);
    expect((await schoolRow(schoolA.id)).unit_id).toBe(WARD_A);
    // the same calls open to a token without a limit: the routes are token routes
    expect((await call('unlimited', 'PATCH', `/api/v1/schools/${schoolB.id}`, { address: 'Không giới hạn' })).statusCode).toBe(200);
    expect((await call('unlimited', 'POST', '/api/v1/schools', { code: 'TOK-OPEN', name: 'Trường mới', level: 'primary', unitId: WARD_A })).statusCode).toBe(
      201,
    );
  });

  it('lists and reads only the schools inside the limit', async () => {
    const ids = async (who: keyof typeof secrets, query = '') =>
      ((await call(who, 'GET', `/api/v1/schools?limit=500${query}`)).json().items as Array<{ id: string }>).map((s) => s.id).sort();
    expect(await ids('school')).toEqual([schoolA.id]);
    expect(await ids('both')).toEqual([schoolA.id]);
    const ward = await db().kysely.selectFrom('schools').select('id').where('unit_id', '=', WARD_A).execute();
    expect(await ids('ward')).toEqual(ward.map((s) => s.id).sort());
    expect(await ids('ward', `&unitId=${WARD_B}`)).toEqual([]);
    expect(await ids('unlimited')).toContain(schoolB.id);
    for (const who of LIMITED) {
      expect((await call(who, 'GET', `/api/v1/schools/${schoolB.id}`)).statusCode, who).toBe(404);
      expect((await call(who, 'GET', `/api/v1/schools/${schoolA.id}`)).statusCode, who).toBe(200);
    }
  });

  it('holds a filter:sync token limited to school A to school A’s rules and networks', async () => {
    const networks = async (who: keyof typeof secrets, query = '') =>
      (await call(who, 'GET', `/api/v1/filter/networks${query}`)).json() as Array<{ cidr: string; schoolId: string }>;
    for (const who of ['school', 'both'] as const) {
      expect((await call(who, 'GET', `/api/v1/filter/schools/${schoolB.id}/rules`)).statusCode, who).toBe(404);
      const own = await call(who, 'GET', `/api/v1/filter/schools/${schoolA.id}/rules`);
      expect(own.statusCode, who).toBe(200);
      expect(own.body).toContain(`chan-${schoolA.id}.example`);
      const nets = await networks(who);
      expect(nets.map((n) => n.cidr)).toContain(NET_A);
      expect(new Set(nets.map((n) => n.schoolId))).toEqual(new Set([schoolA.id]));
      expect(await networks(who, `?schoolId=${schoolB.id}`)).toEqual([]);
      const check = await call(who, 'GET', `/api/v1/filter/check?domain=example.com&band=primary&schoolId=${schoolB.id}`);
      expect(check.statusCode, who).toBe(404);
    }
    // filter records name a school, not a ward: a ward's token opens none of them
    expect((await call('ward', 'GET', `/api/v1/filter/schools/${schoolA.id}/rules`)).statusCode).toBe(404);
    expect((await call('ward', 'GET', '/api/v1/filter/networks')).statusCode).toBe(403);
    // the city's settings are no school's: every filter node reads them
    for (const who of LIMITED) expect((await call(who, 'GET', '/api/v1/filter/bands')).statusCode, who).toBe(200);
    // and a token without a limit sees every school's
    expect((await networks('unlimited')).map((n) => n.cidr)).toEqual(expect.arrayContaining([NET_A, NET_B]));
    expect((await call('unlimited', 'GET', `/api/v1/filter/schools/${schoolB.id}/rules`)).statusCode).toBe(200);
  });

  it(
    'opens no GET route of the API beyond the limit',
    async () => {
      const routes = t.app.routeTable.filter((r) => r.method === 'GET' && r.url.startsWith('/api/v1/')).map((r) => r.url);
      expect(routes.length).toBeGreaterThan(40);
      // required queries filled in, pointing at school B, so the answer is the access decision, not a 400
      const query: Record<string, string> = {
        '/api/v1/filter/check': `?domain=example.com&band=primary&schoolId=${schoolB.id}`,
        '/api/v1/filter/live': `?schoolId=${schoolB.id}`,
        '/api/v1/filter/guard/check': '?domain=example.com',
        '/api/v1/filter/stats': `?schoolId=${schoolB.id}`,
        '/api/v1/filter/assigned-ranges': `?schoolId=${schoolB.id}`,
        '/api/v1/filter/reviews': `?schoolId=${schoolB.id}&status=all`,
      };
      const unexpected: string[] = [];
      for (const route of routes) {
        const url = route.replace(/:id\b/g, schoolB.id).replace(/:[a-z]+/gi, '0') + (query[route] ?? '');
        for (const who of LIMITED) {
          const res = await call(who, 'GET', url);
          if (res.statusCode < 300 && !LIMITED_TOKEN_GETS.has(route)) unexpected.push(`${who} ${route} → ${res.statusCode}`);
          // wherever it may look, nothing of school B shows
          if (res.body.includes(schoolB.id) || res.body.includes(NET_B) || res.body.includes(schoolB.code)) unexpected.push(`${who} ${route} shows school B`);
          if (res.statusCode >= 500) unexpected.push(`${who} ${route} → ${res.statusCode}`);
        }
      }
      expect(unexpected).toEqual([]);
    },
    SWEEP_TIMEOUT_MS,
  );

  it(
    'gets no 2xx from any unsafe route for another school, and files no report',
    async () => {
      const routes = t.app.routeTable.filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method) && r.url.startsWith('/api/v1/'));
      const audit = await db().kysely.selectFrom('audit_log').select('seq').where('action', '!=', 'token.used').execute();
      const unexpected: string[] = [];
      for (const { method, url: route } of routes) {
        const url = route
          .replace(/:id\b/g, schoolB.id)
          .replace(/:band\b/, 'all')
          .replace(/:[a-z]+/gi, '0');
        // one of these passes most routes' validation, so the answer is the access decision, not a 400
        const bodies: unknown[] = [
          {},
          { name: 'Tên mới' },
          { address: 'Địa chỉ mới' },
          { code: 'TOK-X', name: 'Trường X', level: 'primary', unitId: WARD_B },
          { schoolId: schoolB.id, band: 'primary', cidr: '10.62.9.0/24' },
          { blockedCategories: [], blockDomains: [], allowDomains: [] },
          { userId: null },
        ];
        for (const who of LIMITED) {
          for (const body of bodies) {
            const res = await call(who, method as InjectOptions['method'], url, body);
            if ((res.statusCode < 400 && !TOKEN_HARMLESS_UNSAFE.has(`${method} ${route}`)) || res.statusCode >= 500)
              unexpected.push(`${who} ${method} ${route} → ${res.statusCode}`);
          }
        }
      }
      expect(unexpected).toEqual([]);
      // nothing was written on the way (token.used entries record each refused call)
      expect(await db().kysely.selectFrom('audit_log').select('seq').where('action', '!=', 'token.used').execute()).toHaveLength(audit.length);
    },
    SWEEP_TIMEOUT_MS,
  );

  it('refuses to issue a limit that could not hold, and refuses one already issued', async () => {
    const partner = await admin.request('POST', '/api/v1/tokens', { name: 'Đối tác', scopes: ['reports:write'], unitId: WARD_A }, { 'accept-language': 'en' });
    expect(partner.statusCode).toBe(400);
    expect(partner.json().error).toEqual({ code: 'token_limit_unsupported', message: expect.stringContaining('reports:write') });
    const outside = await admin.request('POST', '/api/v1/tokens', { name: 'Lệch', scopes: ['schools:read'], schoolId: schoolB.id, unitId: WARD_A });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.code).toBe('token_school_outside_unit');
    expect(outside.json().error.message).toMatch(/không thuộc phường\/xã/);
    for (const unitId of ['01', 'nowhere']) {
      const bad = await admin.request('POST', '/api/v1/tokens', { name: 'Cả thành phố', scopes: ['schools:read'], unitId });
      expect(bad.statusCode, unitId).toBe(400);
      expect(bad.json().error.message).toContain(`unitId: ${unitId}`);
    }
    expect((await admin.request('POST', '/api/v1/tokens', { name: 'Không có trường', scopes: ['schools:read'], schoolId: 'no-such-school' })).statusCode).toBe(
      400,
    );
    // a partner token with a ward limit issued before this rule: it may file nothing
    const made = await admin.request('POST', '/api/v1/tokens', { name: 'Đối tác cũ', scopes: ['reports:write'] });
    await db().kysely.updateTable('api_tokens').set({ unit_id: WARD_A }).where('id', '=', made.json().token.id).execute();
    const reports = (await db().kysely.selectFrom('intake_reports').select('id').execute()).length;
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/intake/reports',
      headers: { authorization: `Bearer ${made.json().secret}`, 'idempotency-key': 'limited-1' },
      payload: { incidentTypes: ['sextortion'], description: 'Một người lạ đe doạ tung ảnh của bé.', victim: { ageBand: '11_14', unitId: WARD_A } },
    });
    expect(filed.statusCode).toBe(403);
    expect((await db().kysely.selectFrom('intake_reports').select('id').execute()).length).toBe(reports);
  });
});
