import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemActor } from '../../../access/actor.js';
import { newId } from '../../../shared/ids.js';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../../../testing/app.js';
import { describeEachDb } from '../../../testing/databases.js';
import { addConfirmedHarmful, publishConfirmed } from '../../confirmed.js';
import { publishSnapshot } from '../../service.js';
import { seedFilter } from '../../store.js';
import { decodeBody, decodeEnvelope, publicKeyFromRaw } from '../protocol.js';
import { PolicyDelivery } from './policy-delivery.js';
import { latestVersion } from './policy-versions.js';
import { fleetPublicKey } from './signing-key.js';

/**
 * GET /fleet/policy and /fleet/stream through the real app on both databases: who may ask, what a
 * node receives (its schools only; one confirmed domain = one table entry), 204 and long polls,
 * a revoked node refused, hostile queries refused.
 */
describeEachDb('fleet policy delivery (centre)', (db) => {
  let t: TestApp;
  let admin: Session;
  let nodeToken: string;
  let schoolA: string;
  let schoolB: string;

  const get = (url: string, token = nodeToken) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const open = (raw: Buffer, current: number) => {
    const env = decodeEnvelope(raw, publicKeyFromRaw(fleetPublicKey(t.deps)), current);
    return { env, body: decodeBody(env.body) };
  };

  beforeAll(async () => {
    t = await createTestApp(db());
    await seedFilter(db(), t.deps.config.dataDir, new Date().toISOString(), newId);
    admin = await t.login('admin', ADMIN_PASSWORD);
    const schools = await db().kysely.selectFrom('schools').select(['id', 'code']).orderBy('code').execute();
    schoolA = schools.find((s) => s.code === 'DEMO-TH-01')!.id;
    schoolB = schools.find((s) => s.code === 'DEMO-THCS-01')!.id;
    await admin.request('PUT', `/api/v1/filter/schools/${schoolB}/rules/all`, { blockedCategories: [], blockDomains: ['only-b.example'], allowDomains: [] });
    const enrolment = await admin.request('POST', '/api/v1/fleet/enrolments', { schoolIds: [schoolA], name: 'Trạm A' });
    const enrolled = await t.app.inject({ method: 'POST', url: '/api/v1/fleet/enrol', payload: { token: enrolment.json().token, softwareVersion: 't' } });
    expect(enrolled.statusCode, enrolled.body).toBe(201);
    nodeToken = enrolled.json().nodeToken;
    await publishSnapshot(db().kysely, t.deps.config.dataDir);
  }, 60_000);
  afterAll(() => t.close());

  it('answers only a node token, checked before the query: a staff session, no token or a wrong one get 401 fleet.node_unknown', async () => {
    const refusals = [
      await admin.request('GET', '/api/v1/fleet/policy?since=0'),
      await t.app.inject({ method: 'GET', url: '/api/v1/fleet/policy' }),
      await get('/api/v1/fleet/stream?since=0', 'lcn_not-a-token'),
      // a stranger learns nothing from validation: the token is checked first
      await get('/api/v1/fleet/policy?since=abc', 'lcn_not-a-token'),
      await get('/api/v1/fleet/stream?since=0&x=1', 'lce_wrong-kind'),
      await t.app.inject({ method: 'GET', url: '/api/v1/fleet/stream?since=-1', headers: { authorization: 'Basic abc' } }),
    ];
    for (const r of refusals) {
      expect(r.statusCode, r.body).toBe(401);
      expect(Object.keys(r.json())).toEqual(['error']);
      expect(r.json().error.code).toBe('fleet.node_unknown');
    }
  });

  it('refuses hostile queries of a known node with 400', async () => {
    for (const q of ['since=-1', 'since=abc', 'since=1e5', 'since=0&wait=9999', 'since=0&x=1'])
      for (const path of ['policy', 'stream']) expect((await get(`/api/v1/fleet/${path}?${q}`)).statusCode, `${path}?${q}`).toBe(400);
  });

  it("does not count a known node against its address: a school's nodes behind one NAT reconnecting get no 429", async () => {
    const small = await createTestApp(db(), { http: { rateLimitPerMinute: 3 } });
    try {
      const other = [];
      // the address's allowance used up by other requests (on PostgreSQL the earlier apps' count too)
      for (let i = 0; i < 5; i++) other.push((await small.app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode);
      expect(other.at(-1)).toBe(429);
      // the node's polls from that address still go through (at the current version: 204, nothing new)
      const url = `/api/v1/fleet/policy?since=${await latestVersion(db().kysely)}`;
      const codes = [];
      for (let i = 0; i < 8; i++) codes.push((await small.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${nodeToken}` } })).statusCode);
      expect(codes).toEqual(Array(8).fill(204));
    } finally {
      await small.close();
    }
  });

  it('gives a node a signed full snapshot of its own schools, then 204, then a one-entry delta', async () => {
    const full = await get('/api/v1/fleet/policy?since=0');
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('application/octet-stream');
    const { env, body } = open(full.rawPayload, 0);
    expect(env.kind).toBe('full');
    expect(env.version).toBe(await latestVersion(db().kysely));
    expect(body.policy!.schools.map((s) => s.id)).toEqual([schoolA]);
    for (const n of body.policy!.networks) expect(n.schoolId).toBe(schoolA);
    expect(JSON.stringify(body.policy)).not.toContain('only-b.example');
    expect(body.table.kind).toBe('full');

    expect((await get(`/api/v1/fleet/policy?since=${env.version}`)).statusCode).toBe(204);
    const started = Date.now();
    expect((await get(`/api/v1/fleet/policy?since=${env.version}&wait=1`)).statusCode).toBe(204);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);

    const ctx = { ...t.deps, actor: systemActor('test'), origin: { ip: null } };
    // a long poll waiting when the change lands is answered with it
    const waiting = get(`/api/v1/fleet/policy?since=${env.version}&wait=20`);
    await db()
      .kysely.transaction()
      .execute((trx) => addConfirmedHarmful(trx, ctx, { domain: 'harm.example', ref: 'test:1' }));
    await publishConfirmed(t.deps);
    const res = await waiting;
    expect(res.statusCode).toBe(200);
    const delta = open(res.rawPayload, env.version);
    expect([delta.env.kind, delta.env.base, delta.env.version]).toEqual(['delta', env.version, env.version + 1]);
    expect(delta.body.policy).toBeNull(); // the city policy did not change for this node
    expect(delta.body.table.kind === 'diff' && [delta.body.table.added.tags.length, delta.body.table.removed.tags.length]).toEqual([1, 0]);
    expect(res.rawPayload.length).toBeLessThan(400);
  });

  it('a school rule of another school is no change for this node; its own is', async () => {
    const v = await latestVersion(db().kysely);
    await admin.request('PUT', `/api/v1/filter/schools/${schoolB}/rules/all`, { blockedCategories: [], blockDomains: ['only-b2.example'], allowDomains: [] });
    const other = open((await get(`/api/v1/fleet/policy?since=${v}`)).rawPayload, v);
    expect(other.body.policy).toBeNull();
    await admin.request('PUT', `/api/v1/filter/schools/${schoolA}/rules/all`, { blockedCategories: [], blockDomains: ['only-a.example'], allowDomains: [] });
    const own = open((await get(`/api/v1/fleet/policy?since=${other.env.version}`)).rawPayload, other.env.version);
    expect(own.body.policy!.additions.flatMap((a) => a.blockDomains)).toEqual(['only-a.example']);
  });

  it('signs a delta the same for every node once and shares it; a node of a changed school gets its own', async () => {
    const delivery = new PolicyDelivery(t.deps);
    const v = await delivery.refresh();
    const ctx = { ...t.deps, actor: systemActor('test'), origin: { ip: null } };
    await db()
      .kysely.transaction()
      .execute((trx) => addConfirmedHarmful(trx, ctx, { domain: 'harm2.example', ref: 'test:2' }));
    await publishConfirmed(t.deps);
    await admin.request('PUT', `/api/v1/filter/schools/${schoolB}/rules/all`, { blockedCategories: [], blockDomains: ['only-b3.example'], allowDomains: [] });
    const latest = await delivery.refresh();
    expect(latest).toBeGreaterThan(v);
    const node = (id: string, schoolIds: string[]) => ({ nodeId: id, schoolIds, revoked: false });
    // simultaneous requests of nodes whose policy did not change: one build, the same signed bytes
    const [a1, a2] = await Promise.all([delivery.envelopeFor(node('a1', [schoolA]), v), delivery.envelopeFor(node('a2', [schoolA, 'no-such-school']), v)]);
    expect(a1!.bytes).toBe(a2!.bytes);
    const shared = open(a1!.bytes, v);
    expect([shared.env.kind, shared.env.base, shared.env.version]).toEqual(['delta', v, latest]);
    expect(shared.body.policy).toBeNull();
    expect(shared.body.table.kind === 'diff' && shared.body.table.added.tags.length).toBe(1);
    // the changed school's node: its own envelope, its own policy, the same table change
    const b = await delivery.envelopeFor(node('b', [schoolB]), v);
    expect(b!.bytes).not.toBe(a1!.bytes);
    const own = open(b!.bytes, v);
    expect(own.body.policy!.schools.map((s) => s.id)).toEqual([schoolB]);
    expect(own.body.policy!.additions.flatMap((x) => x.blockDomains)).toEqual(['only-b3.example']);
    expect(own.body.table).toEqual(shared.body.table);
    // a node that is not a recent version still gets a full snapshot of its own schools
    const full = open((await delivery.envelopeFor(node('c', [schoolA]), 0))!.bytes, 0);
    expect([full.env.kind, full.body.policy!.schools.map((s) => s.id)]).toEqual(['full', [schoolA]]);
  });

  it('a refresh asked during a read in flight waits for the next read, not until a storm of callers pauses', async () => {
    const delivery = new PolicyDelivery(t.deps);
    const before = await delivery.refresh();
    // a subscribe storm: a caller on every turn of the event loop, for as long as the test runs
    let storming = true;
    const storm = (async () => {
      while (storming) {
        delivery.refresh().catch(() => undefined);
        await new Promise((r) => setImmediate(r));
      }
    })();
    try {
      const answered = await Promise.race([delivery.refresh().then(() => 'answered'), new Promise((r) => setTimeout(() => r('held'), 3000))]);
      expect(answered).toBe('answered');
      // a version recorded before a caller asked is in what it gets, storm or not
      const ctx = { ...t.deps, actor: systemActor('test'), origin: { ip: null } };
      await db()
        .kysely.transaction()
        .execute((trx) => addConfirmedHarmful(trx, ctx, { domain: 'storm.example', ref: 'test:storm' }));
      await publishConfirmed(t.deps);
      const recorded = await latestVersion(db().kysely);
      expect(recorded).toBeGreaterThan(before);
      expect(await delivery.refresh()).toBe(recorded);
    } finally {
      storming = false;
      await storm;
    }
  });

  it('streams the policy as server-sent events', async () => {
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const ac = new AbortController();
    const res = await fetch(`${url}/api/v1/fleet/stream?since=0`, { headers: { authorization: `Bearer ${nodeToken}` }, signal: ac.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!/event: policy\ndata: [^\n]*\n\n/.test(text)) text += (await reader.read()).value ?? '';
    ac.abort();
    const m = /id: (\d+)\nevent: policy\ndata: ([A-Za-z0-9+/=]+)\n\n/.exec(text)!;
    expect(open(Buffer.from(m[2]!, 'base64'), 0).env.version).toBe(Number(m[1]));
  });

  it('a revoked node gets 403 fleet.node_revoked and nothing else', async () => {
    const node = await db().kysely.selectFrom('filter_fleet_nodes').select('id').executeTakeFirstOrThrow();
    const r = await admin.request('POST', `/api/v1/fleet/nodes/${node.id}/revoke`, { reason: 'máy bị mất' });
    expect(r.statusCode, r.body).toBe(204);
    for (const url of ['/api/v1/fleet/policy?since=0', '/api/v1/fleet/stream?since=0']) {
      const res = await get(url);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('fleet.node_revoked');
    }
  });
});
