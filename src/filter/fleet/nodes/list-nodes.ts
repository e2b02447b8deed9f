import type { Ctx } from '../../../context.js';
import { fleetNodePolicy } from './fleet-node.policy.js';

/**
 * A node that has not been heard from for this long is shown as silent. Beats come every 30 s ± 20 %
 * (../node/reporting.ts) and a quiet one is written at least every 45 s (HeartbeatWriter): a live
 * node's `last_seen_at` is never more than 45 + 36 = 81 s old.
 */
export const SILENT_AFTER_MS = 2 * 60_000;
/** A node reporting an older policy than the centre's for this long is shown as behind. */
export const BEHIND_AFTER_MS = 60_000;

export type NodeAlert = 'silent' | 'behind';

export interface NodeView {
  id: string;
  name: string;
  schools: Array<{ id: string; code: string; name: string }>;
  address: string | null;
  enrolledAt: string;
  lastSeenAt: string | null;
  softwareVersion: string | null;
  policyVersion: number | null;
  /** versions the node is behind the centre (null when either is unknown) */
  lag: number | null;
  behindSince: string | null;
  health: { upstreams: Array<{ server: string; up: boolean }>; qps: number; cacheHitRatio: number } | null;
  revokedAt: string | null;
  revokeReason: string | null;
  alerts: NodeAlert[];
}

/** Why a node needs a look, at `now`; none for a revoked node (it is expected to go quiet). */
export function nodeAlerts(
  n: { revoked_at: string | null; last_seen_at: string | null; behind_since: string | null; enrolled_at: string },
  now: number,
): NodeAlert[] {
  if (n.revoked_at) return [];
  const out: NodeAlert[] = [];
  if (now - Date.parse(n.last_seen_at ?? n.enrolled_at) > SILENT_AFTER_MS) out.push('silent');
  if (n.behind_since && now - Date.parse(n.behind_since) > BEHIND_AFTER_MS) out.push('behind');
  return out;
}

/** The fleet: every node with its schools, state and alerts; active nodes first, then by name. */
export async function listNodes(ctx: Ctx, centreVersion: number | null): Promise<NodeView[]> {
  fleetNodePolicy.authorize(ctx.actor, 'read');
  const db = ctx.db.kysely;
  const rows = await db.selectFrom('filter_fleet_nodes').selectAll().orderBy('name').orderBy('id').execute();
  const ids = [...new Set(rows.flatMap((r) => JSON.parse(r.school_ids) as string[]))];
  const schools = new Map(
    (ids.length ? await db.selectFrom('schools').select(['id', 'code', 'name']).where('id', 'in', ids).execute() : []).map((s) => [s.id, s]),
  );
  const now = ctx.clock().getTime();
  const views = rows.map(
    (r): NodeView => ({
      id: r.id,
      name: r.name,
      schools: (JSON.parse(r.school_ids) as string[]).map((id) => schools.get(id) ?? { id, code: id, name: id }),
      address: r.address,
      enrolledAt: r.enrolled_at,
      lastSeenAt: r.last_seen_at,
      softwareVersion: r.software_version,
      policyVersion: r.policy_version === null ? null : Number(r.policy_version),
      lag: centreVersion === null || r.policy_version === null ? null : Math.max(0, centreVersion - Number(r.policy_version)),
      behindSince: r.behind_since,
      health: r.health ? (JSON.parse(r.health) as NodeView['health']) : null,
      revokedAt: r.revoked_at,
      revokeReason: r.revoke_reason,
      alerts: nodeAlerts(r, now),
    }),
  );
  return views.sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null));
}

/** Nodes needing a look (silent or behind), for the system administrator's home page. */
export async function countNodeAlerts(ctx: Ctx): Promise<number | null> {
  if (!fleetNodePolicy.can(ctx.actor, 'revoke')) return null;
  const rows = await ctx.db.kysely
    .selectFrom('filter_fleet_nodes')
    .select(['revoked_at', 'last_seen_at', 'behind_since', 'enrolled_at'])
    .where('revoked_at', 'is', null)
    .execute();
  const now = ctx.clock().getTime();
  return rows.filter((r) => nodeAlerts(r, now).length > 0).length;
}
