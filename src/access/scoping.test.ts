import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Session, type TestApp, createTestApp } from '../testing/app.js';
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
  '/api/v1/auth/me': 'own account',
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
  '/api/v1/filter/check': 'admin only',
  '/api/v1/filter/stats': 'admin only',
  '/api/v1/filter/query-log': 'admin only',
  '/api/v1/filter/status': 'admin only',
  '/api/v1/filter/alerts': 'admin only',
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
};

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
    for (const [method, body] of [['GET', undefined], ['PATCH', { name: 'đổi tên' }], ['DELETE', undefined]] as const) {
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

  it('shows every school to city-wide roles and nothing to anonymous callers', async () => {
    const leader = await t.staff('city_leader');
    const all = await leader.request('GET', '/api/v1/schools?limit=500');
    expect(new Set(all.json().items.map((s: { unitId: string }) => s.unitId)).size).toBeGreaterThan(1);
    expect((await leader.request('POST', '/api/v1/schools', { code: 'X1', name: 'X', level: 'primary', unitId: WARD_A })).statusCode).toBe(403);
    for (const url of Object.keys(GET_ROUTES)) {
      const res = await t.app.inject({ method: 'GET', url: url.replace(':id', schoolA.id) });
      expect(res.statusCode, url).toBe(401);
    }
  });
});
