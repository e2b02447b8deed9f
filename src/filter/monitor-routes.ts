import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import { acknowledgeAlert } from './alerts/acknowledge-alert.js';
import { listAlerts } from './alerts/list-alerts.js';
import { Alert, EngineStatus, QueryLogEntry, Stats, StatsQuery } from './api-schemas.js';
import { presentAlert, presentStats } from './present.js';
import { filterStats } from './stats/filter-stats.js';
import { engineStatus, recentQueryLog } from './status/engine-status.js';

const tags = ['filter'];

/** What the filter sees: aggregate statistics, the recent subnet log, the engine's status, alerts. */
export async function monitorRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/filter/stats',
    {
      schema: {
        tags,
        summary: 'Số lượt tra cứu bị chặn theo giờ / blocked look-ups per hour',
        querystring: StatsQuery,
        response: { 200: Stats, ...errorResponses },
      },
    },
    async (req) => presentStats(await filterStats(ctxOf(req, deps), req.query)),
  );

  app.get(
    '/filter/query-log',
    {
      schema: {
        tags,
        summary: 'Nhật ký truy vấn gần đây (chỉ dải mạng) / recent look-ups (subnet only)',
        response: { 200: Type.Array(QueryLogEntry), ...errorResponses },
      },
    },
    async (req) => recentQueryLog(ctxOf(req, deps)),
  );

  app.get('/filter/status', { schema: { tags, response: { 200: EngineStatus, ...errorResponses } } }, async (req) => engineStatus(ctxOf(req, deps)));

  app.get('/filter/alerts', { schema: { tags, response: { 200: Type.Array(Alert), ...errorResponses } } }, async (req) =>
    (await listAlerts(ctxOf(req, deps))).map(presentAlert),
  );
  app.post('/filter/alerts/:id/acknowledge', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await acknowledgeAlert(ctxOf(req, deps), req.params.id);
    return reply.status(204).send(null);
  });
}
