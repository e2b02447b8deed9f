import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { systemActor } from '../../../access/actor.js';
import type { Deps } from '../../../context.js';
import { createChangeBus } from '../../../db/notify.js';
import { ctxOf } from '../../../http/ctx.js';
import { errorResponses, IdParams, Nullable, Text } from '../../../http/schemas.js';
import { AppError } from '../../../shared/errors.js';
import { BANDS } from '../../model.js';
import { fleetPublicKey } from '../centre/signing-key.js';
import { nodeRequests } from './authenticate-node.js';
import { createEnrolment, MAX_ENROLMENT_HOURS, MAX_SCHOOLS_PER_NODE } from './create-enrolment.js';
import { enrolNode } from './enrol-node.js';
import { HeartbeatWriter, recordHeartbeat } from './heartbeat.js';
import { ingestStats, pruneReceipts } from './ingest-stats.js';
import { listNodes } from './list-nodes.js';
import { attachNodeTokenCache, REVOKED_CHANNEL } from './node-token-cache.js';
import './messages.js';
import { latestVersion } from '../centre/policy-versions.js';
import { revokeNode } from './revoke-node.js';

const tags = ['filter'];
const Version = Type.String({ minLength: 1, maxLength: 64 });
/** a batch is one minute of one node's counters: a few hundred rows; this is far above that */
const MAX_ROWS = 20_000;
const SchoolId = Type.String({ minLength: 1, maxLength: 64 });
const Category = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9_]+$' });
const Count = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });

const StatsBody = Type.Object(
  {
    hour: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:00:00\\.000Z$' }),
    counters: Type.Array(
      Type.Object(
        { schoolId: SchoolId, band: Type.Union(BANDS.map((b) => Type.Literal(b))), category: Category, count: Count },
        { additionalProperties: false },
      ),
      { maxItems: MAX_ROWS },
    ),
    top: Type.Array(
      Type.Object(
        { schoolId: SchoolId, domain: Type.String({ minLength: 1, maxLength: 253 }), category: Category, count: Count },
        { additionalProperties: false },
      ),
      { maxItems: MAX_ROWS },
    ),
  },
  { additionalProperties: false },
);

const HeartbeatBody = Type.Object(
  {
    softwareVersion: Version,
    policyVersion: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    upstreams: Type.Array(Type.Object({ server: Type.String({ minLength: 1, maxLength: 100 }), up: Type.Boolean() }, { additionalProperties: false }), {
      maxItems: 16,
    }),
    qps: Type.Number({ minimum: 0, maximum: 10_000_000 }),
    cacheHitRatio: Type.Number({ minimum: 0, maximum: 1 }),
  },
  { additionalProperties: false },
);

const NodeSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  schools: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() })),
  address: Nullable(Type.String()),
  enrolledAt: Type.String(),
  lastSeenAt: Nullable(Type.String()),
  softwareVersion: Nullable(Type.String()),
  policyVersion: Nullable(Type.Integer()),
  lag: Nullable(Type.Integer()),
  behindSince: Nullable(Type.String()),
  health: Nullable(
    Type.Object({ upstreams: Type.Array(Type.Object({ server: Type.String(), up: Type.Boolean() })), qps: Type.Number(), cacheHitRatio: Type.Number() }),
  ),
  revokedAt: Nullable(Type.String()),
  revokeReason: Nullable(Type.String()),
  alerts: Type.Array(Type.Union([Type.Literal('silent'), Type.Literal('behind')])),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** the centre's latest version is read at most once a second for heartbeats (thousands of nodes beat every 30 s) */
const VERSION_MEMO_MS = 1_000;

/**
 * The node registry's routes (issue 16, fleet contract): the console's (enrolment tokens, the node
 * list, revoke; staff sessions) and the nodes' own (enrol, heartbeat, stats; `ownBearer`: the node
 * token is checked here, not by the API-token hook). Mounted by ../routes.ts.
 */
export async function fleetNodeRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  let memo = { at: 0, version: 0 };
  const heartbeats = new HeartbeatWriter();
  // verified node tokens, dropped on every instance when a node is revoked (node-token-cache.ts)
  const bus = createChangeBus(deps.db);
  const tokens = attachNodeTokenCache(deps.db.kysely, bus, () => deps.clock().getTime());
  app.addHook('onReady', async () => bus.ready());
  app.addHook('onClose', async () => {
    tokens.detach();
    await bus.close();
  });
  const centreVersion = async (): Promise<number> => {
    const now = Date.now();
    if (now - memo.at > VERSION_MEMO_MS) memo = { at: now, version: await latestVersion(deps.db.kysely) };
    return memo.version;
  };

  // A node's requests are authenticated before their body is even parsed: a stranger learns
  // nothing from validation errors, and a revoked node's batch is never read.
  // The node's own routes: its bearer is checked by `authenticate` (before the per-address limit's
  // hook, which runs after a route's own); strangers get 401 first (nodeRequests).
  const { authenticate, nodeOnly, nodeOf } = nodeRequests(deps.db.kysely);

  app.jobs.add({ name: 'filter.fleet-receipts-prune', everyMs: 3_600_000, run: () => pruneReceipts(deps.db, deps.clock()) });

  app.post(
    '/fleet/enrolments',
    {
      schema: {
        tags,
        summary: 'Tạo mã ghi danh một lần cho trạm lọc / a one-time enrolment token for a filter node',
        body: Type.Object(
          {
            schoolIds: Type.Array(SchoolId, { minItems: 1, maxItems: MAX_SCHOOLS_PER_NODE }),
            name: Text(100),
            expiresInHours: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ENROLMENT_HOURS })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Type.String(),
            name: Type.String(),
            schoolIds: Type.Array(Type.String()),
            expiresAt: Type.String(),
            token: Type.String(),
            command: Type.String(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const { enrolment, token } = await createEnrolment(ctxOf(req, deps), req.body);
      // the address this administrator reached the centre by is the one a node can reach too
      const central = `${req.protocol}://${req.host}`;
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send({
          id: enrolment.id,
          name: enrolment.name,
          schoolIds: JSON.parse(enrolment.school_ids) as string[],
          expiresAt: enrolment.expires_at,
          token,
          // a school node answers the school's devices on port 53 and keeps its identity and policy in a
          // lasting directory (the defaults, 127.0.0.1:5353 and ./data, serve nobody)
          command: `LACHAN_DNS_ADDR=0.0.0.0:53 LACHAN_DATA_DIR=/var/lib/lachan lachan filter --central ${central} --token ${token}`,
        });
    },
  );

  app.get(
    '/fleet/nodes',
    {
      schema: {
        tags,
        summary: 'Các trạm lọc / filter nodes',
        response: { 200: Type.Object({ centreVersion: Type.Integer(), items: Type.Array(NodeSchema) }), ...errorResponses },
      },
    },
    async (req) => {
      const version = await latestVersion(deps.db.kysely);
      return { centreVersion: version, items: await listNodes(ctxOf(req, deps), version) };
    },
  );

  app.post(
    '/fleet/nodes/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Thu hồi trạm lọc (có lý do) / revoke a filter node (with a reason)',
        params: IdParams,
        body: Type.Object({ reason: Text(500) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await revokeNode(ctxOf(req, deps), req.params.id, req.body.reason);
      // here at once, on the other instances when they hear it (their cache trusts an entry
      // TOKEN_TRUST_MS at most, should this announcement be lost)
      tokens.cache.forgetNode(req.params.id);
      await bus.publish(REVOKED_CHANNEL, req.params.id).catch((e: unknown) => req.log.warn({ err: e }, 'fleet: revocation not announced'));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/fleet/enrol',
    {
      config: { ownBearer: true },
      schema: {
        tags,
        summary: 'Trạm lọc ghi danh bằng mã một lần / a node enrols with its one-time token',
        security: [],
        body: Type.Object(
          { token: Type.String({ minLength: 1, maxLength: 200 }), name: Type.Optional(Type.String({ maxLength: 100 })), softwareVersion: Version },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ nodeId: Type.String(), nodeToken: Type.String(), publicKey: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const ctx = { actor: systemActor('fleet:enrolment'), origin: { ip: req.ip }, clock: deps.clock };
      const { nodeId, nodeToken } = await enrolNode(deps.db.kysely, ctx, req.body, req.ip);
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send({ nodeId, nodeToken, publicKey: fleetPublicKey(deps) });
    },
  );

  app.post(
    '/fleet/heartbeat',
    {
      config: nodeOnly,
      onRequest: authenticate,
      schema: { tags, summary: 'Trạm lọc báo còn chạy / node heartbeat', security: [], body: HeartbeatBody, response: { 204: Type.Null(), ...errorResponses } },
    },
    async (req, reply) => {
      const node = nodeOf(req);
      await recordHeartbeat(deps.db, node.nodeId, req.body, req.ip, await centreVersion(), deps.clock(), heartbeats);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/fleet/stats',
    {
      config: nodeOnly,
      onRequest: authenticate,
      schema: {
        tags,
        summary: 'Trạm lọc gửi số liệu tổng hợp (Idempotency-Key) / node sends aggregate counters',
        security: [],
        body: StatsBody,
        response: { 200: Type.Object({ duplicate: Type.Literal(true) }), 202: Type.Object({ accepted: Type.Literal(true) }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const node = nodeOf(req);
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || !UUID.test(key)) throw new AppError(400, 'fleet.idempotency_key_required');
      const { duplicate } = await ingestStats(deps.db, node, key.toLowerCase(), req.body, deps.clock());
      return duplicate ? reply.status(200).send({ duplicate: true }) : reply.status(202).send({ accepted: true });
    },
  );
}
