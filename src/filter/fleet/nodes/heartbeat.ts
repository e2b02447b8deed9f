import { sql } from 'kysely';
import type { Db } from '../../../db/database.js';
import { cleanText } from '../../../shared/text.js';

/** What a node says about itself every 15 s (fleet contract); validated by the route's schema. */
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
 * Decides which heartbeats reach the database. 30,000 nodes beating every 15 s would be 2,000
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

/**
 * Records a heartbeat: last seen, the node's own address, versions and health. `behind_since` is
 * set the first time the node reports a version older than the centre's and kept until it catches
 * up — the console's "behind for more than a minute" reads it. Through the group commit: thousands
 * of nodes beat every 15 s, and one transaction per beat would be most of the database's work.
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
  const at = now.toISOString();
  const behind = centreVersion !== null && hb.policyVersion < centreVersion;
  if (writer && !writer.shouldWrite(nodeId, hb, behind, now)) return;
  const health = JSON.stringify({
    upstreams: hb.upstreams.map((u) => ({ server: cleanText(u.server), up: u.up })),
    qps: hb.qps,
    cacheHitRatio: hb.cacheHitRatio,
  });
  try {
    await db.writes.run((trx) =>
      trx
        .updateTable('filter_fleet_nodes')
        .set({
          last_seen_at: at,
          address,
          software_version: cleanText(hb.softwareVersion),
          policy_version: hb.policyVersion,
          behind_since: behind ? sql<string>`coalesce(behind_since, ${at})` : null,
          health,
        })
        .where('id', '=', nodeId)
        .where('revoked_at', 'is', null)
        .execute(),
    );
  } catch (e) {
    writer?.forget(nodeId);
    throw e;
  }
}
