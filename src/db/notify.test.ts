import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, describeEachDb, type TestDb, testDialects } from '../testing/databases.js';
import { terminateBackends } from '../testing/pg-terminate.js';
import { type Db, openPostgres } from './database.js';
import { type ChangeBus, createChangeBus, RESYNC } from './notify.js';

/** Collects what a subscriber gets, and waits for a payload with a deadline. */
function inbox() {
  const got: Array<{ payload: string; at: number }> = [];
  const waiters: Array<() => void> = [];
  return {
    got,
    fn: (payload: string) => {
      got.push({ payload, at: performance.now() });
      for (const w of waiters.splice(0)) w();
    },
    async waitFor(payload: string, ms: number): Promise<number> {
      const deadline = performance.now() + ms;
      for (;;) {
        const hit = got.find((g) => g.payload === payload);
        if (hit) return hit.at;
        const left = deadline - performance.now();
        if (left <= 0) throw new Error(`no ${JSON.stringify(payload)} within ${ms} ms (got ${JSON.stringify(got.map((g) => g.payload))})`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, left);
          waiters.push(() => {
            clearTimeout(t);
            r();
          });
        });
      }
    },
  };
}

describeEachDb('change bus', (db) => {
  let a: ChangeBus;
  let b: ChangeBus;
  beforeAll(() => {
    a = createChangeBus(db(), { log: () => {} });
    b = createChangeBus(db(), { log: () => {} });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('delivers a publish to every subscriber of the channel, the publisher’s own included, and to no other channel', async () => {
    const mine = inbox();
    const theirs = inbox();
    const other = inbox();
    const offs = [a.subscribe('bus_t1', mine.fn), b.subscribe('bus_t1', theirs.fn), b.subscribe('bus_t1_other', other.fn)];
    await Promise.all([a.ready(), b.ready()]);
    await a.publish('bus_t1', '42');
    await Promise.all([mine.waitFor('42', 1000), theirs.waitFor('42', 1000)]);
    await a.publish('bus_t1', '43');
    await theirs.waitFor('43', 1000);
    expect(theirs.got.map((g) => g.payload)).toEqual(['42', '43']);
    expect(other.got).toEqual([]);
    for (const off of offs) off();
  });

  it('stops delivering after unsubscribe; one throwing subscriber does not starve the others', async () => {
    const kept = inbox();
    const dropped = inbox();
    const offThrow = b.subscribe('bus_t2', () => {
      throw new Error('subscriber bug');
    });
    const offKept = b.subscribe('bus_t2', kept.fn);
    const offDropped = b.subscribe('bus_t2', dropped.fn);
    await b.ready();
    offDropped();
    await a.publish('bus_t2', 'x');
    await kept.waitFor('x', 1000);
    // a publish after 'x' that reached kept: dropped would have had 'x' by then
    await a.publish('bus_t2', 'y');
    await kept.waitFor('y', 1000);
    expect(dropped.got).toEqual([]);
    offThrow();
    offKept();
  });

  it('refuses a channel that is not a plain name, the reserved empty payload and an oversized one, sending nothing', async () => {
    const seen = inbox();
    const off = b.subscribe('bus_t3', seen.fn);
    await b.ready();
    for (const bad of ['', 'Bus', 'bus; drop table users', 'a'.repeat(64), 'bus-t3', '"x"']) {
      await expect(a.publish(bad, '1')).rejects.toThrow(/channel/);
      expect(() => a.subscribe(bad, () => {})).toThrow(/channel/);
    }
    await expect(a.publish('bus_t3', '')).rejects.toThrow(/reserved/);
    await expect(a.publish('bus_t3', 'é'.repeat(4000))).rejects.toThrow(/7999 bytes/);
    await a.publish('bus_t3', 'é'.repeat(3999));
    await seen.waitFor('é'.repeat(3999), 1000);
    expect(seen.got).toHaveLength(1);
    off();
  });
});

/**
 * Two instances = two Db handles on one PostgreSQL database, each with a pool and a bus of its
 * own, as two central web processes have. PostgreSQL only: SQLite is one process.
 */
describe.skipIf(!testDialects().includes('postgres'))('change bus across instances [postgres]', () => {
  let db: TestDb;
  let other: Db;
  let dbName: string;
  let a: ChangeBus;
  let b: ChangeBus;
  const lines: string[] = [];
  beforeAll(async () => {
    db = await createTestDb('postgres', { migrate: false });
    dbName = new URL(db.url as string).pathname.slice(1);
    other = openPostgres(db.url as string, 2);
    a = createChangeBus(db, { log: () => {} });
    b = createChangeBus(other, { log: (l) => lines.push(l), pingMs: 500 });
  }, 30_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await other?.close();
    await db?.drop();
  });

  it('a publish on instance A reaches a subscriber on instance B within a second', async () => {
    const seen = inbox();
    const off = b.subscribe('fleet_policy', seen.fn);
    await b.ready();
    const delays: number[] = [];
    for (let v = 1; v <= 20; v++) {
      const t0 = performance.now();
      await a.publish('fleet_policy', String(v));
      delays.push((await seen.waitFor(String(v), 1000)) - t0);
    }
    expect(seen.got.map((g) => g.payload)).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
    expect(Math.max(...delays)).toBeLessThan(1000);
    off();
  });

  it('survives the listening connection being terminated: listens again, tells subscribers to re-read, and delivers what follows', async () => {
    const seen = inbox();
    const off = b.subscribe('fleet_policy', seen.fn);
    await b.ready();
    expect(await terminateBackends(dbName)).toBeGreaterThan(0);
    // the wake-up for what may have been missed while nobody listened
    await seen.waitFor(RESYNC, 5000);
    expect(lines.some((l) => l.includes('lost'))).toBe(true);
    await b.ready();
    // A's pool lost its connections too; PgGuard replaces them — the first publish may fail
    let published = false;
    for (let i = 0; i < 20 && !published; i++) {
      published = await a.publish('fleet_policy', 'after').then(
        () => true,
        () => new Promise<boolean>((r) => setTimeout(() => r(false), 100)),
      );
    }
    await seen.waitFor('after', 1000);
    off();
  }, 15_000);

  it('keeps retrying while the server refuses it, and listens once it can', async () => {
    const seen = inbox();
    const off = b.subscribe('bus_again', seen.fn);
    await b.ready();
    // terminated twice in a row: the reconnect after the first may itself be cut
    await terminateBackends(dbName);
    await new Promise((r) => setTimeout(r, 150));
    await terminateBackends(dbName);
    await seen.waitFor(RESYNC, 8000);
    await b.ready();
    let done = false;
    for (let i = 0; i < 20 && !done; i++) {
      done = await a.publish('bus_again', 'later').then(
        () => true,
        () => new Promise<boolean>((r) => setTimeout(() => r(false), 100)),
      );
    }
    await seen.waitFor('later', 1000);
    off();
  }, 20_000);
});

describe('change bus without a reachable PostgreSQL', () => {
  it('does not hang a start: ready() gives up after its timeout, says so, and the bus keeps trying', async () => {
    // nothing listens on port 9 of loopback: every connection attempt is refused at once
    const db = openPostgres('postgres://postgres@127.0.0.1:9/none', { connectTimeoutMs: 500, log: () => {} });
    const lines: string[] = [];
    const bus = createChangeBus(db, { log: (l) => lines.push(l) });
    const off = bus.subscribe('bus_down', () => {});
    const t0 = performance.now();
    await bus.ready(400);
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(390);
    expect(waited).toBeLessThan(3000);
    expect(lines.some((l) => l.includes('cannot listen'))).toBe(true);
    expect(lines.some((l) => l.includes('not listening after 400 ms'))).toBe(true);
    off();
    await bus.close();
    await db.close();
  });
});
