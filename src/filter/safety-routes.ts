import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import { notFound } from '../shared/errors.js';
import { cityFilterPolicy } from './filter.policy.js';
import { addGuardDecision } from './guard/add-guard-decision.js';
import { addGuardEntry } from './guard/add-guard-entry.js';
import { guardDomainOf } from './guard/guard-domain.js';
import { presentGuardDecision, presentGuardEntry } from './guard/present.js';
import { removeGuardEntry } from './guard/remove-guard-entry.js';
import { revokeGuardDecision } from './guard/revoke-guard-decision.js';
import { updateGuardEntry } from './guard/update-guard-entry.js';
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
  const userNames = async (ids: (string | null)[]) => {
    const want = [...new Set(ids.filter((x): x is string => !!x))];
    const rows = want.length ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', want).execute() : [];
    return new Map(rows.map((r) => [r.id, r.display_name]));
  };

  // ── guard list ─────────────────────────────────────────────────────────────────────────
  app.get(
    '/filter/guard',
    { schema: { tags, summary: 'Danh sách bảo vệ / guard list', response: { 200: Type.Array(S.GuardEntry), ...errorResponses } } },
    async (req) => {
      cityFilterPolicy.authorize(req.actor, 'read');
      const rows = await db.selectFrom('filter_guard_entries').selectAll().where('removed_at', 'is', null).orderBy('group_code').orderBy('domain').execute();
      return rows.map(presentGuardEntry);
    },
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
      cityFilterPolicy.authorize(req.actor, 'read');
      const domain = guardDomainOf(req.query.domain);
      const labels = domain.split('.');
      const suffixes = labels.map((_, i) => labels.slice(i).join('.'));
      const g = await db.selectFrom('filter_guard_entries').selectAll().where('domain', 'in', suffixes).where('removed_at', 'is', null).execute();
      const guard = g.sort((a, b) => b.domain.length - a.domain.length)[0] ?? null;
      const d = await db.selectFrom('filter_guard_decisions').selectAll().where('domain', 'in', suffixes).where('revoked_at', 'is', null).executeTakeFirst();
      return {
        domain,
        guarded: !!guard,
        guard: guard ? presentGuardEntry(guard) : null,
        decision: d ? presentGuardDecision(d, await userNames([d.decided_by])) : null,
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
      cityFilterPolicy.authorize(req.actor, 'read');
      let q = db.selectFrom('filter_guard_decisions').selectAll();
      if (req.query.all !== '1') q = q.where('revoked_at', 'is', null);
      const rows = await q.orderBy('decided_at', 'desc').limit(1000).execute();
      const names = await userNames(rows.map((r) => r.decided_by));
      return rows.map((r) => presentGuardDecision(r, names));
    },
  );
  app.post(
    '/filter/guard/decisions',
    { schema: { tags, body: S.GuardDecisionBody, response: { 201: S.GuardDecision, ...errorResponses } } },
    async (req, reply) => {
      const r = await addGuardDecision(ctxOf(req, deps), req.body);
      return reply.status(201).send(presentGuardDecision(r, await userNames([r.decided_by])));
    },
  );
  app.post(
    '/filter/guard/decisions/:id/revoke',
    { schema: { tags, params: IdParams, body: S.ReasonBody, response: { 200: S.GuardDecision, ...errorResponses } } },
    async (req) => {
      const r = await revokeGuardDecision(ctxOf(req, deps), req.params.id, req.body.reason);
      return presentGuardDecision(r, await userNames([r.decided_by]));
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

  // ── lists: refused lines, held refreshes ─────────────────────────────────────────────────
  app.get('/filter/lists/:id/rejected', { schema: { tags, params: IdParams, response: { 200: S.ListRejected, ...errorResponses } } }, async (req) => {
    cityFilterPolicy.authorize(req.actor, 'read');
    if (!(await db.selectFrom('filter_lists').select('id').where('id', '=', req.params.id).executeTakeFirst())) throw notFound();
    const rows = await db
      .selectFrom('filter_list_guard_hits as h')
      .leftJoin('filter_guard_entries as g', 'g.domain', 'h.guard_domain')
      .select(['h.name', 'h.guard_domain', 'g.reason_vi', 'g.reason_en'])
      .where('h.list_id', '=', req.params.id)
      .orderBy('h.name')
      .execute();
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
      return { review: presentReview(r.review, { users: await userNames([r.review.answered_by]) }), effect: r.effect };
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
      return presentReview(r, { users: await userNames([r.answered_by]) });
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
