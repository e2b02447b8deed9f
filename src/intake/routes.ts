import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.js';
import { type PreparedEvidence, prepareEvidence, requestDecodeCost } from '../evidence/prepare.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import { AppError } from '../shared/errors.js';
import { PartnerReport, SubmitResponse } from './api-schemas.js';
import { limiterFor } from './limits.js';
import './messages.js';
import { notificationRoutes } from './notification-routes.js';
import { MailSender } from './notify.js';
import { fromPartner } from './present.js';
import { queueRoutes } from './queue-routes.js';
import { reportPolicy } from './report.policy.js';
import { sweepOverdue } from './reports/sweep-overdue.js';
import { settingsRoutes } from './settings-routes.js';
import { submitReport } from './submit.js';
import { previewReportEvidence, revealReportEvidence } from './view-evidence.js';

const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
const PARTNER_BODY_LIMIT = 60 * 1024 * 1024;

export async function intakeRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['intake'];
  const limiter = limiterFor(deps, deps.config.intakeIpLimit, deps.config.intakeGlobalLimit);

  // Background work of this process, run by the app's job runner (shared/jobs.ts: started on
  // listen, stopped on close, failures logged, counted and shown on /readyz): e-mail delivery and
  // SLA sweeps.
  const mailer = new MailSender(deps);
  app.decorate('intakeMailer', mailer);
  if (mailer.enabled) app.jobs.add({ name: 'intake.mail', everyMs: 5_000, run: () => mailer.runOnce() });
  app.jobs.add({ name: 'intake.sla-sweep', everyMs: 60_000, run: () => sweepOverdue(deps) });
  app.addHook('onClose', async () => {
    await mailer.stop();
  });

  // ── partner intake ───────────────────────────────────────────────────────────────────────
  app.post(
    '/intake/reports',
    {
      bodyLimit: PARTNER_BODY_LIMIT,
      config: { rateLimit: false },
      // JSON only: anything else is refused before it is parsed.
      onRequest: async (req) => {
        if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? ''))
          throw new AppError(415, 'unsupported_media_type', { type: String(req.headers['content-type'] ?? '-').slice(0, 80) });
        const enc = req.headers['content-encoding'];
        if (enc && enc !== 'identity') throw new AppError(415, 'unsupported_media_type', { type: `content-encoding ${String(enc).slice(0, 40)}` });
      },
      schema: {
        tags,
        summary: 'Gửi phản ánh (đối tác, token reports:write) / submit a report (partner API)',
        description:
          'JSON intake for the 111 helpline, platforms, schools and citizen apps. Send an `Idempotency-Key` header (1–200 characters): retries with the same key and body return the same report (200, replayed=true) — never a second one; the same key with a different body is refused (409). Files: either hashes only (sha256/md5) or the bytes in contentBase64 (images are re-encoded, metadata stripped).',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        body: PartnerReport,
        response: { 201: SubmitResponse, 200: SubmitResponse, ...errorResponses, 413: errorResponses[400], 415: errorResponses[400], 422: errorResponses[400] },
      },
    },
    async (req, reply) => {
      reportPolicy.authorize(req.actor, 'submit');
      if (req.actor.kind === 'anonymous') throw new AppError(401, 'unauthenticated');
      if (req.actor.kind === 'token' && !(await limiter.allowToken(req.actor.id))) throw new AppError(429, 'intake_rate_limited');
      const key = req.headers['idempotency-key'];
      if (req.actor.kind === 'token' && !key) throw new AppError(400, 'validation_failed', { detail: 'Idempotency-Key' });
      const incoming = (req.body.files ?? []).flatMap((f) =>
        f.contentBase64 ? [{ filename: f.filename ?? 'file', bytes: Buffer.from(f.contentBase64, 'base64') }] : [],
      );
      // decode cost of all files together, from their headers, before any is decoded (evidence/prepare.ts)
      await requestDecodeCost(incoming);
      const files: PreparedEvidence[] = [];
      for (const f of incoming) files.push(await prepareEvidence(deps.sealer, f));
      const input = fromPartner(req.body);
      const scope = req.actor.kind === 'token' ? `token:${req.actor.id}` : `user:${req.actor.id ?? 'system'}`;
      const result = await submitReport(ctxOf(req, deps), input, {
        source: req.actor.kind === 'token' ? 'partner' : 'web',
        idempotency: key ? { scope, key } : undefined,
        ipKey: null,
        files,
        spam: { score: 0, reasons: [] },
      });
      const { created, ...out } = result;
      return reply.status(created ? 201 : 200).send({ ...out, priority: out.priority as 'p1', status: out.status as 'new', replayed: !created });
    },
  );

  await queueRoutes(fastify, deps);
  await settingsRoutes(fastify, deps);
  await notificationRoutes(fastify, deps);

  // ── evidence (the evidence module's blurred preview and reveal with reason, view-evidence.ts) ──
  app.get(
    '/intake/evidence/:id/preview',
    {
      schema: {
        tags,
        summary: 'Ảnh bằng chứng, làm mờ / evidence image, blurred (image/jpeg)',
        params: IdParams,
        produces: ['image/jpeg'],
        response: { 200: Binary, ...errorResponses },
      },
    },
    async (req, reply) => {
      const blurred = await previewReportEvidence(ctxOf(req, deps), req.params.id);
      return reply.header('cache-control', 'no-store').type('image/jpeg').send(blurred);
    },
  );
  app.post(
    '/intake/evidence/:id/reveal',
    {
      schema: {
        tags,
        summary: 'Xem bản gốc (bắt buộc lý do, ghi nhật ký) / the unblurred file (reason required, audited)',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 5, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: Binary, ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await revealReportEvidence(ctxOf(req, deps), req.params.id, req.body.reason);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('x-content-type-options', 'nosniff')
        .type(file.mime ?? 'application/octet-stream')
        .send(file.bytes);
    },
  );
}

declare module 'fastify' {
  interface FastifyInstance {
    intakeMailer?: MailSender;
  }
}
