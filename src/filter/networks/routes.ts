import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../context.js';
import { ctxOf } from '../../http/ctx.js';
import { errorResponses, IdParams, Nullable } from '../../http/schemas.js';
import { BANDS } from '../model.js';
import { assignRange, unassignRange } from './assign-range.js';
import { claimNetwork } from './claim-network.js';
import { listConflicts } from './conflicts.js';
import { listAssignedRanges, listNetworks } from './list-networks.js';
import './messages.js';
import { releaseNetwork } from './release-network.js';

const tags = ['filter'];
const BandT = Type.Union(BANDS.map((b) => Type.Literal(b)));
const Cidr = Type.String({ minLength: 1, maxLength: 64 });
const SchoolQuery = Type.Object({ schoolId: Type.Optional(Type.String({ maxLength: 64 })) });

export const NetworkSchema = Type.Object({ id: Type.String(), schoolId: Type.String(), band: BandT, cidr: Type.String(), note: Nullable(Type.String()) });
export const NetworkBody = Type.Object(
  { schoolId: Type.String({ maxLength: 64 }), band: BandT, cidr: Cidr, note: Type.Optional(Nullable(Type.String({ maxLength: 200 }))) },
  { additionalProperties: false },
);
export const AssignedRangeSchema = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  cidr: Type.String(),
  note: Nullable(Type.String()),
  createdAt: Type.String(),
});
export const AssignedRangeBody = Type.Object(
  { schoolId: Type.String({ maxLength: 64 }), cidr: Cidr, note: Type.Optional(Nullable(Type.String({ maxLength: 200 }))) },
  { additionalProperties: false },
);
const Side = Type.Object({
  kind: Type.Union([Type.Literal('network'), Type.Literal('assigned')]),
  id: Type.String(),
  schoolId: Type.String(),
  schoolCode: Type.String(),
  schoolName: Type.String(),
  cidr: Type.String(),
});
export const ConflictSchema = Type.Object({ outer: Side, inner: Side });

/**
 * /api/v1/filter/networks and /api/v1/filter/assigned-ranges: who holds which addresses on the
 * DNS filter (rules in ownership.ts). Registered by src/filter/routes.ts.
 */
export async function networkRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/filter/networks', { schema: { tags, querystring: SchoolQuery, response: { 200: Type.Array(NetworkSchema), ...errorResponses } } }, async (req) =>
    listNetworks(ctxOf(req, deps), req.query.schoolId),
  );
  app.post(
    '/filter/networks',
    {
      schema: {
        tags,
        summary: 'Khai báo dải mạng của trường / declare a school network (inside its assigned ranges, never another school’s)',
        body: NetworkBody,
        response: { 201: Type.Object({ id: Type.String(), cidr: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await claimNetwork(ctxOf(req, deps), req.body)),
  );
  app.delete('/filter/networks/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await releaseNetwork(ctxOf(req, deps), req.params.id);
    return reply.status(204).send(null);
  });
  app.get(
    '/filter/networks/conflicts',
    {
      schema: {
        tags,
        summary: 'Dải mạng trùng nhau giữa các trường / ranges of different schools that overlap',
        response: { 200: Type.Array(ConflictSchema), ...errorResponses },
      },
    },
    async (req) => listConflicts(ctxOf(req, deps)),
  );

  app.get(
    '/filter/assigned-ranges',
    {
      schema: {
        tags,
        summary: 'Dải mạng Thành phố giao cho trường / ranges the city assigned',
        querystring: SchoolQuery,
        response: { 200: Type.Array(AssignedRangeSchema), ...errorResponses },
      },
    },
    async (req) => listAssignedRanges(ctxOf(req, deps), req.query.schoolId),
  );
  app.post(
    '/filter/assigned-ranges',
    { schema: { tags, body: AssignedRangeBody, response: { 201: AssignedRangeSchema, ...errorResponses } } },
    async (req, reply) => {
      const r = await assignRange(ctxOf(req, deps), req.body);
      return reply.status(201).send({ id: r.id, schoolId: r.school_id, cidr: r.cidr, note: r.note, createdAt: r.created_at });
    },
  );
  app.delete('/filter/assigned-ranges/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await unassignRange(ctxOf(req, deps), req.params.id);
    return reply.status(204).send(null);
  });
}
