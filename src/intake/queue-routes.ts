import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, IdParams, Page, Paging } from '../http/schemas.js';
import { AppError } from '../shared/errors.js';
import { cleanText } from '../shared/text.js';
import {
  DetectionRequestResponse,
  HandoverBody,
  MergeBody,
  RejectBody,
  ReportDetail,
  ReportListQuery,
  ReportStats,
  ReportSummary,
  StatsQuery,
} from './api-schemas.js';
import { toDetail, toSummary } from './present.js';
import { getReport } from './reports/get-report.js';
import { handOverReport } from './reports/hand-over.js';
import { listReports, type ReportPage } from './reports/list-reports.js';
import { mergeReport } from './reports/merge-reports.js';
import { reportStats } from './reports/report-stats.js';
import { sendToDetection } from './reports/send-to-detection.js';
import { acceptReport, rejectReport } from './reports/triage-report.js';
import type { IntakeReportsTable } from './tables.js';

const tags = ['intake'];

/** The intake officer's queue: list, overdue, statistics, one report, and the queue actions. */
export async function queueRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const page = (p: ReportPage) => ({ items: p.items.map((i) => toSummary(i.row, p.now, i.linkedCount)), total: p.total });

  app.get(
    '/intake/reports',
    {
      schema: {
        tags,
        summary: 'Hàng đợi báo cáo / the report queue (most urgent first)',
        querystring: ReportListQuery,
        response: { 200: Page(ReportSummary), ...errorResponses },
      },
    },
    async (req) => page(await listReports(ctxOf(req, deps), req.query)),
  );

  app.get(
    '/intake/reports/overdue',
    {
      schema: {
        tags,
        summary: 'Báo cáo quá hạn / overdue reports (SLA)',
        querystring: Type.Object(Paging),
        response: { 200: Page(ReportSummary), ...errorResponses },
      },
    },
    async (req) => page(await listReports(ctxOf(req, deps), { ...req.query, overdue: true })),
  );

  app.get(
    '/intake/stats',
    {
      schema: {
        tags,
        summary: 'Số liệu tổng hợp, không có dữ liệu cá nhân / aggregates, no personal data',
        querystring: StatsQuery,
        response: { 200: ReportStats, ...errorResponses },
      },
    },
    async (req) => reportStats(ctxOf(req, deps), req.query),
  );

  app.get(
    '/intake/reports/:id',
    {
      schema: {
        tags,
        summary: 'Một báo cáo (được ghi nhật ký) / one report (audited read)',
        params: IdParams,
        response: { 200: ReportDetail, ...errorResponses },
      },
    },
    async (req) => toDetail(deps.sealer, await getReport(ctxOf(req, deps), req.params.id, req.lang), deps.clock().toISOString(), req.lang),
  );

  // ── queue actions ────────────────────────────────────────────────────────────────────────
  const done = (r: IntakeReportsTable) => toSummary(r, deps.clock().toISOString());
  const actionResponse = { 200: ReportSummary, ...errorResponses };
  app.post('/intake/reports/:id/accept', { schema: { tags, summary: 'Tiếp nhận / accept', params: IdParams, response: actionResponse } }, async (req) =>
    done(await acceptReport(ctxOf(req, deps), req.params.id)),
  );
  app.post(
    '/intake/reports/:id/reject',
    {
      schema: {
        tags,
        summary: 'Loại: không thuộc phạm vi (bắt buộc lý do) / reject as not relevant (reason required)',
        params: IdParams,
        body: RejectBody,
        response: actionResponse,
      },
    },
    async (req) => {
      if (req.body.reason === 'other' && !cleanText(req.body.note ?? '')) throw new AppError(400, 'intake_reason_required');
      return done(await rejectReport(ctxOf(req, deps), req.params.id, req.body));
    },
  );
  app.post(
    '/intake/reports/:id/merge',
    { schema: { tags, summary: 'Gộp vào báo cáo khác / merge into another report', params: IdParams, body: MergeBody, response: actionResponse } },
    async (req) => done(await mergeReport(ctxOf(req, deps), req.params.id, req.body.into)),
  );
  app.post(
    '/intake/reports/:id/handover',
    { schema: { tags, summary: 'Bàn giao xử lý vụ việc / hand over for case work', params: IdParams, body: HandoverBody, response: actionResponse } },
    async (req) =>
      done(await handOverReport(ctxOf(req, deps), req.params.id, { ...req.body, unitId: req.body.unitId || null, agencyId: req.body.agencyId || null })),
  );
  app.post(
    '/intake/reports/:id/detection',
    {
      schema: {
        tags,
        summary: 'Gửi đường dẫn sang phát hiện / send the links to detection',
        params: IdParams,
        response: { 201: DetectionRequestResponse, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await sendToDetection(ctxOf(req, deps), req.params.id)),
  );
}
