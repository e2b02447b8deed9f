import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import { GenerateReportBody, ReportIssuer, ReportIssuerBody, ReportList, ReportSummary } from './api-schemas.js';
import { attachment } from './file-names.js';
import { generateDueReports, generateReport } from './generate-report.js';
import { indicatorReportPolicy } from './indicator.policy.js';
import { listReports, readReportFile } from './list-reports.js';
import { KIND_LABELS } from './report-content.js';
import { readIssuer, saveIssuer } from './report-issuer.js';
import type { ReportKind } from './tables.js';

const tags = ['indicators'];
const MIME = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

type Row = {
  id: string;
  kind: ReportKind;
  period_from: string;
  period_to: string;
  number: string;
  title: string;
  origin: 'schedule' | 'request';
  created_at: string;
};
const present = (r: Row, lang: 'vi' | 'en', sizes: { xlsxBytes: number; docxBytes: number }) => ({
  id: r.id,
  kind: r.kind,
  kindLabel: KIND_LABELS[r.kind][lang],
  from: r.period_from,
  to: r.period_to,
  number: r.number,
  title: r.title,
  origin: r.origin,
  createdAt: r.created_at,
  ...sizes,
});

/** Periodic and ad-hoc reports: generate (on request, or by the daily schedule job), list, download. */
export function reportRoutes(fastify: FastifyInstance, deps: Deps): void {
  const typed = fastify.withTypeProvider<TypeBoxTypeProvider>();
  typed.jobs.add({ name: 'indicators.scheduled-reports', everyMs: 6 * 3_600_000, run: () => generateDueReports(deps) });

  typed.post(
    '/indicators/reports',
    {
      schema: {
        tags,
        summary: 'Lập báo cáo định kỳ hoặc đột xuất (.xlsx và .docx) / generate a periodic or ad-hoc report',
        description:
          'monthly/quarterly/half_year need `year` and `index` (month 1–12, quarter 1–4, half 1–2); annual needs `year`; ad_hoc needs `from` and `to`.',
        body: GenerateReportBody,
        response: { 201: ReportSummary, ...errorResponses },
      },
    },
    async (req, reply) => {
      const r = await generateReport(ctxOf(req, deps), req.body);
      return reply.status(201).send(present(r, req.lang, r));
    },
  );

  typed.get(
    '/indicators/reports',
    { schema: { tags, summary: 'Các báo cáo đã lập / generated reports', response: { 200: ReportList, ...errorResponses } } },
    async (req) => ({
      items: (await listReports(ctxOf(req, deps))).map((r) => present(r, req.lang, { xlsxBytes: Number(r.xlsx_bytes), docxBytes: Number(r.docx_bytes) })),
    }),
  );

  typed.get(
    '/indicators/report-issuer',
    {
      schema: {
        tags,
        summary: 'Cơ quan ban hành và người ký báo cáo / who issues and signs the reports',
        response: { 200: ReportIssuer, ...errorResponses },
      },
    },
    async (req) => {
      indicatorReportPolicy.authorize(ctxOf(req, deps).actor, 'read');
      return readIssuer(deps.db.kysely);
    },
  );

  typed.put(
    '/indicators/report-issuer',
    {
      schema: {
        tags,
        summary: 'Đặt cơ quan ban hành và người ký cho các báo cáo lập từ nay / set who issues and signs reports generated from now on',
        body: ReportIssuerBody,
        response: { 200: ReportIssuer, ...errorResponses },
      },
    },
    async (req) => saveIssuer(ctxOf(req, deps), req.body),
  );

  for (const format of ['xlsx', 'docx'] as const) {
    typed.get(
      `/indicators/reports/:id/${format}`,
      { schema: { tags, summary: `Tải báo cáo (.${format}) / download a report`, params: IdParams } },
      async (req, reply) => {
        const file = await readReportFile(ctxOf(req, deps), req.params.id, format);
        return reply.type(MIME[format]).header('content-disposition', attachment(file.title, format)).send(file.bytes);
      },
    );
  }
}
