import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.js';
import type { RouteModule } from '../http/app.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses } from '../http/schemas.js';
import { CodeParams, CsvQuery, IndicatorQuery, IndicatorsView, Ranking, Trend, TrendQuery } from './api-schemas.js';
import { exportIndicatorCsv } from './export-csv.js';
import { exportRawCsv } from './export-raw.js';
import './messages.js';
import { rankIndicator } from './rank-places.js';
import { readIndicators } from './read-indicators.js';
import { refreshRollup } from './refresh-rollup.js';
import { reportRoutes } from './report-routes.js';
import { indicatorTrend } from './trend.js';

const tags = ['indicators'];
/** How often the monthly rollup is brought up to date from the feeds. */
const ROLLUP_EVERY_MS = 10 * 60_000;

/**
 * The city's indicators: each route validates, calls one use case (which authorises through
 * indicator.policy.ts) and answers. Reports (.xlsx/.docx) are in report-routes.ts.
 */
export const indicatorRoutes: RouteModule = async (fastify: FastifyInstance, deps: Deps) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.jobs.add({ name: 'indicators.rollup', everyMs: ROLLUP_EVERY_MS, run: () => refreshRollup(deps.db.kysely, deps.clock()) });

  app.get(
    '/indicators',
    {
      schema: {
        tags,
        summary: 'Các chỉ số của thành phố, phường hoặc trường trong kỳ / the indicators of the city, a ward or a school',
        querystring: IndicatorQuery,
        response: { 200: IndicatorsView, ...errorResponses },
      },
    },
    async (req) => readIndicators(ctxOf(req, deps), req.query, req.lang),
  );

  app.get(
    '/indicators/export.csv',
    { schema: { tags, summary: 'Bảng số liệu của biểu đồ, dạng CSV (ẩn ô nhỏ) / a chart’s table as CSV (small cells suppressed)', querystring: CsvQuery } },
    async (req, reply) => {
      const { view, code, grain, ...q } = req.query;
      const csv = await exportIndicatorCsv(ctxOf(req, deps), view, { ...q, code, grain }, req.lang);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="chi-so-${view}-${q.from}-${q.to}.csv"`).send(csv);
    },
  );

  app.get(
    '/indicators/raw.csv',
    {
      schema: {
        tags,
        summary: 'Dữ liệu gốc đã ẩn danh, theo tháng (ẩn ô nhỏ, ghi nhật ký) / raw anonymised monthly data (audited)',
        querystring: IndicatorQuery,
      },
    },
    async (req, reply) => {
      const csv = await exportRawCsv(ctxOf(req, deps), req.query, req.lang);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="du-lieu-an-danh-${req.query.from}-${req.query.to}.csv"`)
        .send(csv);
    },
  );

  app.get(
    '/indicators/:code/ranking',
    {
      schema: {
        tags,
        summary: 'Xếp hạng phường (hoặc trường trong phường) theo chỉ số / wards (or a ward’s schools) ranked by an indicator',
        params: CodeParams,
        querystring: IndicatorQuery,
        response: { 200: Ranking, ...errorResponses },
      },
    },
    async (req) => ({ items: await rankIndicator(ctxOf(req, deps), req.params.code, req.query, req.lang) }),
  );

  app.get(
    '/indicators/:code/trend',
    {
      schema: {
        tags,
        summary: 'Xu hướng của chỉ số theo tháng, quý, nửa năm hoặc năm / an indicator over months, quarters, halves or years',
        params: CodeParams,
        querystring: TrendQuery,
        response: { 200: Trend, ...errorResponses },
      },
    },
    async (req) => {
      const { grain, ...q } = req.query;
      return { items: await indicatorTrend(ctxOf(req, deps), req.params.code, { ...q, grain: grain ?? 'month' }, req.lang) };
    },
  );

  reportRoutes(fastify, deps);
};
