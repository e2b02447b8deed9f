import { afterAll, beforeAll, expect, it } from 'vitest';
import { bindAuditKey } from '../../../audit/chain-key.js';
import { openPostgres } from '../../../db/database.js';
import { newId } from '../../../shared/ids.js';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../../../testing/app.js';
import { describeEachDb, TEST_SECRET_KEY } from '../../../testing/databases.js';
import { seedFilter } from '../../store.js';
import { NodeTokenCache, TOKEN_TRUST_MS } from './node-token-cache.js';

/**
 * Node tokens are verified once and then trusted from memory (heartbeats of 30,000 nodes cost no
 * read each), yet a revocation still holds: at once on the instance that revoked, within a second
 * on another instance on the same database (the change bus), and after TOKEN_TRUST_MS at the
 * latest when no announcement came (a revocation written behind the instances' backs).
 * PostgreSQL: two instances, each with its own pool and bus; SQLite: two apps in one process.
 */
describeEachDb('fleet node tokens trusted from memory, revocation still holds', (db, dialect) => {
  let a: TestApp;
  let b: TestApp;
  let admin: Session;
  let offsetMs = 0;
  let schoolId: string;

  beforeAll(async () => {
    // one clock for both: on SQLite the two apps share one handle, hence one cache
    a = await createTestApp(db(), { clock: () => new Date(Date.now() + offsetMs) });
    if (dialect === 'postgres') {
      const second = openPostgres(db().url as string, 4);
      bindAuditKey(second, TEST_SECRET_KEY);
      b = await createTestApp({ ...second, url: db().url, file: null, drop: () => second.close() }, { clock: () => new Date(Date.now() + offsetMs) });
    } else b = await createTestApp(db(), { clock: () => new Date(Date.now() + offsetMs) });
    await seedFilter(db(), a.deps.config.dataDir, new Date().toISOString(), newId);
    admin = await a.login('admin', ADMIN_PASSWORD);
    schoolId = (await db().kysely.selectFrom('schools').select('id').orderBy('code').executeTakeFirstOrThrow()).id;
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    if (dialect === 'postgres') await b?.deps.db.close();
  });

  const enrolNode = async () => {
    const e = await admin.request('POST', '/api/v1/fleet/enrolments', { schoolIds: [schoolId], name: `Trạm ${newId().slice(0, 6)}` });
    const r = await a.app.inject({ method: 'POST', url: '/api/v1/fleet/enrol', payload: { token: e.json().token, softwareVersion: '1.0.0' } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as { nodeId: string; nodeToken: string };
  };
  const beat = (t: TestApp, token: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/fleet/heartbeat',
      headers: { authorization: `Bearer ${token}` },
      payload: { softwareVersion: '1.0.0', policyVersion: 0, upstreams: [], qps: 1, cacheHitRatio: 0.5 },
    });
  const stream = (t: TestApp, token: string) =>
    t.app.inject({ method: 'GET', url: '/api/v1/fleet/stream?since=0', headers: { authorization: `Bearer ${token}` } });
  /** polls until `f` answers 403, for at most `ms`; returns how long that took */
  const refusedWithin = async (f: () => Promise<{ statusCode: number }>, ms: number) => {
    const t0 = Date.now();
    while (Date.now() - t0 < ms) {
      if ((await f()).statusCode === 403) return Date.now() - t0;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`still not refused after ${ms} ms`);
  };

  it('a node revoked on one instance is refused on the other within a second: heartbeat, stats and stream', async () => {
    const node = await enrolNode();
    // both instances have verified the token (and trust it from memory now)
    expect((await beat(a, node.nodeToken)).statusCode).toBe(204);
    expect((await beat(b, node.nodeToken)).statusCode).toBe(204);
    expect((await beat(b, node.nodeToken)).statusCode).toBe(204);
    expect((await admin.request('POST', `/api/v1/fleet/nodes/${node.nodeId}/revoke`, { reason: 'máy bị mất' })).statusCode).toBe(204);
    // the instance that revoked: the very next request
    expect((await beat(a, node.nodeToken)).statusCode).toBe(403);
    expect((await stream(a, node.nodeToken)).statusCode).toBe(403);
    // the other: as soon as it hears the change bus
    expect(await refusedWithin(() => beat(b, node.nodeToken), 1000)).toBeLessThan(1000);
    const s = await stream(b, node.nodeToken);
    expect([s.statusCode, s.json().error.code]).toEqual([403, 'fleet.node_revoked']);
    const stats = await b.app.inject({
      method: 'POST',
      url: '/api/v1/fleet/stats',
      headers: { authorization: `Bearer ${node.nodeToken}`, 'idempotency-key': crypto.randomUUID() },
      payload: { hour: `${new Date().toISOString().slice(0, 13)}:00:00.000Z`, counters: [], top: [] },
    });
    expect(stats.statusCode).toBe(403);
  });

  it('a revocation nobody announced holds after TOKEN_TRUST_MS at the latest', async () => {
    const node = await enrolNode();
    expect((await beat(b, node.nodeToken)).statusCode).toBe(204);
    const seen = async () =>
      (await db().kysely.selectFrom('filter_fleet_nodes').select('last_seen_at').where('id', '=', node.nodeId).executeTakeFirstOrThrow()).last_seen_at;
    const lastSeen = await seen();
    // revoked behind the instances' backs (as if the announcement were lost)
    await db()
      .kysely.updateTable('filter_fleet_nodes')
      .set({ revoked_at: new Date().toISOString(), revoke_reason: 'x' })
      .where('id', '=', node.nodeId)
      .execute();
    // trusted from memory a little longer: what the bound is for
    expect((await beat(b, node.nodeToken)).statusCode).toBe(204);
    offsetMs += TOKEN_TRUST_MS;
    expect((await beat(b, node.nodeToken)).statusCode).toBe(403);
    expect((await stream(b, node.nodeToken)).statusCode).toBe(403);
    // nothing was written for it once it was revoked
    expect(await seen()).toBe(lastSeen);
  });

  it('a known node is not counted against its address; everyone else still is', async () => {
    const node = await enrolNode();
    const small = await createTestApp(db(), { http: { rateLimitPerMinute: 3 } });
    try {
      // the address's allowance used up by other requests (on PostgreSQL the earlier apps' count too)
      const other = [];
      for (let i = 0; i < 5; i++) other.push((await small.app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode);
      expect(other.at(-1)).toBe(429);
      // the node's beats from that address still go through: they are not counted
      const codes = [];
      for (let i = 0; i < 8; i++) codes.push((await beat(small, node.nodeToken)).statusCode);
      expect(codes).toEqual(Array(8).fill(204));
    } finally {
      await small.close();
    }
  });

  it('refuses unknown and malformed tokens without trusting anything', async () => {
    for (const auth of ['Bearer lcn_nope', 'Bearer lce_x', `Bearer lcn_${'a'.repeat(200)}`, 'Basic abc', '']) {
      const r = await b.app.inject({ method: 'POST', url: '/api/v1/fleet/heartbeat', headers: { authorization: auth }, payload: {} });
      expect([r.statusCode, r.json().error.code], auth).toEqual([401, 'fleet.node_unknown']);
    }
  });
});

it('a read that began before a revocation does not put the old identity back', () => {
  let now = 0;
  const cache = new NodeTokenCache(() => now, 1000);
  const node = { nodeId: 'n1', schoolIds: ['s'], revoked: false };
  const mark = cache.mark();
  cache.forgetNode('n1');
  cache.set('h1', node, mark);
  expect(cache.get('h1')).toBeUndefined();
  cache.set('h1', node, cache.mark());
  expect(cache.get('h1')).toEqual(node);
  now = 1000;
  expect(cache.get('h1')).toBeUndefined();
  cache.set('h1', node, cache.mark());
  cache.clear();
  expect(cache.get('h1')).toBeUndefined();
});
