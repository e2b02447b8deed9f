import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import { AppError } from '../shared/errors.js';
import { NotificationList, NotificationsQuery, Vocabulary } from './api-schemas.js';
import { listNotifications, markNotificationRead } from './notifications/notifications.js';
import { toNotification, toVocabulary } from './present.js';

const tags = ['intake'];

/** What the console shows around the queue: labels in the caller's language and their notifications. */
export async function notificationRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/intake/vocabulary',
    {
      schema: {
        tags,
        summary: 'Danh mục: loại sự việc, người báo, độ tuổi… / labels for categories, reporter kinds, age bands…',
        response: { 200: Vocabulary, ...errorResponses },
      },
    },
    async (req) => {
      // labels only, but for staff: the console asks after sign-in
      if (req.actor.kind !== 'user') throw new AppError(401, 'unauthenticated');
      return toVocabulary(req.lang);
    },
  );

  app.get(
    '/intake/notifications',
    {
      schema: {
        tags,
        summary: 'Thông báo của tôi / my notifications',
        querystring: NotificationsQuery,
        response: { 200: NotificationList, ...errorResponses },
      },
    },
    async (req) => {
      const { rows, unread } = await listNotifications(ctxOf(req, deps), req.query);
      return { items: rows.map((r) => toNotification(r, req.lang)), unread };
    },
  );
  app.post(
    '/intake/notifications/:id/read',
    { schema: { tags, summary: 'Đánh dấu đã đọc / mark as read', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      await markNotificationRead(ctxOf(req, deps), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
