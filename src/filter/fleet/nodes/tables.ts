/**
 * Tables of the fleet's node registry (issue 16): one-time enrolment tokens, the nodes (with what
 * they last reported about themselves) and the receipts that make a retried stats batch count once.
 * Secrets are kept as SHA-256 hashes only (256-bit random secrets need no slow hash).
 */
export interface FilterFleetEnrolmentsTable {
  id: string;
  token_hash: string;
  /** the first characters of the token, to recognise it in the console (not enough to use it) */
  prefix: string;
  /** JSON array of school ids the node enrolled with this token will serve */
  school_ids: string;
  /** the name the node gets unless it sends its own */
  name: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  /** set once, in the transaction that creates the node: a token works one time */
  used_at: string | null;
  node_id: string | null;
}

export interface FilterFleetNodesTable {
  id: string;
  name: string;
  /** JSON array of school ids: the only schools whose policy the node receives */
  school_ids: string;
  token_hash: string;
  enrolment_id: string;
  enrolled_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  last_seen_at: string | null;
  /** the node's own address as the centre saw it (infrastructure, not a child's) */
  address: string | null;
  software_version: string | null;
  /** the policy version the node last said it applies */
  policy_version: number | null;
  /** since when the node has reported a version older than the centre's (null: up to date) */
  behind_since: string | null;
  /** JSON `{ upstreams: [{ server, up }], qps, cacheHitRatio }` from the last heartbeat */
  health: string | null;
}

/** One row per stats batch taken in; the batch's counters are added in the same transaction. */
export interface FilterFleetStatsReceiptsTable {
  node_id: string;
  idempotency_key: string;
  received_at: string;
}

export interface FleetNodeTables {
  filter_fleet_enrolments: FilterFleetEnrolmentsTable;
  filter_fleet_nodes: FilterFleetNodesTable;
  filter_fleet_stats_receipts: FilterFleetStatsReceiptsTable;
}
