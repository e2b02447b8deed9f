import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, IdParams, Page, Paging } from '../http/schemas.js';
import { AppError } from '../shared/errors.js';
import { Outreach, OutreachBody, Session, SessionBody, SessionQuery, Topic, TopicBody, Training, TrainingBody } from './api-schemas.js';
import './messages.js';
import { getOutreach, listOutreach } from './outreach/list-outreach.js';
import { createOutreach, deleteOutreach } from './outreach/save-outreach.js';
import { presentOutreach, presentSession, presentTopic, presentTraining } from './present.js';
import { GRADES_BY_LEVEL } from './sessions/grades-by-level.js';
import { getSession, listSessions } from './sessions/list-sessions.js';
import { createSession, deleteSession, updateSession } from './sessions/save-session.js';
import { listTopics } from './topics/list-topics.js';
import { createTopic, updateTopic } from './topics/save-topic.js';
import { getTraining, listTrainings } from './trainings/list-trainings.js';
import { createTraining, deleteTraining } from './trainings/save-training.js';

/** Topics, sessions, trainings and outreach: each route validates, authorises in its use case, presents. */
export async function programmeRecordRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['programmes'];

  app.get(
    '/programmes/topics',
    { schema: { tags, summary: 'Danh mục chủ đề / session topics', response: { 200: Type.Array(Topic), ...errorResponses } } },
    async (req) => (await listTopics(ctxOf(req, deps))).map(presentTopic),
  );
  app.post('/programmes/topics', { schema: { tags, body: TopicBody, response: { 201: Topic, ...errorResponses } } }, async (req, reply) =>
    reply.status(201).send(presentTopic(await createTopic(ctxOf(req, deps), req.body))),
  );
  app.patch(
    '/programmes/topics/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Partial(Type.Omit(TopicBody, ['code']), { additionalProperties: false, minProperties: 1 }),
        response: { 200: Topic, ...errorResponses },
      },
    },
    async (req) => presentTopic(await updateTopic(ctxOf(req, deps), req.params.id, req.body)),
  );

  // the console's session form offers only the grades the chosen school's level teaches: the
  // server's own rule, sent rather than copied into the console
  app.get(
    '/programmes/grades-by-level',
    {
      schema: {
        tags,
        summary: 'Khối lớp theo cấp học (khối đầu, khối cuối; 0 = mầm non) / grades each school level teaches (first, last)',
        response: { 200: Type.Record(Type.String(), Type.Tuple([Type.Integer(), Type.Integer()])), ...errorResponses },
      },
    },
    async (req) => {
      if (req.actor.kind !== 'user') throw new AppError(401, 'unauthenticated'); // reference data, but for staff
      return Object.fromEntries(Object.entries(GRADES_BY_LEVEL).map(([level, [first, last]]) => [level, [first, last] as [number, number]]));
    },
  );

  app.get(
    '/programmes/sessions',
    {
      schema: {
        tags,
        summary: 'Buổi giáo dục an toàn trên mạng / awareness sessions',
        querystring: SessionQuery,
        response: { 200: Page(Session), ...errorResponses },
      },
    },
    async (req) => {
      const { items, total } = await listSessions(ctxOf(req, deps), req.query);
      return { items: items.map((r) => presentSession(req.lang, r)), total };
    },
  );
  app.get('/programmes/sessions/:id', { schema: { tags, params: IdParams, response: { 200: Session, ...errorResponses } } }, async (req) =>
    presentSession(req.lang, await getSession(ctxOf(req, deps), req.params.id)),
  );
  app.post('/programmes/sessions', { schema: { tags, body: SessionBody, response: { 201: Session, ...errorResponses } } }, async (req, reply) => {
    const ctx = ctxOf(req, deps);
    const row = await createSession(ctx, req.body);
    return reply.status(201).send(presentSession(req.lang, await getSession(ctx, row.id)));
  });
  app.put(
    '/programmes/sessions/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Omit(SessionBody, ['schoolId'], { additionalProperties: false }),
        response: { 200: Session, ...errorResponses },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, deps);
      await updateSession(ctx, req.params.id, req.body);
      return presentSession(req.lang, await getSession(ctx, req.params.id));
    },
  );
  app.delete('/programmes/sessions/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await deleteSession(ctxOf(req, deps), req.params.id);
    return reply.status(204).send(null);
  });

  app.get(
    '/programmes/trainings',
    {
      schema: {
        tags,
        summary: 'Tập huấn cán bộ, giáo viên / staff trainings',
        querystring: Type.Object({ schoolId: Type.Optional(Type.String({ maxLength: 64 })), ...Paging }),
        response: { 200: Page(Training), ...errorResponses },
      },
    },
    async (req) => {
      const { items, total } = await listTrainings(ctxOf(req, deps), req.query);
      return { items: items.map(presentTraining), total };
    },
  );
  app.post('/programmes/trainings', { schema: { tags, body: TrainingBody, response: { 201: Training, ...errorResponses } } }, async (req, reply) => {
    const ctx = ctxOf(req, deps);
    const row = await createTraining(ctx, req.body);
    return reply.status(201).send(presentTraining(await getTraining(ctx, row.id)));
  });
  app.delete('/programmes/trainings/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await deleteTraining(ctxOf(req, deps), req.params.id);
    return reply.status(204).send(null);
  });

  app.get(
    '/programmes/outreach',
    {
      schema: {
        tags,
        summary: 'Tuyên truyền tại tổ dân phố, thôn, xóm / community outreach',
        querystring: Type.Object({ unitId: Type.Optional(Type.String({ maxLength: 16 })), ...Paging }),
        response: { 200: Page(Outreach), ...errorResponses },
      },
    },
    async (req) => {
      const { items, total } = await listOutreach(ctxOf(req, deps), req.query);
      return { items: items.map((r) => presentOutreach(req.lang, r)), total };
    },
  );
  app.post('/programmes/outreach', { schema: { tags, body: OutreachBody, response: { 201: Outreach, ...errorResponses } } }, async (req, reply) => {
    const ctx = ctxOf(req, deps);
    const row = await createOutreach(ctx, req.body);
    return reply.status(201).send(presentOutreach(req.lang, await getOutreach(ctx, row.id)));
  });
  app.delete('/programmes/outreach/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await deleteOutreach(ctxOf(req, deps), req.params.id);
    return reply.status(204).send(null);
  });
}
