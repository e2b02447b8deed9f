import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import { AppError } from '../shared/errors.js';
import { t } from '../shared/i18n.js';
import { ImportStarted, ImportState, PeriodQuery } from './api-import-schemas.js';
import { periodOf } from './coverage/periods.js';
import { readCoverageSettings } from './coverage/settings.js';
import { MAX_IMPORT_BYTES } from './import/columns.js';
import { importsRunning, readImport, startImport } from './import/run-import.js';
import { buildTemplate } from './import/template.js';
import './messages.js';
import { sessionPolicy } from './session.policy.js';

const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The .xlsx bulk entry of sessions: template download, upload, progress and per-row reasons. */
export async function programmeImportRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['programmes'];
  // an import in flight finishes (or fails) before the database closes
  app.addHook('onClose', async () => {
    await importsRunning();
  });

  app.get(
    '/programmes/import/template',
    {
      schema: {
        tags,
        summary: 'Tải mẫu nhập .xlsx / download the .xlsx template',
        querystring: PeriodQuery,
        produces: [XLSX],
        response: { 200: Binary, ...errorResponses },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      const period = req.query.period ? periodOf(req.query.period, await readCoverageSettings(deps.db.kysely)) : undefined;
      const bytes = await buildTemplate(ctx, period);
      return reply.header('content-type', XLSX).header('content-disposition', 'attachment; filename="mau-nhap-buoi-giao-duc.xlsx"').send(bytes);
    },
  );

  app.post(
    '/programmes/imports',
    {
      schema: {
        tags,
        summary: 'Tải lên tệp .xlsx đã điền (trường "file") / upload the filled template (multipart field "file")',
        consumes: ['multipart/form-data'],
        querystring: PeriodQuery,
        response: { 202: ImportStarted, ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] },
      },
    },
    async (req, reply) => {
      sessionPolicy.authorize(req.actor, 'import');
      if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', { type: req.headers['content-type'] ?? '-' });
      const file = await req.file();
      if (file?.fieldname !== 'file') throw new AppError(400, 'validation_failed', { detail: "'file'" });
      const bytes = await file.toBuffer();
      if (file.file.truncated) throw new AppError(413, 'programme_import_too_large', { limitMb: MAX_IMPORT_BYTES / (1024 * 1024) });
      const ctx = ctxOf(req, deps);
      const period = req.query.period ? periodOf(req.query.period, await readCoverageSettings(deps.db.kysely)) : undefined;
      const started = await startImport(ctx, bytes, period, (err) => req.log.error({ err }, 'programme import failed'));
      const p = started.period;
      return reply.status(202).send({ id: started.id, period: { key: p.key, from: p.from, to: p.to, label: p.label[req.lang] } });
    },
  );

  app.get('/programmes/imports/:id', { schema: { tags, params: IdParams, response: { 200: ImportState, ...errorResponses } } }, async (req) => {
    const s = await readImport(ctxOf(req, deps), req.params.id);
    return {
      ...s,
      rejected: s.rejected.map((r) => ({ sheet: r.sheet, line: r.line, column: r.column ?? '', code: r.code, reason: t(req.lang, r.code, r.params) })),
      error: s.error ? { code: s.error.code, message: t(req.lang, s.error.code, s.error.params) } : null,
    };
  });
}
