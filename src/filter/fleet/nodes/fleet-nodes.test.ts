import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../../config.js';
import { newId } from '../../../shared/ids.js';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../../../testing/app.js';
import { describeEachDb } from '../../../testing/databases.js';
import { FilterEngine } from '../../engine/engine.js';
import { publishSnapshot } from '../../service.js';
import { spoolStats } from '../../spool.js';
import { buildSnapshot, seedFilter } from '../../store.js';
import { fleetPublicKey } from '../centre/signing-key.js';
import { nodeFile } from '../node/node-files.js';
import { outboxDir, startNodeReporting } from '../node/reporting.js';
import { runNode } from '../node/run-node.js';

/**
 * Issue 16, the node registry: one-time enrolment, revocation that gives a node nothing new, stats
 * counted once whatever the network does to the answer, and hostile bodies refused with nothing
 * written. Through the real HTTP app on both databases; the node side (reporting.ts) against the
 * real centre listening on loopback, behind a relay that drops the first stats answer.
 */
describeEachDb('fleet node registry', (db) => {
  let t: TestApp;
  let admin: Session;
  let offsetMs = 0;
  let A: { id: string; code: string };
  let B: { id: string; code: string };
  let node: { nodeId: string; nodeToken: string };
  const hour = () => `${new Date(Date.now() + offsetMs).toISOString().slice(0, 13)}:00:00.000Z`;

  const nodeCall = (method: 'POST' | 'GET', url: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...headers }, ...(body === undefined ? {} : { payload: body as object }) });
  const enrolment = async (schoolIds: string[], name = 'Trạm thử') => {
    const res = await admin.request('POST', '/api/v1/fleet/enrolments', { schoolIds, name });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; token: string; command: string; expiresAt: string };
  };
  const enrol = (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/fleet/enrol', payload: { token, softwareVersion: '1.2.3', name: 'tram-1' } });
  const counters = async (schoolId: string) =>
    (await db().kysely.selectFrom('filter_counters').select(['category', 'count']).where('school_id', '=', schoolId).where('hour', '=', hour()).execute())
      .map((r) => `${r.category}=${Number(r.count)}`)
      .sort();
  const audits = async (action: string) => (await db().kysely.selectFrom('audit_log').select('seq').where('action', '=', action).execute()).length;
  const receipts = async () => (await db().kysely.selectFrom('filter_fleet_stats_receipts').select('idempotency_key').execute()).length;
  const heartbeat = (policyVersion: number, token = node.nodeToken) =>
    nodeCall('POST', '/api/v1/fleet/heartbeat', token, {
      softwareVersion: '1.2.3',
      policyVersion,
      upstreams: [{ server: '1.1.1.1:53', up: true }],
      qps: 12.5,
      cacheHitRatio: 0.8,
    });

  beforeAll(async () => {
    t = await createTestApp(db(), { clock: () => new Date(Date.now() + offsetMs) });
    await seedFilter(db(), t.deps.config.dataDir, new Date().toISOString(), newId);
    admin = await t.login('admin', ADMIN_PASSWORD);
    const schools = await db().kysely.selectFrom('schools').select(['id', 'code']).orderBy('code').execute();
    A = schools.find((s) => s.code === 'DEMO-TH-01')!;
    B = schools.find((s) => s.code === 'DEMO-THCS-01')!;
  }, 60_000);
  afterAll(() => t.close());

  it('enrols a node with a one-time token: the token works once, and refusals do not say why', async () => {
    const e = await enrolment([A.id], 'Trạm QA Tiểu học');
    expect(e.token).toMatch(/^lce_/);
    // the address and data directory a school node needs come before the command (the defaults serve nobody)
    expect(e.command).toBe(`LACHAN_DNS_ADDR=0.0.0.0:53 LACHAN_DATA_DIR=/var/lib/lachan lachan filter --central http://localhost:80 --token ${e.token}`);
    const first = await enrol(e.token);
    expect(first.statusCode, first.body).toBe(201);
    node = first.json();
    expect(node.nodeToken).toMatch(/^lcn_/);
    expect(first.json().publicKey).toBe(fleetPublicKey(t.deps));
    expect(Buffer.from(first.json().publicKey, 'base64')).toHaveLength(32);
    // the secrets are not stored, only their hashes
    const stored = JSON.stringify(await db().kysely.selectFrom('filter_fleet_nodes').selectAll().execute());
    expect(stored).not.toContain(node.nodeToken);
    expect(JSON.stringify(await db().kysely.selectFrom('filter_fleet_enrolments').selectAll().execute())).not.toContain(e.token);

    const expired = await enrolment([B.id]);
    await db()
      .kysely.updateTable('filter_fleet_enrolments')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', expired.id)
      .execute();
    const nodes = await db().kysely.selectFrom('filter_fleet_nodes').select('id').execute();
    const refusals = [e.token, expired.token, `lce_${'x'.repeat(43)}`, 'lct_not-a-node-token', ''];
    const bodies = new Set<string>();
    for (const token of refusals) {
      const res = await enrol(token);
      expect(res.statusCode, token).toBe(token === '' ? 400 : 401);
      if (token !== '') bodies.add(res.body);
    }
    expect([...bodies]).toHaveLength(1);
    expect(JSON.parse([...bodies][0]!).error.code).toBe('fleet.enrolment_refused');
    expect(await db().kysely.selectFrom('filter_fleet_nodes').select('id').execute()).toEqual(nodes);
    expect(await audits('filter_fleet_node.enrolled')).toBe(1);
    expect(await audits('filter_fleet_enrolment.created')).toBe(2);
    // the administrator's name for the node wins over the host name the node sent ('tram-1'),
    // which stays a detail of the audit record
    const row = await db().kysely.selectFrom('filter_fleet_nodes').select('name').where('id', '=', node.nodeId).executeTakeFirstOrThrow();
    expect(row.name).toBe('Trạm QA Tiểu học');
    const detail = await db().kysely.selectFrom('audit_log').select('detail').where('action', '=', 'filter_fleet_node.enrolled').executeTakeFirstOrThrow();
    expect(JSON.parse(String(detail.detail))).toMatchObject({ name: 'Trạm QA Tiểu học', hostName: 'tram-1' });
  });

  it('gives one node for one token when two nodes race with it', async () => {
    const e = await enrolment([B.id], 'Trạm đua');
    const answers = await Promise.all([enrol(e.token), enrol(e.token), enrol(e.token)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 401, 401]);
    expect(await db().kysely.selectFrom('filter_fleet_nodes').select('id').where('enrolment_id', '=', e.id).execute()).toHaveLength(1);
  });

  it('lets only the system administrator make enrolment tokens, for schools that exist', async () => {
    const schoolAdmin = await t.staff('school_admin', { schoolId: A.id });
    const analyst = await t.staff('analyst');
    const before = await audits('filter_fleet_enrolment.created');
    expect((await schoolAdmin.request('POST', '/api/v1/fleet/enrolments', { schoolIds: [A.id], name: 'x' })).statusCode).toBe(403);
    expect((await analyst.request('POST', '/api/v1/fleet/enrolments', { schoolIds: [A.id], name: 'x' })).statusCode).toBe(403);
    const unknown = await admin.request('POST', '/api/v1/fleet/enrolments', { schoolIds: [A.id, 'no-such-school'], name: 'x' }, { 'accept-language': 'en' });
    expect([unknown.statusCode, unknown.json().error.code, unknown.json().error.message]).toEqual([
      400,
      'fleet.school_unknown',
      'No such school: no-such-school.',
    ]);
    for (const body of [
      { schoolIds: [], name: 'x' },
      { schoolIds: [A.id], name: '' },
      { schoolIds: [A.id], name: 'x', expiresInHours: 100_000 },
      { schoolIds: 'all' },
    ])
      expect((await admin.request('POST', '/api/v1/fleet/enrolments', body)).statusCode, JSON.stringify(body)).toBe(400);
    expect(await audits('filter_fleet_enrolment.created')).toBe(before);
    // the node list is the city's; a school admin does not see it
    expect((await schoolAdmin.request('GET', '/api/v1/fleet/nodes')).statusCode).toBe(403);
    expect((await analyst.request('GET', '/api/v1/fleet/nodes')).statusCode).toBe(200);
  });

  it('records heartbeats and shows a node behind the centre for over a minute, then silent after two', async () => {
    // the centre records a version when the policy is published (F1's hook)
    await publishSnapshot(db().kysely, t.deps.config.dataDir);
    const list = async () => {
      const res = await admin.request('GET', '/api/v1/fleet/nodes');
      expect(res.statusCode).toBe(200);
      return res.json() as { centreVersion: number; items: Array<Record<string, unknown> & { id: string; alerts: string[] }> };
    };
    const { centreVersion } = await list();
    expect(centreVersion).toBeGreaterThan(0);
    expect((await heartbeat(centreVersion)).statusCode).toBe(204);
    let mine = (await list()).items.find((n) => n.id === node.nodeId)!;
    expect(mine).toMatchObject({
      name: 'Trạm QA Tiểu học',
      schools: [{ id: A.id, code: A.code }],
      address: '127.0.0.1',
      softwareVersion: '1.2.3',
      policyVersion: centreVersion,
      lag: 0,
      health: { upstreams: [{ server: '1.1.1.1:53', up: true }], qps: 12.5, cacheHitRatio: 0.8 },
      alerts: [],
    });
    // one version behind: not yet an alert, after a minute it is (and stays behind from the first beat that said so)
    expect((await heartbeat(centreVersion - 1)).statusCode).toBe(204);
    const seen = async () =>
      (await db().kysely.selectFrom('filter_fleet_nodes').select('last_seen_at').where('id', '=', node.nodeId).executeTakeFirstOrThrow()).last_seen_at;
    const firstBehind = await seen();
    offsetMs = 30_000;
    // a beat that changes nothing an operator acts on, 30 s later: answered, not written (HeartbeatWriter)
    expect((await heartbeat(centreVersion - 1)).statusCode).toBe(204);
    expect(await seen()).toBe(firstBehind);
    mine = (await list()).items.find((n) => n.id === node.nodeId)!;
    expect([mine.lag, mine.alerts]).toEqual([1, []]);
    offsetMs = 70_000;
    expect((await list()).items.find((n) => n.id === node.nodeId)!.alerts).toEqual(['behind']);
    // silent: no beat for more than two minutes
    offsetMs = 70_000 + 125_000;
    const all = (await list()).items;
    expect(all.find((n) => n.id === node.nodeId)!.alerts).toEqual(['silent', 'behind']);
    // the system administrator's home page counts them; nobody else's shows the figure
    const needing = all.filter((n) => n.alerts.length > 0).length;
    expect(needing).toBeGreaterThan(0);
    expect((await admin.request('GET', '/api/v1/home')).json().filter.fleetNodesNeedingLook).toBe(needing);
    const leader = await t.staff('city_leader');
    expect((await leader.request('GET', '/api/v1/home')).json().filter).not.toHaveProperty('fleetNodesNeedingLook');
    // caught up: only silence is left, until the next beat
    expect((await heartbeat(centreVersion)).statusCode).toBe(204);
    expect((await list()).items.find((n) => n.id === node.nodeId)!.alerts).toEqual([]);
    offsetMs = 0;
  });

  it('takes in a stats batch once per idempotency key, through the filter’s counters', async () => {
    const key = '6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';
    const batch = {
      hour: hour(),
      counters: [
        { schoolId: A.id, band: 'primary', category: 'all', count: 40 },
        { schoolId: A.id, band: 'primary', category: 'adult', count: 3 },
      ],
      top: [{ schoolId: A.id, domain: 'bad.example', category: 'adult', count: 3 }],
    };
    const before = await counters(A.id);
    const r1 = await nodeCall('POST', '/api/v1/fleet/stats', node.nodeToken, batch, { 'idempotency-key': key });
    expect([r1.statusCode, r1.json()]).toEqual([202, { accepted: true }]);
    const after = await counters(A.id);
    const r2 = await nodeCall('POST', '/api/v1/fleet/stats', node.nodeToken, batch, { 'idempotency-key': key.toUpperCase() });
    expect([r2.statusCode, r2.json()]).toEqual([200, { duplicate: true }]);
    expect(await counters(A.id)).toEqual(after);
    expect(after).not.toEqual(before);
    expect(after).toContain('adult=3');
    // the charts read it: /filter/stats for the school
    const stats = await admin.request(
      'GET',
      `/api/v1/filter/stats?schoolId=${A.id}&from=${encodeURIComponent(hour())}&to=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`,
    );
    expect(stats.statusCode).toBe(200);
    expect(
      stats
        .json()
        .hours.filter((h: { category: string }) => h.category === 'adult')
        .reduce((n: number, h: { count: number }) => n + h.count, 0),
    ).toBe(3);
  });

  it('refuses hostile stats batches with a clear error and counts nothing', async () => {
    const ok = { hour: hour(), counters: [{ schoolId: A.id, band: 'primary', category: 'all', count: 1 }], top: [] };
    const before = [await counters(A.id), await counters(B.id), await receipts()];
    const key = () => crypto.randomUUID();
    const cases: Array<[unknown, Record<string, string>, number, string]> = [
      [ok, {}, 400, 'fleet.idempotency_key_required'],
      [ok, { 'idempotency-key': 'not-a-uuid' }, 400, 'fleet.idempotency_key_required'],
      [
        { ...ok, counters: [{ schoolId: B.id, band: 'primary', category: 'all', count: 1000 }] },
        { 'idempotency-key': key() },
        403,
        'fleet.stats_foreign_school',
      ],
      [{ ...ok, top: [{ schoolId: B.id, domain: 'x.example', category: 'adult', count: 1 }] }, { 'idempotency-key': key() }, 403, 'fleet.stats_foreign_school'],
      [
        { ...ok, counters: [{ schoolId: A.id, band: 'primary', category: 'no_such_category', count: 1 }] },
        { 'idempotency-key': key() },
        400,
        'fleet.stats_invalid',
      ],
      [{ ...ok, hour: '2020-01-01T00:00:00.000Z' }, { 'idempotency-key': key() }, 400, 'fleet.stats_invalid'],
      [{ ...ok, hour: '2999-01-01T00:00:00.000Z' }, { 'idempotency-key': key() }, 400, 'fleet.stats_invalid'],
      [{ ...ok, hour: 'yesterday' }, { 'idempotency-key': key() }, 400, 'validation_failed'],
      [{ ...ok, counters: [{ schoolId: A.id, band: 'primary', category: 'all', count: -5 }] }, { 'idempotency-key': key() }, 400, 'validation_failed'],
      [{ ...ok, counters: [{ schoolId: A.id, band: 'university', category: 'all', count: 1 }] }, { 'idempotency-key': key() }, 400, 'validation_failed'],
      [
        { ...ok, counters: [{ schoolId: A.id, band: 'primary', category: 'all', count: 1, clientIp: '10.0.0.7' }] },
        { 'idempotency-key': key() },
        400,
        'validation_failed',
      ],
      [{ ...ok, queries: ['a.example'] }, { 'idempotency-key': key() }, 400, 'validation_failed'],
      [{ ...ok, counters: Array.from({ length: 20_001 }, () => ok.counters[0]) }, { 'idempotency-key': key() }, 413, 'body_too_large'],
      ['[', { 'idempotency-key': key(), 'content-type': 'application/json' }, 400, 'invalid_json'],
    ];
    for (const [body, headers, status, code] of cases) {
      const res = await nodeCall('POST', '/api/v1/fleet/stats', node.nodeToken, body, { 'accept-language': 'en', ...headers });
      expect([res.statusCode, res.json().error?.code], JSON.stringify(body).slice(0, 120)).toEqual([status, code]);
      expect(res.json().error.message.length).toBeGreaterThan(10);
    }
    // a school named in the refusal is the node's own mistake; the batch as a whole is refused
    expect([await counters(A.id), await counters(B.id), await receipts()]).toEqual(before);
    // no token, a wrong one, an API token, a staff session: no node
    for (const auth of [{}, { authorization: 'Bearer lcn_wrong' }, { authorization: 'Bearer lct_abc' }, { authorization: 'Basic abc' }]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/fleet/heartbeat', headers: auth, payload: {} });
      expect([res.statusCode, res.json().error.code]).toEqual([401, 'fleet.node_unknown']);
    }
    expect(
      (await admin.request('POST', '/api/v1/fleet/heartbeat', { softwareVersion: '1', policyVersion: 0, upstreams: [], qps: 0, cacheHitRatio: 0 })).statusCode,
    ).toBe(401);
  });

  it('counts a batch once when the answer is lost on the way back and the node retries (reporting.ts, real sockets)', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const centre = t.app.server.address() as net.AddressInfo;
    // a relay that forwards everything, but cuts the first stats exchange once the centre has answered
    let statsRequests = 0;
    let dropped = 0;
    const sockets = new Set<net.Socket>();
    const relay = net.createServer((client) => {
      const upstream = net.connect(centre.port, '127.0.0.1');
      sockets.add(client).add(upstream);
      let isStats = false;
      client.on('data', (d) => {
        if (d.toString('latin1').startsWith('POST /api/v1/fleet/stats')) {
          statsRequests++;
          isStats = true;
        }
        upstream.write(d);
      });
      upstream.on('data', (d) => {
        if (isStats && dropped === 0) {
          dropped++;
          client.destroy();
          upstream.destroy();
          return;
        }
        client.write(d);
      });
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end);
      upstream.on('error', end);
      client.on('close', end);
      upstream.on('close', end);
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', () => r()));
    const nodeDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-node-'));
    const { snapshot, tables } = await buildSnapshot(db().kysely, t.deps.config.dataDir, new Date().toISOString());
    const engine = new FilterEngine(snapshot, tables);
    const lines: string[] = [];
    const before = await counters(A.id);
    spoolStats(nodeDir, { hour: hour(), counters: [{ schoolId: A.id, band: 'primary', category: 'self_harm', count: 2 }], top: [] });
    const reporting = startNodeReporting({
      central: `http://127.0.0.1:${(relay.address() as net.AddressInfo).port}`,
      nodeToken: node.nodeToken,
      dataDir: nodeDir,
      engine,
      policyVersion: () => 7,
      log: (l) => lines.push(l),
      softwareVersion: '9.9.9',
      heartbeatMs: 100,
      statsMs: 100,
    });
    try {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && (statsRequests < 2 || readdirSync(outboxDir(nodeDir)).some((f) => f.endsWith('.json'))))
        await new Promise((r) => setTimeout(r, 50));
    } finally {
      await reporting.stop();
      engine.close();
      // the node's client keeps connections alive: end them, or the relay never closes
      for (const sock of sockets) sock.destroy();
      await new Promise<void>((r) => relay.close(() => r()));
    }
    expect(dropped).toBe(1);
    expect(statsRequests).toBe(2);
    // the first attempt was counted by the centre, the retry (same key, from disk) was not counted again
    const self = (await counters(A.id)).find((c) => c.startsWith('self_harm='));
    const was = before.find((c) => c.startsWith('self_harm=')) ?? 'self_harm=0';
    expect(Number(self!.split('=')[1]) - Number(was.split('=')[1])).toBe(2);
    expect(existsSync(path.join(outboxDir(nodeDir), 'refused'))).toBe(false);
    // the heartbeats arrived with what the node said
    const row = await db()
      .kysely.selectFrom('filter_fleet_nodes')
      .select(['software_version', 'policy_version', 'health'])
      .where('id', '=', node.nodeId)
      .executeTakeFirstOrThrow();
    expect([row.software_version, Number(row.policy_version)]).toEqual(['9.9.9', 7]);
    expect(JSON.parse(row.health!)).toMatchObject({ upstreams: engine.upstreams.servers.map((u) => ({ server: `${u.host}:${u.port}` })), qps: 0 });
    // a failure streak is one line when it starts and one when it ends, never a line per try
    expect(lines.length).toBeLessThanOrEqual(2);
    // in both languages, as the filter's other log lines, naming the centre (not 'stats failing: …')
    // (the dropped answer makes at least the stats' failure line)
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines)
      expect(l).toMatch(/^fleet: (gửi thống kê|báo còn chạy) tới trung tâm .+ \/ (stats|heartbeat) to the centre .*http:\/\/127\.0\.0\.1:\d+/);
  });

  it('revokes a node with a reason: it gets 403 and nothing new, its stats are not counted', async () => {
    const analyst = await t.staff('analyst');
    expect((await analyst.request('POST', `/api/v1/fleet/nodes/${node.nodeId}/revoke`, { reason: 'máy bị mất' })).statusCode).toBe(403);
    expect((await admin.request('POST', `/api/v1/fleet/nodes/${node.nodeId}/revoke`, {})).statusCode).toBe(400);
    expect((await admin.request('POST', `/api/v1/fleet/nodes/${node.nodeId}/revoke`, { reason: '   ' })).statusCode).toBe(400);
    expect((await admin.request('POST', '/api/v1/fleet/nodes/no-such-node/revoke', { reason: 'x' })).statusCode).toBe(404);
    expect((await admin.request('POST', `/api/v1/fleet/nodes/${node.nodeId}/revoke`, { reason: 'Máy chủ của trường bị mất cắp' })).statusCode).toBe(204);
    expect(await audits('filter_fleet_node.revoked')).toBe(1);
    const before = [await counters(A.id), await receipts()];
    const stats = await nodeCall(
      'POST',
      '/api/v1/fleet/stats',
      node.nodeToken,
      { hour: hour(), counters: [{ schoolId: A.id, band: 'primary', category: 'all', count: 5 }], top: [] },
      { 'idempotency-key': crypto.randomUUID() },
    );
    expect([stats.statusCode, stats.json().error.code]).toEqual([403, 'fleet.node_revoked']);
    expect([(await heartbeat(1)).statusCode]).toEqual([403]);
    for (const url of ['/api/v1/fleet/policy?since=0', '/api/v1/fleet/stream?since=0']) {
      const res = await nodeCall('GET', url, node.nodeToken);
      expect([res.statusCode, res.json().error.code], url).toEqual([403, 'fleet.node_revoked']);
    }
    expect([await counters(A.id), await receipts()]).toEqual(before);
    const listed = (await admin.request('GET', '/api/v1/fleet/nodes')).json().items.find((n: { id: string }) => n.id === node.nodeId);
    expect(listed).toMatchObject({ revokeReason: 'Máy chủ của trường bị mất cắp', alerts: [] });
    expect(listed.revokedAt).toEqual(expect.any(String));
  });

  it('a revoked node stops sending and spooling its counters: what waits is kept, one line says so (reporting.ts)', async () => {
    if (!t.app.server.listening) await t.app.listen({ host: '127.0.0.1', port: 0 });
    const centre = t.app.server.address() as net.AddressInfo;
    const nodeDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-node-'));
    const { snapshot, tables } = await buildSnapshot(db().kysely, t.deps.config.dataDir, new Date().toISOString());
    const engine = new FilterEngine(snapshot, tables);
    const lines: string[] = [];
    const batch = { hour: hour(), counters: [{ schoolId: A.id, band: 'primary' as const, category: 'all', count: 1 }], top: [] };
    spoolStats(nodeDir, batch);
    const reporting = startNodeReporting({
      central: `http://127.0.0.1:${centre.port}`,
      nodeToken: node.nodeToken, // revoked by the test before
      dataDir: nodeDir,
      engine,
      policyVersion: () => 1,
      log: (l) => lines.push(l),
      heartbeatMs: 60_000,
      statsMs: 50,
    });
    try {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && !reporting.revoked()) await new Promise((r) => setTimeout(r, 20));
      expect(reporting.revoked()).toBe(true);
      // more minutes' counters: not taken from the spool, not sent, no new outbox file
      spoolStats(nodeDir, batch);
      await new Promise((r) => setTimeout(r, 400));
    } finally {
      await reporting.stop();
      engine.close();
    }
    const outbox = readdirSync(outboxDir(nodeDir)).filter((f) => f.endsWith('.json'));
    expect(outbox).toHaveLength(1);
    expect(existsSync(path.join(outboxDir(nodeDir), 'refused'))).toBe(false);
    const revokedLines = lines.filter((l) => l.includes('this filter node was revoked: no more stats are sent or spooled'));
    expect(revokedLines).toHaveLength(1);
    expect(revokedLines[0]).toMatch(/^fleet: trạm lọc này đã bị thu hồi: ngừng gửi và ghi tạm thống kê; 1 lô còn giữ/);
  });

  it('a node whose DNS port is taken stops with one clear line before enrolling: the token is still good; refusals come in its language', async () => {
    if (!t.app.server.listening) await t.app.listen({ host: '127.0.0.1', port: 0 });
    const centre = t.app.server.address() as net.AddressInfo;
    const e = await enrolment([A.id], 'Trạm cổng bận');
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const port = (taken.address() as net.AddressInfo).port;
    const nodeDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-node-'));
    const cfg = loadConfig({ LACHAN_DATA_DIR: nodeDir, LACHAN_LOG_LEVEL: 'silent', LACHAN_DNS_ADDR: `127.0.0.1:${port}` });
    const central = `http://127.0.0.1:${centre.port}`;
    try {
      await expect(runNode(cfg, { central, token: e.token }, (_v, en) => en)).rejects.toThrow(
        `the DNS address 127.0.0.1:${port} is in use by another program (on port 53 often systemd-resolved or dnsmasq): stop it or choose another address with LACHAN_DNS_ADDR; the enrolment token is not used up`,
      );
      await expect(runNode(cfg, { central, token: e.token }, (vi) => vi)).rejects.toThrow(`địa chỉ DNS 127.0.0.1:${port} đang được chương trình khác dùng`);
    } finally {
      await new Promise<void>((r) => taken.close(() => r()));
    }
    expect(existsSync(nodeFile(nodeDir))).toBe(false);
    // the one-time token was not spent: it enrols now
    expect((await enrol(e.token)).statusCode).toBe(201);
    // spent now: a node with LACHAN_LANG=en is refused in English (it asks in its language), then in Vietnamese
    const free = loadConfig({ LACHAN_DATA_DIR: nodeDir, LACHAN_LOG_LEVEL: 'silent', LACHAN_DNS_ADDR: '127.0.0.1:0' });
    await expect(runNode(free, { central, token: e.token }, (_v, en) => en)).rejects.toThrow(
      `the centre ${central}/ refused the enrolment (HTTP 401: The enrolment token cannot be used (wrong, already used or expired). Ask the city for a new one.); the token is wrong, used or expired: make a new one in the console`,
    );
    await expect(runNode(free, { central, token: e.token }, (vi) => vi)).rejects.toThrow(
      `trung tâm ${central}/ từ chối ghi danh (HTTP 401: Mã ghi danh không dùng được (sai, đã dùng hoặc hết hạn). Hãy xin Thành phố một mã mới.); mã ghi danh sai, đã dùng hoặc đã hết hạn: tạo mã mới trong bảng điều khiển`,
    );
  });
});
