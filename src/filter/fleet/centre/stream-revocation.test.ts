import { afterAll, beforeAll, expect, it } from 'vitest';
import { bindAuditKey } from '../../../audit/chain-key.js';
import { openPostgres } from '../../../db/database.js';
import { newId } from '../../../shared/ids.js';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../../../testing/app.js';
import { describeEachDb, TEST_SECRET_KEY } from '../../../testing/databases.js';
import { publishSnapshot } from '../../service.js';
import { seedFilter } from '../../store.js';
import { latestVersion } from './policy-versions.js';

/** A revoked node's open stream ends within this, on every instance (the change bus, not the next version push). */
const ENDS_WITHIN_MS = 2000;

/**
 * A node revoked while its stream is open: the stream ends at once on the instance that revoked
 * and, through the change bus, on another instance on the same database; a long poll waiting
 * answers 403 at once. Another node's stream stays open. PostgreSQL: two instances, each with its
 * own pool and bus; SQLite: two apps in one process (one database file has one process).
 */
describeEachDb('a revoked node’s open stream ends (fleet centre)', (db, dialect) => {
  let a: TestApp;
  let b: TestApp;
  let urlA: string;
  let urlB: string;
  let admin: Session;
  let schoolId: string;

  beforeAll(async () => {
    a = await createTestApp(db());
    if (dialect === 'postgres') {
      const second = openPostgres(db().url as string, 4);
      bindAuditKey(second, TEST_SECRET_KEY);
      b = await createTestApp({ ...second, url: db().url, file: null, drop: () => second.close() });
    } else b = await createTestApp(db());
    await seedFilter(db(), a.deps.config.dataDir, new Date().toISOString(), newId);
    admin = await a.login('admin', ADMIN_PASSWORD);
    schoolId = (await db().kysely.selectFrom('schools').select('id').orderBy('code').executeTakeFirstOrThrow()).id;
    await publishSnapshot(db().kysely, a.deps.config.dataDir);
    urlA = await a.app.listen({ host: '127.0.0.1', port: 0 });
    urlB = await b.app.listen({ host: '127.0.0.1', port: 0 });
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
  /**
   * Opens a stream at the current version (nothing to send: each instance has its own data
   * directory here, and only the policy's arrival is not what is tested); resolves `ended` with the
   * time the server ended it.
   */
  const openStream = async (url: string, token: string) => {
    const ac = new AbortController();
    const since = await latestVersion(db().kysely);
    const res = await fetch(`${url}/api/v1/fleet/stream?since=${since}`, { headers: { authorization: `Bearer ${token}` }, signal: ac.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let received = '';
    const decoder = new TextDecoder();
    const ended = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return Date.now();
        received += decoder.decode(value, { stream: true });
      }
    })().catch(() => Number.POSITIVE_INFINITY);
    // the stream's first line is written in the tick that attaches it: it is attached once read
    while (!received.includes(': lachan fleet')) await new Promise((r) => setTimeout(r, 10));
    return { ended, close: () => ac.abort() };
  };
  const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'not yet'>((r) => setTimeout(() => r('not yet'), ms))]);

  it('ends the revoked node’s streams on both instances within 2 s; another node’s stays open', async () => {
    const revoked = await enrolNode();
    const kept = await enrolNode();
    const onA = await openStream(urlA, revoked.nodeToken);
    const onB = await openStream(urlB, revoked.nodeToken);
    const other = await openStream(urlB, kept.nodeToken);
    try {
      const t0 = Date.now();
      expect((await admin.request('POST', `/api/v1/fleet/nodes/${revoked.nodeId}/revoke`, { reason: 'máy bị mất' })).statusCode).toBe(204);
      const [endA, endB] = await Promise.all([within(onA.ended, 5000), within(onB.ended, 5000)]);
      expect(endA).not.toBe('not yet');
      expect(endB).not.toBe('not yet');
      expect((endA as number) - t0).toBeLessThan(ENDS_WITHIN_MS);
      expect((endB as number) - t0).toBeLessThan(ENDS_WITHIN_MS);
      expect(await within(other.ended, 300)).toBe('not yet');
      // and it cannot open another
      const again = await fetch(`${urlB}/api/v1/fleet/stream?since=0`, { headers: { authorization: `Bearer ${revoked.nodeToken}` } });
      expect([again.status, ((await again.json()) as { error: { code: string } }).error.code]).toEqual([403, 'fleet.node_revoked']);
    } finally {
      for (const s of [onA, onB, other]) s.close();
    }
  });

  it('answers a long poll waiting on the other instance with 403 as soon as its node is revoked', async () => {
    const node = await enrolNode();
    const waiting = fetch(`${urlB}/api/v1/fleet/policy?since=${await latestVersion(db().kysely)}&wait=20`, {
      headers: { authorization: `Bearer ${node.nodeToken}` },
    });
    // the poll is waiting
    expect(await within(waiting, 300)).toBe('not yet');
    const t0 = Date.now();
    expect((await admin.request('POST', `/api/v1/fleet/nodes/${node.nodeId}/revoke`, { reason: 'máy bị mất' })).statusCode).toBe(204);
    const res = await within(waiting, 5000);
    expect(res).not.toBe('not yet');
    expect(Date.now() - t0).toBeLessThan(ENDS_WITHIN_MS);
    const r = res as Response;
    expect([r.status, ((await r.json()) as { error: { code: string } }).error.code]).toEqual([403, 'fleet.node_revoked']);
  });
});
