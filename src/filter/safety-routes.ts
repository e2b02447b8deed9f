import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import { cityFilterPolicy } from './filter.policy.js';
import { guardRoutes } from './guard-routes.js';
import { listGuardHits } from './lists/list-guard-hits.js';
import { approveHeldRefresh } from './lists/refresh/approve-held.js';
import { listHeldRefreshes } from './lists/refresh/list-held.js';
import { rejectHeldRefresh } from './lists/refresh/reject-held.js';
import { allowFromLive } from './live/allow-from-live.js';
import { listStaffBlocks } from './live/list-staff-blocks.js';
import { reportFromLive } from './live/report-from-live.js';
import { allowReview, declineReview, escalateReview } from './reviews/answer-review.js';
import { countReviews, listReviews } from './reviews/list-reviews.js';
import { presentReview } from './reviews/present.js';
import * as S from './safety-api-schemas.js';
import './safety-messages.js';
import { displayNames } from '../org/users/names.js';
import { blockPageStatus } from './say-true/blockpage-status.js';
import { categoryCoverage } from './say-true/category-coverage.js';
import { schoolAllowEffects } from './say-true/school-allow-effects.js';

/**
 * /api/v1/filter/… routes of the false-positive loop (issue 11): guard list and decisions, held
 * refreshes, review requests, what is true (allow effects, empty categories, block page), and the
 * staff-band live view. Validate → authorise (in the use case) → call → present.
 */
export async function filterSafetyRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['filter'];
  const db = deps.db.kysely;
  const names = (ids: (string | null)[]) => displayNames(db, ids);

  // guard list and decisions: guard-routes.ts
  await guardRoutes(fastify, deps);

  // ── lists: refused lines, held refreshes ─────────────────────────────────────────────────
  app.get('/filter/lists/:id/rejected', { schema: { tags, params: IdParams, response: { 200: S.ListRejected, ...errorResponses } } }, async (req) => {
    const rows = await listGuardHits(ctxOf(req, deps), req.params.id);
    return {
      listId: req.params.id,
      guarded: rows.slice(0, 1000).map((r) => ({ name: r.name, guard: r.guard_domain, reasonVi: r.reason_vi ?? '', reasonEn: r.reason_en ?? '' })),
      total: rows.length,
    };
  });
  app.get(
    '/filter/lists/held',
    { schema: { tags, summary: 'Lần làm mới đang chờ duyệt / held refreshes', response: { 200: Type.Array(S.HeldRefresh), ...errorResponses } } },
    async (req) => {
      cityFilterPolicy.authorize(req.actor, 'read');
      return listHeldRefreshes(db);
    },
  );
  app.post(
    '/filter/lists/held/:id/approve',
    {
      schema: {
        tags,
        params: IdParams,
        response: { 200: Type.Object({ list: Type.Object({ id: Type.String(), name: Type.String(), entries: Type.Integer() }) }), ...errorResponses },
      },
    },
    async (req) => {
      const r = await approveHeldRefresh(ctxOf(req, deps), req.params.id);
      return { list: { id: r.list.id, name: r.list.name, entries: Number(r.list.entry_count) } };
    },
  );
  app.post(
    '/filter/lists/held/:id/reject',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Optional(Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false })),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await rejectHeldRefresh(ctxOf(req, deps), req.params.id, req.body?.reason);
      return reply.status(204).send(null);
    },
  );

  // ── review requests ──────────────────────────────────────────────────────────────────────
  app.get(
    '/filter/reviews',
    { schema: { tags, summary: 'Yêu cầu xem xét / review requests', querystring: S.ReviewQuery, response: { 200: Type.Array(S.Review), ...errorResponses } } },
    async (req) => listReviews(db, req.actor, { status: req.query.status, schoolId: req.query.schoolId }),
  );
  app.get('/filter/reviews/counts', { schema: { tags, response: { 200: S.ReviewCounts, ...errorResponses } } }, async (req) => countReviews(db, req.actor));
  app.post(
    '/filter/reviews/:id/allow',
    { schema: { tags, params: IdParams, body: Type.Optional(S.AllowBody), response: { 200: S.AllowAnswer, ...errorResponses } } },
    async (req) => {
      const r = await allowReview(ctxOf(req, deps), req.params.id, req.body?.scope ?? 'school');
      return { review: presentReview(r.review, { users: await names([r.review.answered_by]) }), effect: r.effect };
    },
  );
  app.post(
    '/filter/reviews/:id/escalate',
    { schema: { tags, params: IdParams, body: Type.Optional(S.EscalateBody), response: { 200: S.Review, ...errorResponses } } },
    async (req) => presentReview(await escalateReview(ctxOf(req, deps), req.params.id, req.body?.note)),
  );
  app.post(
    '/filter/reviews/:id/decline',
    { schema: { tags, params: IdParams, body: S.ReasonBody, response: { 200: S.Review, ...errorResponses } } },
    async (req) => {
      const r = await declineReview(ctxOf(req, deps), req.params.id, req.body.reason);
      return presentReview(r, { users: await names([r.answered_by]) });
    },
  );

  // ── say what is true ─────────────────────────────────────────────────────────────────────
  app.get(
    '/filter/schools/:id/rules/effects',
    { schema: { tags, params: IdParams, response: { 200: Type.Array(S.AllowEffect), ...errorResponses } } },
    async (req) => schoolAllowEffects(ctxOf(req, deps), req.params.id),
  );
  app.get('/filter/categories/coverage', { schema: { tags, response: { 200: Type.Array(S.CategoryCoverage), ...errorResponses } } }, async (req) => {
    cityFilterPolicy.authorize(req.actor, 'read');
    return categoryCoverage(db);
  });
  app.get('/filter/bands/blockpage', { schema: { tags, response: { 200: S.BlockPageStatus, ...errorResponses } } }, async (req) => {
    cityFilterPolicy.authorize(req.actor, 'read');
    return blockPageStatus(deps);
  });

  // ── staff-band live view ─────────────────────────────────────────────────────────────────
  app.get(
    '/filter/live',
    {
      schema: { tags, querystring: Type.Object({ schoolId: Type.String({ minLength: 1, maxLength: 64 }) }), response: { 200: S.LiveView, ...errorResponses } },
    },
    async (req) => listStaffBlocks(req.actor, req.query.schoolId),
  );
  app.post(
    '/filter/live/allow',
    { schema: { tags, body: S.LiveAllowBody, response: { 200: Type.Object({ effect: S.AllowEffect }), ...errorResponses } } },
    async (req) => ({
      effect: await allowFromLive(ctxOf(req, deps), req.body.schoolId, req.body.domain),
    }),
  );
  app.post('/filter/live/report', { schema: { tags, body: S.LiveReportBody, response: { 201: S.Review, ...errorResponses } } }, async (req, reply) =>
    reply.status(201).send(presentReview(await reportFromLive(ctxOf(req, deps), req.body))),
  );
}
