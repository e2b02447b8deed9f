import { statSync } from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../../context.js';
import { createChangeBus, RESYNC } from '../../../db/notify.js';
import { AppError } from '../../../shared/errors.js';
import { onPublish } from '../../service.js';
import { readSnapshotJson, snapshotFile } from '../../snapshot-file.js';
import { type NodeIdentity, nodeRequests } from '../nodes/authenticate-node.js';
import '../nodes/messages.js';
import { REVOKED_CHANNEL, TOKEN_TRUST_MS } from '../nodes/node-token-cache.js';
import { PolicyDelivery } from './policy-delivery.js';
import { recordPolicyVersion } from './policy-versions.js';

/** The change bus channel: payload = the version just recorded (a hint; subscribers re-read). */
const CHANNEL = 'fleet_policy';
const PING_MS = 15_000;
const MAX_WAIT_S = 30;

/**
 * GET /fleet/policy?since=N[&wait=S] and GET /fleet/stream?since=N (fleet contract, issue 16): a
 * node's way to the policy. Versions are recorded here after every publish of this process (the
 * service's publish hook) and by a watch of snapshot.json (publishes of other processes: the CLI,
 * another instance); every instance hears every recorded version on the change bus and wakes its
 * own streams, so a change through instance A reaches nodes attached to instance B. A revocation
 * on any instance (the node token cache's channel) ends the node's open streams on every instance.
 */
export async function fleetPolicyRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const dataDir = deps.config.dataDir;
  const bus = createChangeBus(deps.db);
  const delivery = new PolicyDelivery(deps);
  /** the open streams' ends, by node: a revocation heard on the bus ends that node's at once */
  const streams = new Map<string, Set<() => void>>();

  const record = async (snapshot: Parameters<typeof recordPolicyVersion>[2], table: Parameters<typeof recordPolicyVersion>[3]) => {
    const v = await recordPolicyVersion(deps.db, dataDir, snapshot, table, deps.clock().toISOString());
    if (v !== null) await bus.publish(CHANNEL, String(v));
  };
  const offBus = bus.subscribe(CHANNEL, () => void delivery.refresh().catch(() => undefined));
  // a revocation on any instance (nodes/routes.ts announces it); after a reconnect, re-read them all
  const offRevoked = bus.subscribe(REVOKED_CHANNEL, (id) => (id === RESYNC ? void delivery.readRevoked().catch(() => undefined) : delivery.revoke(id)));
  const offRevokedStreams = delivery.onRevoked((id) => {
    for (const end of [...(streams.get(id) ?? [])]) end();
  });
  let revokedReadAt = 0;
  const offPublish = onPublish(async (dir, snapshot, tables) => {
    if (dir === dataDir) await record(snapshot, tables);
  });
  let lastMtime = 0;
  app.jobs.add({
    name: 'filter.fleet-versions',
    everyMs: 2000,
    // a publish by another process (CLI, another instance) is recorded from snapshot.json; the
    // latest version is re-read too, in case a bus notification was lost
    run: async () => {
      let mtime = 0;
      try {
        mtime = statSync(snapshotFile(dataDir)).mtimeMs;
      } catch {
        // no snapshot yet: the filter service writes the first
      }
      if (mtime !== 0 && mtime !== lastMtime) {
        // the JSON only: a table is read when the version needs it and it is not known already
        const loaded = readSnapshotJson(dataDir);
        if (loaded) await record(loaded.snapshot, null);
        lastMtime = mtime;
      }
      await delivery.refresh();
      // a revocation nobody announced (written behind the instances' backs) ends its streams within
      // the bound the node token cache keeps for every other node request
      const now = deps.clock().getTime();
      if (now - revokedReadAt >= TOKEN_TRUST_MS) {
        await delivery.readRevoked();
        revokedReadAt = now;
      }
    },
  });
  app.addHook('onReady', async () => {
    await bus.ready();
    await Promise.all([delivery.refresh(), delivery.readRevoked()]);
    revokedReadAt = deps.clock().getTime();
  });
  app.addHook('preClose', async () => {
    for (const ends of [...streams.values()]) for (const end of [...ends]) end();
  });
  app.addHook('onClose', async () => {
    offPublish();
    offBus();
    offRevoked();
    offRevokedStreams();
    await bus.close();
  });

  // The node is checked first thing (onRequest, before the query is validated), with the node
  // routes' check (nodes/authenticate-node.ts): a stranger gets 401 fleet.node_unknown and learns
  // nothing from validation errors, a revoked node 403. A request it let through is a known node's
  // and not counted against its address: a school's nodes behind one NAT reconnecting after an
  // outage must not get 429 (nodes/routes.ts does the same).
  const node = nodeRequests(deps.db.kysely);
  const { authenticate, nodeOnly } = node;
  const nodeOf = (req: FastifyRequest): NodeIdentity => {
    const known = node.nodeOf(req);
    // revoked since it was verified (heard on the bus while this request waited)
    if (delivery.isRevoked(known.nodeId)) throw new AppError(403, 'fleet.node_revoked');
    return known;
  };
  const sinceOf = (q: { since?: string }) => {
    const n = Number(q.since ?? 0);
    if (!Number.isSafeInteger(n) || n < 0) throw new AppError(400, 'validation_failed', { detail: 'since' });
    return n;
  };
  const querySchema = {
    type: 'object',
    properties: { since: { type: 'string', pattern: '^[0-9]{1,15}$' }, wait: { type: 'string', pattern: '^[0-9]{1,3}$' } },
    additionalProperties: false,
  } as const;

  app.get<{ Querystring: { since?: string; wait?: string } }>(
    '/fleet/policy',
    { config: nodeOnly, onRequest: authenticate, schema: { querystring: querySchema } },
    async (req, reply) => {
      const node = nodeOf(req);
      const since = sinceOf(req.query);
      // a version recorded a moment ago may not have reached this instance's bus yet: read it (one
      // read that began after this request, shared with everyone asking meanwhile)
      if (since >= delivery.version) await delivery.refresh();
      let env = await delivery.envelopeFor(node, since);
      const wait = Math.min(MAX_WAIT_S, Number(req.query.wait ?? 0));
      if (!env && wait > 0) {
        const ac = new AbortController();
        req.raw.once('close', () => ac.abort());
        // revoked while it waits: answered at once
        const offRevoked = delivery.onRevoked((id) => {
          if (id === node.nodeId) ac.abort();
        });
        const newer = await delivery.waitNewer(since, wait * 1000, ac.signal).finally(offRevoked);
        if (delivery.isRevoked(node.nodeId)) throw new AppError(403, 'fleet.node_revoked');
        if (newer) env = await delivery.envelopeFor(node, since);
      }
      if (!env) return reply.status(204).send();
      return reply.status(200).header('content-type', 'application/octet-stream').header('cache-control', 'no-store').send(env.bytes);
    },
  );

  app.get<{ Querystring: { since?: string } }>(
    '/fleet/stream',
    { config: nodeOnly, onRequest: authenticate, schema: { querystring: querySchema } },
    async (req, reply) => {
      const node = nodeOf(req);
      let sent = sinceOf(req.query);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no', connection: 'keep-alive' });
      res.write(': lachan fleet\n\n');
      let busy = false;
      let pending = false;
      let open = true;
      // one push at a time; a version arriving meanwhile is sent right after (the latest, as a delta)
      const push = async (): Promise<void> => {
        if (busy) {
          pending = true;
          return;
        }
        busy = true;
        try {
          do {
            pending = false;
            if (!open) return;
            if (delivery.isRevoked(node.nodeId)) return end();
            const env = await delivery.envelopeFor(node, sent);
            if (env && open) {
              res.write(`id: ${env.version}\nevent: policy\ndata: ${env.bytes.toString('base64')}\n\n`);
              sent = env.version;
            }
          } while (pending);
        } catch (e) {
          req.log.warn({ err: e }, 'fleet stream: envelope failed');
          end();
        } finally {
          busy = false;
        }
      };
      const ping = setInterval(() => res.write(': ping\n\n'), PING_MS);
      const off = delivery.onVersion(() => void push());
      const end = () => {
        if (!open) return;
        open = false;
        clearInterval(ping);
        off();
        const ends = streams.get(node.nodeId);
        ends?.delete(end);
        if (ends?.size === 0) streams.delete(node.nodeId);
        res.end();
      };
      let mine = streams.get(node.nodeId);
      if (!mine) {
        mine = new Set();
        streams.set(node.nodeId, mine);
      }
      mine.add(end);
      res.on('close', end);
      // no read of the latest version first: a subscribe storm would queue every stream behind it; the
      // change bus (every recorded version, from any instance) and the 2 s job keep it current
      await push();
    },
  );
}
