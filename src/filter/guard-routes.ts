import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import { addGuardDecision } from './guard/add-guard-decision.js';
import { addGuardEntry } from './guard/add-guard-entry.js';
import { checkGuard } from './guard/check-guard.js';
import { listGuardDecisions } from './guard/list-guard-decisions.js';
import { listGuardEntries } from './guard/list-guard-entries.js';
import { presentGuardDecision, presentGuardEntry } from './guard/present.js';
import { removeGuardEntry } from './guard/remove-guard-entry.js';
import { revokeGuardDecision } from './guard/revoke-guard-decision.js';
import { updateGuardEntry } from './guard/update-guard-entry.js';
import * as S from './safety-api-schemas.js';
import './safety-messages.js';
import { displayNames } from '../org/users/names.js';

const tags = ['filter'];

/** The guard list (names no list may block) and the city's guard decisions (issue 11). */
export async function guardRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const names = (ids: (string | null)[]) => displayNames(deps.db.kysely, ids);

  app.get(
    '/filter/guard',
    { schema: { tags, summary: 'Danh sách bảo vệ / guard list', response: { 200: Type.Array(S.GuardEntry), ...errorResponses } } },
    async (req) => (await listGuardEntries(ctxOf(req, deps))).map(presentGuardEntry),
  );
  app.post('/filter/guard', { schema: { tags, body: S.GuardEntryBody, response: { 201: S.GuardEntry, ...errorResponses } } }, async (req, reply) =>
    reply.status(201).send(presentGuardEntry(await addGuardEntry(ctxOf(req, deps), req.body))),
  );
  app.get(
    '/filter/guard/check',
    {
      schema: { tags, querystring: Type.Object({ domain: Type.String({ minLength: 1, maxLength: 260 }) }), response: { 200: S.GuardCheck, ...errorResponses } },
    },
    async (req) => {
      const { domain, guard, decision } = await checkGuard(ctxOf(req, deps), req.query.domain);
      return {
        domain,
        guarded: !!guard,
        guard: guard ? presentGuardEntry(guard) : null,
        decision: decision ? presentGuardDecision(decision, await names([decision.decided_by])) : null,
      };
    },
  );
  app.get(
    '/filter/guard/decisions',
    {
      schema: {
        tags,
        querystring: Type.Object({ all: Type.Optional(Type.String({ maxLength: 5 })) }),
        response: { 200: Type.Array(S.GuardDecision), ...errorResponses },
      },
    },
    async (req) => {
      const rows = await listGuardDecisions(ctxOf(req, deps), req.query.all === '1');
      const byId = await names(rows.map((r) => r.decided_by));
      return rows.map((r) => presentGuardDecision(r, byId));
    },
  );
  app.post(
    '/filter/guard/decisions',
    { schema: { tags, body: S.GuardDecisionBody, response: { 201: S.GuardDecision, ...errorResponses } } },
    async (req, reply) => {
      const r = await addGuardDecision(ctxOf(req, deps), req.body);
      return reply.status(201).send(presentGuardDecision(r, await names([r.decided_by])));
    },
  );
  app.post(
    '/filter/guard/decisions/:id/revoke',
    { schema: { tags, params: IdParams, body: S.ReasonBody, response: { 200: S.GuardDecision, ...errorResponses } } },
    async (req) => {
      const r = await revokeGuardDecision(ctxOf(req, deps), req.params.id, req.body.reason);
      return presentGuardDecision(r, await names([r.decided_by]));
    },
  );
  app.patch(
    '/filter/guard/:domain',
    { schema: { tags, params: S.DomainParams, body: S.GuardPatchBody, response: { 200: S.GuardEntry, ...errorResponses } } },
    async (req) => presentGuardEntry(await updateGuardEntry(ctxOf(req, deps), req.params.domain, req.body)),
  );
  app.delete(
    '/filter/guard/:domain',
    { schema: { tags, params: S.DomainParams, body: S.ReasonBody, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      await removeGuardEntry(ctxOf(req, deps), req.params.domain, req.body.reason);
      return reply.status(204).send(null);
    },
  );
}
