import { sql } from 'kysely';
import type { Db } from '../../../db/database.js';
import { type Deferred, deferUntilCommit } from '../../../db/group-commit.js';
import { cleanText } from '../../../shared/text.js';

/** What a node says about itself every 30 s (fleet contract); validated by the route's schema. */
export interface Heartbeat {
  softwareVersion: string;
  policyVersion: number;
  upstreams: Array<{ server: string; up: boolean }>;
  qps: number;
  cacheHitRatio: number;
}

/** A beat that changes nothing but the figures is written at most this often per node (see HeartbeatWriter). */
export const QUIET_WRITE_MS = 45_000;

/**
 * Decides which heartbeats reach the database. 30,000 nodes beating every 30 s would be 1,000
 * writes a second; most beats only refresh `last_seen_at` and the figures (queries/s, cache ratio).
 * Such a beat is written when the node's last write from this instance is older than
 * QUIET_WRITE_MS — well inside the 2-minute "silent" rule — and at once when anything an operator
 * acts on changes: the policy version, the software, falling behind or catching up, an upstream
 * going down or up. Per instance: a node whose beats reach several instances is written by each.
 */
export class HeartbeatWriter {
  private readonly last = new Map<string, { at: number; key: string }>();

  constructor(private readonly maxNodes = 200_000) {}

  shouldWrite(nodeId: string, hb: Heartbeat, behind: boolean, now: Date): boolean {
    const key = JSON.stringify([hb.policyVersion, hb.softwareVersion, behind, hb.upstreams.map((u) => u.up)]);
    const prev = this.last.get(nodeId);
    if (prev && prev.key === key && now.getTime() - prev.at < QUIET_WRITE_MS) return false;
    if (this.last.size >= this.maxNodes) this.last.clear();
    this.last.set(nodeId, { at: now.getTime(), key });
    return true;
  }

  /** a write failed: the next beat of this node is written whatever it says */
  forget(nodeId: string): void {
    this.last.delete(nodeId);
  }
}

/** One node's row as a heartbeat leaves it. */
interface BeatRow {
  nodeId: string;
  at: string;
  address: string | null;
  softwareVersion: string;
  policyVersion: number;
  behind: boolean;
  health: string;
}

/**
 * The heartbeats of one group-commit batch, written by one statement (`WITH v AS (VALUES …) UPDATE … FROM v`,
 * PostgreSQL and SQLite ≥ 3.33): a batch of 200 beats is one round trip instead of 200 inside the
 * transaction, which on PostgreSQL is most of a batch's time. Two beats of one node in a batch:
 * the later one wins. A revoked node's row is left alone.
 */
const beatRows: Deferred<BeatRow> = {
  name: 'fleet heartbeats',
  async flush(trx, items) {
    const latest = [...new Map(items.map((r) => [r.nodeId, r])).values()];
    const values = sql.join(
      latest.map(
        (r) =>
          sql`(cast(${r.nodeId} as text), cast(${r.at} as text), cast(${r.address} as text), cast(${r.softwareVersion} as text), cast(${r.policyVersion} as bigint), cast(${r.behind ? 1 : 0} as integer), cast(${r.health} as text))`,
      ),
    );
    await sql`
      with v(id, at, address, sw, pv, behind, health) as (values ${values})
      update filter_fleet_nodes set
        last_seen_at = v.at,
        address = v.address,
        software_version = v.sw,
        policy_version = v.pv,
        behind_since = case when v.behind = 1 then coalesce(filter_fleet_nodes.behind_since, v.at) else null end,
        health = v.health
      from v
      where filter_fleet_nodes.id = v.id and filter_fleet_nodes.revoked_at is null`.execute(trx);
  },
};

/**
 * Records a heartbeat: last seen, the node's own address, versions and health. `behind_since` is
 * set the first time the node reports a version older than the centre's and kept until it catches
 * up — the console's "behind for more than a minute" reads it. Through the group commit, answered
 * once committed: thousands of nodes beat every few seconds, and the beats of one batch are one
 * statement in one transaction (beatRows).
 */
export async function recordHeartbeat(
  db: Db,
  nodeId: string,
  hb: Heartbeat,
  address: string | null,
  centreVersion: number | null,
  now: Date,
  writer?: HeartbeatWriter,
): Promise<void> {
  const behind = centreVersion !== null && hb.policyVersion < centreVersion;
  if (writer && !writer.shouldWrite(nodeId, hb, behind, now)) return;
  const row: BeatRow = {
    nodeId,
    at: now.toISOString(),
    address,
    softwareVersion: cleanText(hb.softwareVersion),
    policyVersion: hb.policyVersion,
    behind,
    health: JSON.stringify({
      upstreams: hb.upstreams.map((u) => ({ server: cleanText(u.server), up: u.up })),
      qps: hb.qps,
      cacheHitRatio: hb.cacheHitRatio,
    }),
  };
  try {
    await db.writes.run(async (trx) => {
      if (!deferUntilCommit(trx, beatRows, row)) await beatRows.flush(trx, [row]);
    });
  } catch (e) {
    writer?.forget(nodeId);
    throw e;
  }
}
