import type { FastifyRequest } from 'fastify';
import type { Tx } from '../../../db/database.js';
import { AppError } from '../../../shared/errors.js';
import { NODE_TOKEN_PREFIX, secretHash } from './node-secrets.js';
import { nodeTokenCacheOf } from './node-token-cache.js';

/** Who a node request comes from (fleet contract). */
export interface NodeIdentity {
  nodeId: string;
  schoolIds: string[];
  revoked: boolean;
}

/**
 * The node behind a bearer token, or null (→ 401). A revoked node is returned with `revoked: true`
 * so the route answers 403 `fleet.node_revoked` and gives it nothing new. One indexed read, skipped
 * when the central instance running on `db` verified this token lately (node-token-cache.ts): a
 * revocation empties that cache on every instance through the change bus, and an entry is trusted
 * for TOKEN_TRUST_MS at most, should the announcement be lost.
 */
export async function authenticateNode(db: Tx, token: string): Promise<NodeIdentity | null> {
  const hash = secretHash(token, NODE_TOKEN_PREFIX);
  if (!hash) return null;
  const cache = nodeTokenCacheOf(db);
  const hit = cache?.get(hash);
  if (hit) return hit;
  const mark = cache?.mark() ?? 0;
  const row = await db.selectFrom('filter_fleet_nodes').select(['id', 'school_ids', 'revoked_at']).where('token_hash', '=', hash).executeTakeFirst();
  if (!row) return null;
  const node = { nodeId: row.id, schoolIds: JSON.parse(row.school_ids) as string[], revoked: row.revoked_at !== null };
  cache?.set(hash, node, mark);
  return node;
}

/**
 * The node of a request's `Authorization: Bearer lcn_…`: 401 `fleet.node_unknown` when there is
 * none, 403 `fleet.node_revoked` when it was revoked (it gets nothing new, and is told so).
 */
export async function requireNode(db: Tx, authorization: string | undefined): Promise<NodeIdentity> {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  const node = m ? await authenticateNode(db, m[1] as string) : null;
  if (!node) throw new AppError(401, 'fleet.node_unknown');
  if (node.revoked) throw new AppError(403, 'fleet.node_revoked');
  return node;
}

/**
 * What a node's routes share: `authenticate` (an onRequest hook: the bearer is checked before the
 * body or query is validated, so a stranger learns nothing from validation errors), the route
 * options (`ownBearer`, and a request it let through is a known node's, not counted against its
 * address — nodes behind one school NAT reconnecting after an outage must not get 429, and on
 * PostgreSQL each count is a write), and `nodeOf` for the handler.
 */
export function nodeRequests(db: Tx): {
  authenticate: (req: FastifyRequest) => Promise<void>;
  nodeOnly: { ownBearer: true; rateLimit: { allowList: (req: FastifyRequest) => boolean } };
  nodeOf: (req: FastifyRequest) => NodeIdentity;
} {
  const nodes = new WeakMap<FastifyRequest, NodeIdentity>();
  return {
    authenticate: async (req) => {
      nodes.set(req, await requireNode(db, req.headers.authorization));
    },
    nodeOnly: { ownBearer: true, rateLimit: { allowList: (req) => nodes.has(req) } },
    nodeOf: (req) => {
      const node = nodes.get(req);
      if (!node) throw new AppError(401, 'fleet.node_unknown');
      return node;
    },
  };
}
