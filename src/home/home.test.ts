import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Role } from '../access/actor.js';
import { newId } from '../shared/ids.js';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';

/**
 * Each role's home page against a fixture whose figures are worked out by hand below: reports in
 * every state (open, closed, overdue, another agency's), hand-overs to two agencies and a ward,
 * review-desk items in every state, block-page review requests, networks and hourly counters of
 * two schools (one hour outside the window), locked accounts and tokens expiring at both edges.
 */
const NOW = '2026-06-10T08:30:00.000Z';
const PAST = '2026-06-10T08:00:00.000Z';
const LATER = '2026-06-11T08:00:00.000Z';
const WARD_A = '00070';

describeEachDb('home page counts per role', (db) => {
  let t: TestApp;
  let admin: Session;
  let agencyA: string;
  let agencyB: string;
  let schoolA: string;
  let schoolB: string;
  const sessions = new Map<string, Session>();
  const home = async (who: string) => {
    const res = await (sessions.get(who) as Session).request('GET', '/api/v1/home');
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await createTestApp(db(), { clock: () => new Date(NOW) });
    admin = await t.login('admin', ADMIN_PASSWORD);
    const k = db().kysely;
    const agencies = await k.selectFrom('agencies').select('id').orderBy('code').limit(2).execute();
    [agencyA, agencyB] = agencies.map((a) => a.id) as [string, string];
    const schools = await k.selectFrom('schools').select(['id', 'unit_id']).orderBy('code').execute();
    schoolA = (schools.find((s) => s.unit_id === WARD_A) ?? schools[0])?.id as string;
    schoolB = schools.find((s) => s.id !== schoolA)?.id as string;

    const staff: Array<[string, Role, { unitId?: string; agencyId?: string; schoolId?: string }]> = [
      ['intake', 'intake_officer', {}],
      ['analyst', 'analyst', {}],
      ['leader', 'city_leader', {}],
      ['agencyA', 'agency_officer', { agencyId: agencyA }],
      ['wardWorker', 'case_worker', { unitId: WARD_A }],
      ['schoolA', 'school_admin', { schoolId: schoolA }],
    ];
    sessions.set('admin', admin);
    for (const [name, role, scope] of staff) sessions.set(name, await t.staff(role, scope));

    // Reports: filed through the API, then put in the state the fixture needs.
    const report = async (set: Record<string, unknown>) => {
      const res = await admin.request('POST', '/api/v1/intake/reports', { incidentTypes: ['other'], description: 'báo cáo thử cho trang chủ' });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json().id as string;
      await k
        .updateTable('intake_reports')
        .set({ ack_due_at: LATER, action_due_at: LATER, acknowledged_at: null, first_action_at: null, agency_id: null, ...set })
        .where('id', '=', id)
        .execute();
      return id;
    };
    await report({ status: 'new', priority: 'p1', agency_id: agencyA }); // open, new, P1
    await report({ status: 'new', priority: 'p2', agency_id: agencyA, ack_due_at: PAST }); // open, new, overdue
    await report({ status: 'accepted', priority: 'p1', agency_id: agencyB, acknowledged_at: PAST, action_due_at: PAST }); // open, P1, overdue
    await report({ status: 'accepted', priority: 'p3', handover_unit_id: WARD_A }); // open; the ward's case worker sees it
    await report({ status: 'rejected', priority: 'p1', agency_id: agencyA, ack_due_at: PAST }); // closed: counted nowhere
    await report({ status: 'merged', priority: 'p1', ack_due_at: PAST }); // closed
    const handedOver = await report({ status: 'handed_over', priority: 'p2', agency_id: agencyA }); // not open

    // Hand-overs: one open and one taken for agency A, one open for B, one open for the ward.
    const handover = (set: { agency_id?: string; unit_id?: string; status: 'open' | 'taken' }) => ({
      id: newId(),
      report_id: handedOver,
      victim_support: 1,
      violation_handling: 0,
      unit_id: null,
      agency_id: null,
      sealed_note: null,
      created_by: null,
      created_at: PAST,
      ...set,
    });
    await k
      .insertInto('intake_handovers')
      .values([
        handover({ agency_id: agencyA, status: 'open' }),
        handover({ agency_id: agencyA, status: 'taken' }),
        handover({ agency_id: agencyB, status: 'open' }),
        handover({ unit_id: WARD_A, status: 'open' }),
      ])
      .execute();

    // Review desk: five links, then each in its state.
    const analyst = sessions.get('analyst') as Session;
    for (const [i, status] of (['analysed', 'failed', 'failed', 'queued', 'decided'] as const).entries()) {
      const res = await analyst.request('POST', '/api/v1/detect/items', { url: `https://home-fixture-${i}.example/page` });
      expect(res.statusCode, res.body).toBeLessThan(300);
      await k.updateTable('detect_items').set({ status }).where('id', '=', res.json().id).execute();
    }

    // School filter: requests, networks, hourly counters.
    const request = (school: string, status: 'open' | 'escalated' | 'allowed') => ({
      id: newId(),
      school_id: school,
      domain: `${newId().slice(-8)}.example`,
      category: 'social',
      note: null,
      status,
      created_at: PAST,
      updated_at: PAST,
      band: 'primary',
      mandatory: 0,
      answer_reason: null,
      answered_by: null,
      answered_at: null,
      escalated_at: status === 'escalated' ? PAST : null,
      requests: 1,
    });
    await k
      .insertInto('filter_review_requests')
      .values([request(schoolA, 'open'), request(schoolA, 'open'), request(schoolA, 'escalated'), request(schoolA, 'allowed'), request(schoolB, 'open')])
      .execute();
    await k
      .insertInto('filter_networks')
      .values({ id: newId(), school_id: schoolA, band: 'primary', cidr: '10.77.1.0/24', note: null, created_at: PAST, updated_at: PAST })
      .execute();
    await k
      .insertInto('filter_assigned_ranges')
      .values({ id: newId(), school_id: schoolA, cidr: '10.77.0.0/16', note: null, created_at: PAST, updated_at: PAST })
      .execute();
    const hour = (h: string, school: string, category: string, count: number) => ({ hour: h, school_id: school, band: 'primary', category, count });
    await k
      .insertInto('filter_counters')
      .values([
        hour('2026-06-10T08:00:00.000Z', schoolA, 'all', 100),
        hour('2026-06-10T08:00:00.000Z', schoolA, 'adult', 7),
        hour('2026-06-09T09:00:00.000Z', schoolA, 'all', 20), // 23 hours ago: the oldest hour inside the window
        hour('2026-06-09T08:00:00.000Z', schoolA, 'all', 50), // 24 hours ago: outside
        hour('2026-06-10T07:00:00.000Z', schoolB, 'all', 40),
        hour('2026-06-10T07:00:00.000Z', schoolB, 'gambling', 3),
      ])
      .execute();

    // Accounts and tokens.
    const wardWorker = sessions.get('wardWorker') as Session & { id: string };
    await k.updateTable('users').set({ locked_until: LATER }).where('id', '=', wardWorker.id).execute();
    await k
      .updateTable('users')
      .set({ locked_until: PAST })
      .where('id', '=', (sessions.get('leader') as Session & { id: string }).id)
      .execute();
    const adminRow = await k.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    const token = (expires_at: string | null, revoked_at: string | null = null) => ({
      id: newId(),
      name: `t${newId().slice(-6)}`,
      token_hash: newId(),
      prefix: 'lct_x',
      scopes: '[]',
      unit_id: null,
      school_id: null,
      created_by: adminRow.id,
      created_at: PAST,
      expires_at,
      last_used_at: null,
      revoked_at,
    });
    await k
      .insertInto('api_tokens')
      .values([
        token('2026-06-13T00:00:00.000Z'), // in 3 days: soon
        token('2026-06-24T08:30:00.000Z'), // exactly 14 days: soon
        token('2026-07-10T00:00:00.000Z'), // a month: not yet
        token('2026-06-01T00:00:00.000Z'), // already expired: not "expiring"
        token('2026-06-12T00:00:00.000Z', PAST), // revoked
        token(null), // never expires
      ])
      .execute();

    // Programme sessions (issue 14 item 8): the home counts the coverage page's default period,
    // 2026-01-01 to the end of June. School A: two in it (at both edges), one the day before it;
    // school B: one. The city asks for 3 sessions, so school A (2) is not yet covered.
    const topic = await k.selectFrom('programme_topics').select('id').orderBy('code').executeTakeFirstOrThrow();
    const held = (school_id: string, held_on: string) => ({
      id: newId(),
      school_id,
      unit_id: WARD_A,
      held_on,
      topic_id: topic.id,
      audience: 'parents' as const,
      grades: '[]',
      attendance: 20,
      materials: null,
      photo_sha256: null,
      import_id: null,
      created_by: null,
      created_at: PAST,
      updated_at: PAST,
    });
    await k
      .insertInto('programme_sessions')
      .values([held(schoolA, '2026-01-01'), held(schoolA, '2026-06-30'), held(schoolA, '2025-12-31'), held(schoolB, '2026-03-01')])
      .execute();
    const minSessions = await admin.request('PUT', '/api/v1/programmes/coverage/settings', {
      minSessions: 3,
      yearStart: '09-01',
      semester2Start: '01-16',
      yearEnd: '06-01',
    });
    expect(minSessions.statusCode, minSessions.body).toBe(200);
  });
  afterAll(() => t.close());

  it('intake officer and administrator: every open report; new, P1 and overdue among them', async () => {
    for (const who of ['intake', 'admin']) {
      const h = await home(who);
      expect(h.reports, who).toEqual({ open: 4, new: 2, p1: 2, overdue: 2 });
      expect(h.at).toBe(NOW);
    }
    // the intake desk follows hand-overs but takes none
    expect((await home('intake')).handovers).toBeNull();
    expect((await home('intake')).detection).toBeNull();
    expect((await home('intake')).admin).toBeNull();
  });

  it('agency officer: only the reports routed to their agency, and the hand-overs addressed to it still open', async () => {
    const h = await home('agencyA');
    expect(h.reports).toEqual({ open: 2, new: 2, p1: 1, overdue: 1 });
    expect(h.handovers).toEqual({ open: 1 });
    expect(h.detection).toBeNull();
    expect(h.filter).toBeNull();
    expect(h.admin).toBeNull();
  });

  it('ward case worker: the report and the hand-over addressed to their ward', async () => {
    const h = await home('wardWorker');
    expect(h.reports).toEqual({ open: 1, new: 0, p1: 0, overdue: 0 });
    expect(h.handovers).toEqual({ open: 1 });
  });

  it('analyst: items to decide (analysed or failed), failed fetches, fetches waiting; city figures of reports and the filter', async () => {
    const h = await home('analyst');
    expect(h.detection).toEqual({ toDecide: 3, failed: 2, waiting: 1 });
    expect(h.reports).toEqual({ open: 4, new: 2, p1: 2, overdue: 2 });
    // the city answers escalated requests: one
    expect(h.filter).toEqual({ reviewsWaiting: 1, networks: 2, lookups24h: 160, blocked24h: 10 });
  });

  it('school administrator: their own school only — requests to answer, networks, look-ups of the last 24 hours', async () => {
    const h = await home('schoolA');
    expect(h.filter).toEqual({ reviewsWaiting: 2, networks: 2, lookups24h: 120, blocked24h: 7 });
    expect(h.reports).toBeNull();
    expect(h.handovers).toBeNull();
    expect(h.detection).toBeNull();
    expect(h.admin).toBeNull();
  });

  it('school administrator: their school’s sessions this period, covered or not against N (issue 14 item 8)', async () => {
    const h = await home('schoolA');
    expect(h.programmes).toEqual({ sessions: 2, minSessions: 3, covered: false, from: '2026-01-01', to: '2026-07-01' });
    // the same figures as the coverage page's own line for the school
    const page = await (sessions.get('schoolA') as Session).request('GET', '/api/v1/programmes/coverage');
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().ownSchool).toMatchObject({ sessions: h.programmes.sessions, covered: h.programmes.covered });
    // the city and the wards read coverage on its own page: no school line on their home
    for (const who of ['admin', 'leader', 'wardWorker', 'analyst', 'intake']) expect((await home(who)).programmes, who).toBeNull();
  });

  it('city leader: the city’s report figures and the filter’s, nothing to decide', async () => {
    const h = await home('leader');
    expect(h.reports).toEqual({ open: 4, new: 2, p1: 2, overdue: 2 });
    expect(h.filter).toEqual({ reviewsWaiting: 1, networks: 2, lookups24h: 160, blocked24h: 10 });
    expect(h.detection).toBeNull();
    expect(h.admin).toBeNull();
  });

  it('system administrator: accounts locked now, active accounts without 2FA, tokens expiring within 14 days', async () => {
    const users = await db().kysely.selectFrom('users').select(['totp_enabled', 'disabled']).execute();
    const without2fa = users.filter((u) => u.disabled === 0 && u.totp_enabled === 0).length;
    expect(without2fa).toBeGreaterThan(5);
    expect((await home('admin')).admin).toEqual({ lockedAccounts: 1, accountsWithout2fa: without2fa, tokensExpiringSoon: 2 });
  });

  it('the counts equal what each role’s own lists show', async () => {
    const intake = sessions.get('intake') as Session;
    const agency = sessions.get('agencyA') as Session;
    const list = async (s: Session, q: string) => (await s.request('GET', `/api/v1/intake/reports?limit=200${q}`)).json().total as number;
    expect(await list(intake, '&status=new')).toBe((await home('intake')).reports.new);
    expect(await list(intake, '&overdue=true')).toBe((await home('intake')).reports.overdue);
    expect((await list(agency, '&status=new')) + (await list(agency, '&status=accepted'))).toBe((await home('agencyA')).reports.open);
    const reviews = (await (sessions.get('schoolA') as Session).request('GET', '/api/v1/filter/reviews?status=open')).json() as unknown[];
    expect(reviews.length).toBe((await home('schoolA')).filter.reviewsWaiting);
  });
});

describeEachDb('home page: who may ask', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(db());
  });
  afterAll(() => t.close());

  it('answers 401 without a session and 403 to a machine token, with nothing counted', async () => {
    const anon = await t.app.inject({ method: 'GET', url: '/api/v1/home' });
    expect(anon.statusCode).toBe(401);
    expect(Object.keys(anon.json())).toEqual(['error']);
    const admin = await t.login('admin', ADMIN_PASSWORD);
    const issued = await admin.request('POST', '/api/v1/tokens', { name: 'home-probe', scopes: ['org:read'] });
    expect(issued.statusCode, issued.body).toBe(201);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/home', headers: { authorization: `Bearer ${issued.json().secret}` } });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('reports');
  });

  it('ignores hostile query strings rather than letting them steer the counts', async () => {
    const admin = await t.login('admin', ADMIN_PASSWORD);
    const plain = (await admin.request('GET', '/api/v1/home')).json();
    const odd = await admin.request('GET', `/api/v1/home?scope=all&role=system_admin&x=${'%27'.repeat(5000)}`);
    expect(odd.statusCode).toBe(200);
    expect({ ...odd.json(), at: null }).toEqual({ ...plain, at: null });
  });
});
