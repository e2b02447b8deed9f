import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, IdParams, Nullable, Page, Paging, Text } from '../http/schemas.js';
import { AppError } from '../shared/errors.js';
import { jsonOr } from '../shared/json.js';
import './messages.js';
import { type Answers, CHECKLIST_ITEMS } from './safety/checklist-items.js';
import { getChecklist, listChecklists } from './safety/list-checklists.js';
import { reviewChecklist } from './safety/review-checklist.js';
import { listPlatforms, savePlatforms } from './safety/save-platforms.js';
import { submitChecklist } from './safety/submit-checklist.js';

const Status = Type.Union([Type.Literal('submitted'), Type.Literal('approved'), Type.Literal('returned')]);
export const ChecklistItem = Type.Object({ code: Type.String(), weight: Type.Integer(), label: Type.String() });
const Answer = Type.Object({ met: Type.Boolean(), evidence: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }, { additionalProperties: false });
const ChecklistBody = Type.Object(
  {
    schoolId: Type.String({ minLength: 1, maxLength: 64 }),
    assessedOn: Type.String({ minLength: 10, maxLength: 10 }),
    answers: Type.Record(Type.String({ maxLength: 40 }), Answer, { maxProperties: 20 }),
  },
  { additionalProperties: false },
);
export const Checklist = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  unitId: Type.String(),
  assessedOn: Type.String(),
  answers: Type.Record(Type.String(), Type.Object({ met: Type.Boolean(), evidence: Nullable(Type.String()) })),
  selfScore: Type.Number(),
  status: Status,
  score: Nullable(Type.Number()),
  reviewNote: Nullable(Type.String()),
  reviewedAt: Nullable(Type.String()),
});
const ReviewBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('approve'), Type.Literal('return')]),
    notAccepted: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
    note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  },
  { additionalProperties: false },
);
export const Platform = Type.Object({ id: Type.String(), name: Type.String(), domain: Type.String() });
const PlatformsBody = Type.Object(
  {
    platforms: Type.Array(Type.Object({ name: Text(120), domain: Type.String({ minLength: 1, maxLength: 253 }) }, { additionalProperties: false }), {
      maxItems: 50,
    }),
  },
  { additionalProperties: false },
);

type ChecklistRow = Awaited<ReturnType<typeof getChecklist>>;
const present = (r: ChecklistRow) => ({
  id: r.id,
  schoolId: r.school_id,
  schoolName: r.school_name,
  unitId: r.unit_id,
  assessedOn: r.assessed_on,
  answers: jsonOr<Answers>(r.answers, {}),
  selfScore: Number(r.self_score),
  status: r.status,
  score: r.score === null ? null : Number(r.score),
  reviewNote: r.review_note,
  reviewedAt: r.reviewed_at,
});

/** Information safety: the self-assessment checklist and its review, and approved learning platforms. */
export async function programmeSafetyRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['programmes'];

  app.get(
    '/programmes/checklist-items',
    { schema: { tags, summary: 'Các mục tự đánh giá an toàn thông tin / checklist items', response: { 200: Type.Array(ChecklistItem), ...errorResponses } } },
    async (req) => {
      if (req.actor.kind !== 'user') throw new AppError(401, 'unauthenticated'); // labels, but for staff
      return CHECKLIST_ITEMS.map((i) => ({ code: i.code, weight: i.weight, label: i[req.lang] }));
    },
  );
  app.get(
    '/programmes/checklists',
    {
      schema: {
        tags,
        querystring: Type.Object({ schoolId: Type.Optional(Type.String({ maxLength: 64 })), status: Type.Optional(Status), ...Paging }),
        response: { 200: Page(Checklist), ...errorResponses },
      },
    },
    async (req) => {
      const { items, total } = await listChecklists(ctxOf(req, deps), req.query);
      return { items: items.map(present), total };
    },
  );
  app.post('/programmes/checklists', { schema: { tags, body: ChecklistBody, response: { 201: Checklist, ...errorResponses } } }, async (req, reply) => {
    const ctx = ctxOf(req, deps);
    const row = await submitChecklist(ctx, req.body);
    return reply.status(201).send(present(await getChecklist(ctx, row.id)));
  });
  app.post(
    '/programmes/checklists/:id/review',
    { schema: { tags, params: IdParams, body: ReviewBody, response: { 200: Checklist, ...errorResponses } } },
    async (req) => {
      const ctx = ctxOf(req, deps);
      await reviewChecklist(ctx, req.params.id, req.body);
      return present(await getChecklist(ctx, req.params.id));
    },
  );

  app.get(
    '/programmes/schools/:id/learning-platforms',
    { schema: { tags, params: IdParams, response: { 200: Type.Array(Platform), ...errorResponses } } },
    async (req) => listPlatforms(ctxOf(req, deps), req.params.id),
  );
  app.put(
    '/programmes/schools/:id/learning-platforms',
    { schema: { tags, params: IdParams, body: PlatformsBody, response: { 200: Type.Array(Platform), ...errorResponses } } },
    async (req) => {
      const ctx = ctxOf(req, deps);
      await savePlatforms(ctx, req.params.id, req.body.platforms);
      return listPlatforms(ctx, req.params.id);
    },
  );
}
