import type { Tx } from '../../../db/database.js';
import { type ChangeBus, RESYNC } from '../../../db/notify.js';
import type { NodeIdentity } from './authenticate-node.js';

/**
 * How long a verified node token is trusted without reading the database again. A revocation
 * reaches every instance at once through the change bus (REVOKED_CHANNEL); this is the bound when
 * that notification is lost (a publish that failed after the commit). After a reconnect the bus
 * says RESYNC and the whole cache is dropped.
 */
export const TOKEN_TRUST_MS = 60_000;
/** The change bus channel a revocation is announced on; payload: the node's id. */
export const REVOKED_CHANNEL = 'fleet_node_revoked';
/** far above a city's nodes; past it the cache starts again (memory stays bounded) */
const MAX_ENTRIES = 200_000;

/**
 * Verified node tokens of one central instance, by the token's SHA-256: a heartbeat, a stats batch
 * or a stream opened by a known node costs no database read (30,000 nodes beating every few
 * seconds would otherwise be thousands of reads a second, and a storm of subscriptions after a
 * restart one read each). Revoked nodes are kept as revoked: they are refused without a read too.
 */
export class NodeTokenCache {
  private readonly byHash = new Map<string, { node: NodeIdentity; at: number }>();
  /** bumped by every forget: a read that began before it must not put back what it removed */
  private generation = 0;

  constructor(
    private readonly now: () => number,
    private readonly trustMs = TOKEN_TRUST_MS,
  ) {}

  get(hash: string): NodeIdentity | undefined {
    const hit = this.byHash.get(hash);
    if (!hit) return undefined;
    if (this.now() - hit.at < this.trustMs) return hit.node;
    this.byHash.delete(hash);
    return undefined;
  }

  /** The generation to hand back to `set`: read it before the database read. */
  mark(): number {
    return this.generation;
  }

  set(hash: string, node: NodeIdentity, mark: number): void {
    // a revocation arrived while this identity was being read: it may be stale
    if (mark !== this.generation) return;
    if (this.byHash.size >= MAX_ENTRIES) this.byHash.clear();
    this.byHash.set(hash, { node, at: this.now() });
  }

  /** The node was revoked (here or on another instance): its next request reads the database. */
  forgetNode(nodeId: string): void {
    this.generation++;
    for (const [hash, hit] of this.byHash) if (hit.node.nodeId === nodeId) this.byHash.delete(hash);
  }

  clear(): void {
    this.generation++;
    this.byHash.clear();
  }
}

/** One cache per database handle (keyed by its Kysely instance), shared by the fleet's routes. */
const caches = new WeakMap<object, { cache: NodeTokenCache; users: number }>();

/** The cache of this handle, if a central instance runs on it (authenticateNode reads through it). */
export function nodeTokenCacheOf(db: Tx): NodeTokenCache | undefined {
  return caches.get(db)?.cache;
}

/**
 * Starts caching node tokens on `db` for this instance, dropping a node's entries when the bus says
 * it was revoked (on any instance) and everything on RESYNC. Returns the cache and its stop.
 */
export function attachNodeTokenCache(db: Tx, bus: ChangeBus, now: () => number): { cache: NodeTokenCache; detach: () => void } {
  let entry = caches.get(db);
  if (!entry) {
    entry = { cache: new NodeTokenCache(now), users: 0 };
    caches.set(db, entry);
  }
  entry.users++;
  const { cache } = entry;
  const off = bus.subscribe(REVOKED_CHANNEL, (payload) => (payload === RESYNC ? cache.clear() : cache.forgetNode(payload)));
  let attached = true;
  return {
    cache,
    detach: () => {
      if (!attached) return;
      attached = false;
      off();
      const e = caches.get(db);
      if (e && e.cache === cache && --e.users === 0) caches.delete(db);
    },
  };
}
