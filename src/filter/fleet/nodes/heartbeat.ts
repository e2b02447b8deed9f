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

/**
 * Records a heartbeat: last seen, the node's own address, versions and health. `behind_since` is
 * set the first time the node reports a version older than the centre's and kept until it catches
 * up — the console's "behind for more than a minute" reads it. Through the group commit: thousands
 * of nodes beat every 15 s, and one transaction per beat would be most of the database's work.
 */
export async function recordHeartbeat(db: Db, nodeId: string, hb: Heartbeat, address: string | null, centreVersion: number | null, now: Date): Promise<void> {
  const at = now.toISOString();
  const behind = centreVersion !== null && hb.policyVersion < centreVersion;
  const health = JSON.stringify({
    upstreams: hb.upstreams.map((u) => ({ server: cleanText(u.server), up: u.up })),
    qps: hb.qps,
    cacheHitRatio: hb.cacheHitRatio,
  });
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
}
