import { beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../../../testing/databases.js';
import { type Heartbeat, recordHeartbeat } from './heartbeat.js';

/**
 * Heartbeats arriving together share one group-commit batch and one UPDATE statement: each node's
 * row gets its own beat (the later one when a node beat twice), `behind_since` keeps the first
 * moment a node fell behind, and a revoked node's row is left alone.
 */
describeEachDb('fleet heartbeats written in batches', (db) => {
  const ids = ['hb-1', 'hb-2', 'hb-3', 'hb-revoked'];
  const hb = (policyVersion: number, softwareVersion = '2.0.0', up = true): Heartbeat => ({
    softwareVersion,
    policyVersion,
    upstreams: [{ server: '9.9.9.9:53', up }],
    qps: policyVersion,
    cacheHitRatio: 0.5,
  });
  const row = (id: string) => db().kysely.selectFrom('filter_fleet_nodes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    const now = new Date().toISOString();
    await db()
      .kysely.insertInto('filter_fleet_enrolments')
      .values({
        id: 'hb-e',
        token_hash: 'hb-e',
        prefix: 'lce_hb',
        school_ids: '[]',
        name: 'hb',
        created_by: 'test',
        created_at: now,
        expires_at: now,
        used_at: now,
        node_id: null,
      })
      .execute();
    await db()
      .kysely.insertInto('filter_fleet_nodes')
      .values(
        ids.map((id) => ({
          id,
          name: id,
          school_ids: '[]',
          token_hash: `hash-${id}`,
          enrolment_id: 'hb-e',
          enrolled_at: now,
          revoked_at: id === 'hb-revoked' ? now : null,
        })),
      )
      .execute();
  });

  it('writes every node of a batch in one statement, the later beat of a node winning', async () => {
    const t0 = new Date('2026-12-05T10:00:00.000Z');
    const t1 = new Date('2026-12-05T10:00:15.000Z');
    const before = { ...db().writes.stats };
    await Promise.all([
      recordHeartbeat(db(), 'hb-1', hb(5), '10.0.0.1', 5, t0),
      recordHeartbeat(db(), 'hb-2', hb(4, '1.9.0', false), '10.0.0.2', 5, t0),
      recordHeartbeat(db(), 'hb-3', hb(3), null, 5, t0),
      recordHeartbeat(db(), 'hb-3', hb(5, '2.0.1'), '10.0.0.3', 5, t1),
      recordHeartbeat(db(), 'hb-revoked', hb(5), '10.0.0.9', 5, t0),
    ]);
    // arrived together: fewer transactions than beats
    expect(db().writes.stats.batches - before.batches).toBeLessThan(5);
    const [r1, r2, r3, rr] = await Promise.all(ids.map(row));
    expect([r1!.last_seen_at, r1!.address, r1!.software_version, Number(r1!.policy_version), r1!.behind_since]).toEqual([
      t0.toISOString(),
      '10.0.0.1',
      '2.0.0',
      5,
      null,
    ]);
    expect([r2!.software_version, Number(r2!.policy_version), r2!.behind_since]).toEqual(['1.9.0', 4, t0.toISOString()]);
    expect(JSON.parse(r2!.health!)).toEqual({ upstreams: [{ server: '9.9.9.9:53', up: false }], qps: 4, cacheHitRatio: 0.5 });
    expect([r3!.last_seen_at, r3!.address, r3!.software_version, Number(r3!.policy_version), r3!.behind_since]).toEqual([
      t1.toISOString(),
      '10.0.0.3',
      '2.0.1',
      5,
      null,
    ]);
    expect([rr!.last_seen_at, rr!.address, rr!.health]).toEqual([null, null, null]);
  });

  it('keeps the moment a node first fell behind until it catches up', async () => {
    const at = (s: number) => new Date(Date.parse('2026-12-05T11:00:00.000Z') + s * 1000);
    await recordHeartbeat(db(), 'hb-1', hb(5), null, 6, at(0));
    await Promise.all([recordHeartbeat(db(), 'hb-1', hb(5), null, 6, at(15)), recordHeartbeat(db(), 'hb-2', hb(6), null, 6, at(15))]);
    expect((await row('hb-1')).behind_since).toBe(at(0).toISOString());
    expect((await row('hb-1')).last_seen_at).toBe(at(15).toISOString());
    expect((await row('hb-2')).behind_since).toBeNull();
    await recordHeartbeat(db(), 'hb-1', hb(6), null, 6, at(30));
    expect((await row('hb-1')).behind_since).toBeNull();
  });
});
