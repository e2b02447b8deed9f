import type { Tx } from '../../../db/database.js';
import { NODE_TOKEN_PREFIX, secretHash } from './node-secrets.js';

/** Who a node request comes from (fleet contract). */
export interface NodeIdentity {
  nodeId: string;
  schoolIds: string[];
  revoked: boolean;
}

/**
 * The node behind a bearer token, or null (→ 401). A revoked node is returned with `revoked: true`
 * so the route answers 403 `fleet.node_revoked` and gives it nothing new. Not cached: one indexed
 * read, and a revocation must hold on the very next request, on every central instance.
 */
export async function authenticateNode(db: Tx, token: string): Promise<NodeIdentity | null> {
  const hash = secretHash(token, NODE_TOKEN_PREFIX);
  if (!hash) return null;
  const row = await db.selectFrom('filter_fleet_nodes').select(['id', 'school_ids', 'revoked_at']).where('token_hash', '=', hash).executeTakeFirst();
  if (!row) return null;
  return { nodeId: row.id, schoolIds: JSON.parse(row.school_ids) as string[], revoked: row.revoked_at !== null };
}
