import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, UserActor } from '../access/actor.js';
import { whereScope } from '../access/scope-sql.js';
import { appendAudit } from '../audit/append.js';
import type { Deps } from '../context.js';
import type { Tx } from '../db/database.js';
import { type PreparedEvidence, prepareEvidence, requestDecodeCost } from '../evidence/prepare.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, IdParams, Nullable, Page, Paging } from '../http/schemas.js';
import { AppError, notFound } from '../shared/errors.js';
import { langFromHeader, t } from '../shared/i18n.js';
import { newId } from '../shared/ids.js';
import { cleanText } from '../shared/text.js';
import {
  CategoryT,
  Notification,
  PartnerReport,
  PriorityRule,
  PriorityT,
  ReportDetail,
  ReportSummary,
  RoutingRule,
  SlaSetting,
  StatusT,
  SubmitResponse,
} from './api-schemas.js';
import { limiterFor } from './limits.js';
import './messages.js';
import { MailSender } from './notify.js';
import { intakeSettingsPolicy, reportPolicy } from './report.policy.js';
import { invalidateRules } from './rules.js';
import { type ReportInput, submitReport } from './submit.js';
import type { IntakeReportsTable } from './tables.js';
import { acceptReport, handOverReport, mergeReport, rejectReport, sendToDetection, sweepOverdue } from './triage.js';
import { previewReportEvidence, revealReportEvidence } from './view-evidence.js';
import { AGE_BANDS, CATEGORIES, PLATFORM_LABELS, PUBLIC_STAGES, REJECT_REASONS, REPORTER_KINDS, WHEN } from './vocab.js';

const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
const PARTNER_BODY_LIMIT = 60 * 1024 * 1024;

export function toSummary(r: IntakeReportsTable, now: string, linkedCount = 0) {
  const open = r.status === 'new' || r.status === 'accepted';
  return {
    id: r.id,
    trackingCode: r.tracking_code,
    status: r.status,
    priority: r.priority,
    categories: JSON.parse(r.categories) as string[],
    imminentDanger: r.imminent_danger === 1,
    source: r.source,
    reporterKind: r.reporter_kind,
    ageBand: r.age_band,
    unitId: r.unit_id,
    platform: r.platform,
    agencyId: r.agency_id,
    handoverUnitId: r.handover_unit_id,
    handoverAgencyId: r.handover_agency_id,
    ackDueAt: r.ack_due_at,
    actionDueAt: r.action_due_at,
    acknowledgedAt: r.acknowledged_at,
    firstActionAt: r.first_action_at,
    overdue: open && ((!r.acknowledged_at && r.ack_due_at < now) || (!r.first_action_at && r.action_due_at < now)),
    spamScore: r.spam_score,
    spamReasons: JSON.parse(r.spam_reasons) as string[],
    urlCount: r.url_count,
    fileCount: r.file_count,
    linkedCount,
    createdAt: r.created_at,
  };
}

/** Partner JSON → the one input shape the use case knows. */
function fromPartner(body: typeof PartnerReport.static): ReportInput {
  return {
    reporterKind: body.reporter?.kind ?? 'organisation',
    categories: body.incidentTypes,
    imminentDanger: body.imminentDanger ?? false,
    description: body.description ?? '',
    urls: body.urls ?? [],
    accounts: (body.reportedAccounts ?? []).map((a) => a.account),
    platform: body.platform ?? body.reportedAccounts?.[0]?.platform ?? null,
    when: body.incident?.when ?? 'unknown',
    incidentDate: body.incident?.date ?? null,
    ageBand: body.victim?.ageBand ?? 'unknown',
    unitId: body.victim?.unitId ?? null,
    contact: body.reporter ? { name: body.reporter.name, phone: body.reporter.phone, email: body.reporter.email } : null,
    consent: body.reporter?.consentToContact ?? false,
    lang: body.lang ?? 'vi',
    fileHashes: (body.files ?? []).filter((f) => !f.contentBase64 && (f.sha256 || f.md5)).map((f) => ({ sha256: f.sha256, md5: f.md5 })),
    extra: { partnerReference: body.partnerReference ?? null, reportedAccounts: body.reportedAccounts ?? [] },
  };
}

const userOf = (a: Actor): UserActor | null => (a.kind === 'user' ? a : null);

/** Audience filter for the signed-in user's notifications: their role, ward, agency or themselves. */
function audienceOf(u: UserActor) {
  return [
    { audience: 'role' as const, id: u.role },
    { audience: 'user' as const, id: u.id },
    ...(u.unitId ? [{ audience: 'unit' as const, id: u.unitId }] : []),
    ...(u.agencyId ? [{ audience: 'agency' as const, id: u.agencyId }] : []),
  ];
}

export async function intakeRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['intake'];
  const limiter = limiterFor(deps, deps.config.intakeIpLimit, deps.config.intakeGlobalLimit);

  // Background work of this process: e-mail delivery and SLA sweeps; stopped with the app.
  const mailer = new MailSender(deps);
  app.decorate('intakeMailer', mailer);
  mailer.start();
  const sweep = setInterval(() => void sweepOverdue(deps).catch(() => {}), 60_000);
  sweep.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    await mailer.stop();
  });

  /** Rules and SLA settings change as a whole: one transaction, one audit entry, then the rules cache is dropped. */
  const saveSettings = async (req: FastifyRequest, action: string, detail: Record<string, unknown>, write: (trx: Tx) => Promise<void>) => {
    await deps.db.kysely.transaction().execute(async (trx) => {
      await write(trx);
      await appendAudit(trx, { actor: req.actor, origin: { ip: req.ip }, action, subjectType: 'intake_settings', detail }, deps.clock);
    });
    invalidateRules(deps.db.kysely);
  };

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
      if (req.actor.kind === 'token' && !limiter.allowToken(req.actor.id)) throw new AppError(429, 'intake_rate_limited');
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

  // ── the queue ────────────────────────────────────────────────────────────────────────────
  const ListQuery = Type.Object({
    status: Type.Optional(StatusT),
    priority: Type.Optional(PriorityT),
    category: Type.Optional(CategoryT),
    unitId: Type.Optional(Type.String({ maxLength: 16 })),
    agencyId: Type.Optional(Type.String({ maxLength: 64 })),
    overdue: Type.Optional(Type.Boolean()),
    spam: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 20, description: 'tracking code' })),
    ...Paging,
  });

  type ListQueryT = typeof ListQuery.static;
  async function listReports(req: FastifyRequest, query: ListQueryT) {
    reportPolicy.authorize(req.actor, 'read');
    const { status, priority, category, unitId, agencyId, overdue, spam, q, limit = 50, offset = 0 } = query;
    const now = deps.clock().toISOString();
    let qb = whereScope(deps.db.kysely.selectFrom('intake_reports'), reportPolicy.listScope(req.actor, 'read'));
    if (status) qb = qb.where('status', '=', status);
    if (priority) qb = qb.where('priority', '=', priority);
    if (category) qb = qb.where('categories', 'like', `%"${category}"%`);
    if (unitId) qb = qb.where('unit_id', '=', unitId);
    if (agencyId) qb = qb.where('agency_id', '=', agencyId);
    if (spam !== undefined) qb = qb.where('spam_score', spam ? '>' : '=', 0);
    if (q) qb = qb.where('tracking_code', '=', q.toUpperCase());
    if (overdue) {
      qb = qb
        .where('status', 'in', ['new', 'accepted'])
        .where((eb) =>
          eb.or([
            eb.and([eb('acknowledged_at', 'is', null), eb('ack_due_at', '<', now)]),
            eb.and([eb('first_action_at', 'is', null), eb('action_due_at', '<', now)]),
          ]),
        );
    }
    const [rows, total] = await Promise.all([
      qb.selectAll().orderBy('priority').orderBy('created_at').orderBy('id').limit(limit).offset(offset).execute(),
      qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    const ids = rows.map((r) => r.id);
    const counts = ids.length
      ? await deps.db.kysely
          .selectFrom('intake_links')
          .select(['report_id'])
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('report_id', 'in', ids)
          .groupBy('report_id')
          .execute()
      : [];
    const back = ids.length
      ? await deps.db.kysely
          .selectFrom('intake_links')
          .select(['other_id'])
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('other_id', 'in', ids)
          .groupBy('other_id')
          .execute()
      : [];
    const linked = new Map<string, number>();
    for (const c of counts) linked.set(c.report_id, Number(c.n));
    for (const c of back) linked.set(c.other_id, (linked.get(c.other_id) ?? 0) + Number(c.n));
    await appendAudit(
      deps.db.kysely,
      {
        actor: req.actor,
        origin: { ip: req.ip },
        action: 'intake_report.listed',
        subjectType: 'intake_report',
        detail: { count: rows.length, filters: query },
      },
      deps.clock,
    );
    return { items: rows.map((r) => toSummary(r, now, linked.get(r.id) ?? 0)), total: Number(total.n) };
  }

  app.get(
    '/intake/reports',
    {
      schema: {
        tags,
        summary: 'Hàng đợi báo cáo / the report queue (most urgent first)',
        querystring: ListQuery,
        response: { 200: Page(ReportSummary), ...errorResponses },
      },
    },
    async (req) => listReports(req, req.query),
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
    async (req) => listReports(req, { ...req.query, overdue: true }),
  );

  app.get(
    '/intake/stats',
    {
      schema: {
        tags,
        summary: 'Số liệu tổng hợp, không có dữ liệu cá nhân / aggregates, no personal data',
        querystring: Type.Object({ from: Type.Optional(Type.String({ format: 'date-time' })), to: Type.Optional(Type.String({ format: 'date-time' })) }),
        response: {
          200: Type.Object({
            total: Type.Integer(),
            byStatus: Type.Record(Type.String(), Type.Integer()),
            byPriority: Type.Record(Type.String(), Type.Integer()),
            byCategory: Type.Record(Type.String(), Type.Integer()),
            byUnit: Type.Record(Type.String(), Type.Integer()),
            overdue: Type.Integer(),
            flaggedSpam: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      reportPolicy.authorize(req.actor, 'aggregate');
      let q = deps.db.kysely.selectFrom('intake_reports');
      if (req.query.from) q = q.where('created_at', '>=', req.query.from);
      if (req.query.to) q = q.where('created_at', '<', req.query.to);
      const now = deps.clock().toISOString();
      const rows = await q
        .select(['status', 'priority', 'categories', 'unit_id', 'spam_score', 'acknowledged_at', 'first_action_at', 'ack_due_at', 'action_due_at'])
        .execute();
      const out = {
        total: rows.length,
        byStatus: {} as Record<string, number>,
        byPriority: {} as Record<string, number>,
        byCategory: {} as Record<string, number>,
        byUnit: {} as Record<string, number>,
        overdue: 0,
        flaggedSpam: 0,
      };
      const inc = (m: Record<string, number>, k: string) => {
        m[k] = (m[k] ?? 0) + 1;
      };
      for (const r of rows) {
        inc(out.byStatus, r.status);
        inc(out.byPriority, r.priority);
        for (const c of JSON.parse(r.categories) as string[]) inc(out.byCategory, c);
        inc(out.byUnit, r.unit_id ?? 'unknown');
        if (r.spam_score > 0) out.flaggedSpam++;
        const open = r.status === 'new' || r.status === 'accepted';
        if (open && ((!r.acknowledged_at && r.ack_due_at < now) || (!r.first_action_at && r.action_due_at < now))) out.overdue++;
      }
      // Small cells could point at one child: wards with fewer than 5 reports are folded together.
      const folded: Record<string, number> = {};
      for (const [k, v] of Object.entries(out.byUnit)) folded[v < 5 ? 'other' : k] = (folded[v < 5 ? 'other' : k] ?? 0) + v;
      out.byUnit = folded;
      return out;
    },
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
    async (req) => {
      reportPolicy.authorize(req.actor, 'read');
      const row = await deps.db.kysely.selectFrom('intake_reports').selectAll().where('id', '=', req.params.id).executeTakeFirst();
      if (!row) throw notFound();
      reportPolicy.authorize(req.actor, 'read', row);
      const [evidence, linksOut, linksIn, events, handovers] = await Promise.all([
        deps.db.kysely.selectFrom('intake_evidence').selectAll().where('report_id', '=', row.id).orderBy('created_at').execute(),
        deps.db.kysely
          .selectFrom('intake_links')
          .innerJoin('intake_reports as o', 'o.id', 'intake_links.other_id')
          .select(['o.id', 'o.tracking_code', 'o.status', 'intake_links.reason'])
          .where('intake_links.report_id', '=', row.id)
          .execute(),
        deps.db.kysely
          .selectFrom('intake_links')
          .innerJoin('intake_reports as o', 'o.id', 'intake_links.report_id')
          .select(['o.id', 'o.tracking_code', 'o.status', 'intake_links.reason'])
          .where('intake_links.other_id', '=', row.id)
          .execute(),
        deps.db.kysely.selectFrom('intake_events').selectAll().where('report_id', '=', row.id).orderBy('at').execute(),
        deps.db.kysely.selectFrom('intake_handovers').selectAll().where('report_id', '=', row.id).orderBy('created_at').execute(),
      ]);
      const detail = JSON.parse(deps.sealer.open(row.sealed_detail)) as { description: string; urls: string[]; accounts: string[]; extra: unknown };
      await appendAudit(
        deps.db.kysely,
        { actor: req.actor, origin: { ip: req.ip }, action: 'intake_report.read', subjectType: 'intake_report', subjectId: row.id },
        deps.clock,
      );
      return {
        summary: toSummary(row, deps.clock().toISOString(), linksOut.length + linksIn.length),
        description: detail.description,
        urls: detail.urls,
        accounts: detail.accounts,
        contact: row.sealed_contact ? (JSON.parse(deps.sealer.open(row.sealed_contact)) as { name?: string }) : null,
        contactConsent: row.contact_consent === 1,
        whenCode: row.when_code,
        incidentDate: row.incident_date,
        needsVictimSupport: row.needs_victim_support === 1,
        needsViolationHandling: row.needs_violation_handling === 1,
        rejectReason: row.reject_reason,
        mergedInto: row.merged_into,
        extra: detail.extra ?? null,
        evidence: evidence.map((e) => ({
          id: e.id,
          kind: e.kind,
          mime: e.mime,
          size: e.size,
          width: e.width,
          height: e.height,
          sha256: e.sha256,
          originalSha256: e.original_sha256,
          md5: e.md5,
          pdq: e.pdq,
          filename: e.sealed_name ? deps.sealer.open(e.sealed_name) : null,
        })),
        links: [...linksOut, ...linksIn].map((l) => ({ reportId: l.id, trackingCode: l.tracking_code, reason: l.reason, status: l.status })),
        events: events.map((e) => ({ at: e.at, actor: e.actor_label, type: e.type, detail: JSON.parse(e.detail) as unknown })),
        handovers: handovers.map((h) => ({
          id: h.id,
          victimSupport: h.victim_support === 1,
          violationHandling: h.violation_handling === 1,
          unitId: h.unit_id,
          agencyId: h.agency_id,
          note: h.sealed_note ? deps.sealer.open(h.sealed_note) : null,
          status: h.status,
          createdAt: h.created_at,
        })),
      };
    },
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
        body: Type.Object(
          { reason: Type.Union(REJECT_REASONS.map((r) => Type.Literal(r))), note: Type.Optional(Type.String({ maxLength: 1000 })) },
          { additionalProperties: false },
        ),
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
    {
      schema: {
        tags,
        summary: 'Gộp vào báo cáo khác / merge into another report',
        params: IdParams,
        body: Type.Object({ into: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
        response: actionResponse,
      },
    },
    async (req) => done(await mergeReport(ctxOf(req, deps), req.params.id, req.body.into)),
  );
  app.post(
    '/intake/reports/:id/handover',
    {
      schema: {
        tags,
        summary: 'Bàn giao xử lý vụ việc / hand over for case work',
        params: IdParams,
        body: Type.Object(
          {
            victimSupport: Type.Boolean(),
            violationHandling: Type.Boolean(),
            unitId: Type.Optional(Nullable(Type.String({ maxLength: 16 }))),
            agencyId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
            note: Type.Optional(Type.String({ maxLength: 4000 })),
          },
          { additionalProperties: false },
        ),
        response: actionResponse,
      },
    },
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
        response: { 201: Type.Object({ requestId: Type.String(), urls: Type.Integer() }), ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await sendToDetection(ctxOf(req, deps), req.params.id)),
  );

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

  // ── rules as data ────────────────────────────────────────────────────────────────────────
  app.get(
    '/intake/settings/priority-rules',
    { schema: { tags, summary: 'Quy tắc ưu tiên / priority rules', response: { 200: Type.Object({ items: Type.Array(PriorityRule) }), ...errorResponses } } },
    async (req) => {
      intakeSettingsPolicy.authorize(req.actor, 'read');
      const rows = await deps.db.kysely.selectFrom('intake_priority_rules').selectAll().orderBy('position').execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          name: r.name,
          nameEn: r.name_en,
          categories: JSON.parse(r.categories),
          imminentOnly: r.imminent_only === 1,
          ageBands: JSON.parse(r.age_bands),
          priority: r.priority,
          active: r.active === 1,
        })),
      };
    },
  );
  app.put(
    '/intake/settings/priority-rules',
    {
      schema: {
        tags,
        summary: 'Thay toàn bộ quy tắc ưu tiên (theo thứ tự) / replace the priority rules (in order)',
        body: Type.Object({ items: Type.Array(PriorityRule, { minItems: 1, maxItems: 100 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ count: Type.Integer() }), ...errorResponses },
      },
    },
    async (req) => {
      intakeSettingsPolicy.authorize(req.actor, 'update');
      const now = deps.clock().toISOString();
      await saveSettings(req, 'intake_settings.priority_rules_replaced', { rules: req.body.items }, async (trx) => {
        await trx.deleteFrom('intake_priority_rules').execute();
        await trx
          .insertInto('intake_priority_rules')
          .values(
            req.body.items.map((r, i) => ({
              id: newId(),
              position: (i + 1) * 10,
              name: cleanText(r.name),
              name_en: cleanText(r.nameEn),
              categories: JSON.stringify(r.categories),
              imminent_only: r.imminentOnly ? 1 : 0,
              age_bands: JSON.stringify(r.ageBands),
              priority: r.priority,
              active: r.active ? 1 : 0,
              created_at: now,
              updated_at: now,
            })),
          )
          .execute();
      });
      return { count: req.body.items.length };
    },
  );
  app.get(
    '/intake/settings/routing-rules',
    {
      schema: { tags, summary: 'Quy tắc chuyển xử lý / routing rules', response: { 200: Type.Object({ items: Type.Array(RoutingRule) }), ...errorResponses } },
    },
    async (req) => {
      intakeSettingsPolicy.authorize(req.actor, 'read');
      const rows = await deps.db.kysely.selectFrom('intake_routing_rules').selectAll().orderBy('position').execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          name: r.name,
          categories: JSON.parse(r.categories),
          unitId: r.unit_id,
          agencyCode: r.agency_code,
          active: r.active === 1,
        })),
      };
    },
  );
  app.put(
    '/intake/settings/routing-rules',
    {
      schema: {
        tags,
        summary: 'Thay toàn bộ quy tắc chuyển xử lý (theo thứ tự) / replace the routing rules (in order)',
        body: Type.Object({ items: Type.Array(RoutingRule, { minItems: 1, maxItems: 500 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ count: Type.Integer() }), ...errorResponses },
      },
    },
    async (req) => {
      intakeSettingsPolicy.authorize(req.actor, 'update');
      const now = deps.clock().toISOString();
      const codes = new Set((await deps.db.kysely.selectFrom('agencies').select('code').execute()).map((a) => a.code));
      const wards = new Set((await deps.db.kysely.selectFrom('units').select('id').where('kind', '!=', 'city').execute()).map((u) => u.id));
      for (const r of req.body.items) {
        if (!codes.has(r.agencyCode)) throw new AppError(400, 'validation_failed', { detail: `agencyCode ${r.agencyCode}` });
        if (r.unitId && !wards.has(r.unitId)) throw new AppError(400, 'intake_bad_unit', { unit: r.unitId });
      }
      await saveSettings(req, 'intake_settings.routing_rules_replaced', { rules: req.body.items }, async (trx) => {
        await trx.deleteFrom('intake_routing_rules').execute();
        await trx
          .insertInto('intake_routing_rules')
          .values(
            req.body.items.map((r, i) => ({
              id: newId(),
              position: (i + 1) * 10,
              name: cleanText(r.name),
              categories: JSON.stringify(r.categories),
              unit_id: r.unitId || null,
              agency_code: r.agencyCode,
              active: r.active ? 1 : 0,
              created_at: now,
              updated_at: now,
            })),
          )
          .execute();
      });
      return { count: req.body.items.length };
    },
  );
  app.get(
    '/intake/settings/sla',
    {
      schema: {
        tags,
        summary: 'Thời hạn theo mức ưu tiên / SLA per priority (minutes)',
        response: { 200: Type.Object({ items: Type.Array(SlaSetting) }), ...errorResponses },
      },
    },
    async (req) => {
      intakeSettingsPolicy.authorize(req.actor, 'read');
      const rows = await deps.db.kysely.selectFrom('intake_sla').selectAll().orderBy('priority').execute();
      return { items: rows.map((r) => ({ priority: r.priority, ackMinutes: r.ack_minutes, actionMinutes: r.action_minutes })) };
    },
  );
  app.put(
    '/intake/settings/sla',
    {
      schema: {
        tags,
        summary: 'Sửa thời hạn / edit the SLA',
        body: Type.Object({ items: Type.Array(SlaSetting, { minItems: 1, maxItems: 4 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ count: Type.Integer() }), ...errorResponses },
      },
    },
    async (req) => {
      intakeSettingsPolicy.authorize(req.actor, 'update');
      const now = deps.clock().toISOString();
      for (const s of req.body.items)
        if (s.actionMinutes < s.ackMinutes) throw new AppError(400, 'validation_failed', { detail: `${s.priority}: actionMinutes < ackMinutes` });
      await saveSettings(req, 'intake_settings.sla_updated', { items: req.body.items }, async (trx) => {
        for (const s of req.body.items) {
          await trx.deleteFrom('intake_sla').where('priority', '=', s.priority).execute();
          await trx
            .insertInto('intake_sla')
            .values({ priority: s.priority, ack_minutes: s.ackMinutes, action_minutes: s.actionMinutes, updated_at: now })
            .execute();
        }
      });
      return { count: req.body.items.length };
    },
  );

  // ── vocabulary (labels for the console) ──────────────────────────────────────────────────
  app.get(
    '/intake/vocabulary',
    {
      schema: {
        tags,
        summary: 'Danh mục: loại sự việc, người báo, độ tuổi… / labels for categories, reporter kinds, age bands…',
        response: { 200: Type.Record(Type.String(), Type.Array(Type.Object({ code: Type.String(), label: Type.String() }))), ...errorResponses },
      },
    },
    async (req) => {
      if (req.actor.kind !== 'user') throw new AppError(401, 'unauthenticated');
      const lang = langFromHeader(req.headers['accept-language']);
      const list = (m: Record<string, { vi: string; en: string }>) => Object.entries(m).map(([code, l]) => ({ code, label: l[lang] }));
      return {
        categories: list(CATEGORIES),
        reporterKinds: list(REPORTER_KINDS),
        ageBands: list(AGE_BANDS),
        when: list(WHEN),
        platforms: list(PLATFORM_LABELS),
        publicStages: list(PUBLIC_STAGES),
        rejectReasons: REJECT_REASONS.map((code) => ({ code, label: code })),
      };
    },
  );

  // ── notifications ────────────────────────────────────────────────────────────────────────
  app.get(
    '/intake/notifications',
    {
      schema: {
        tags,
        summary: 'Thông báo của tôi / my notifications',
        querystring: Type.Object({ unread: Type.Optional(Type.Boolean()), ...Paging }),
        response: { 200: Type.Object({ items: Type.Array(Notification), unread: Type.Integer() }), ...errorResponses },
      },
    },
    async (req) => {
      const u = userOf(req.actor);
      if (!u) throw new AppError(401, 'unauthenticated');
      const lang = langFromHeader(req.headers['accept-language']);
      const aud = audienceOf(u);
      const base = deps.db.kysely
        .selectFrom('notifications as n')
        .leftJoin('notification_reads as r', (j) => j.onRef('r.notification_id', '=', 'n.id').on('r.user_id', '=', u.id))
        .where((eb) => eb.or(aud.map((a) => eb.and([eb('n.audience', '=', a.audience), eb('n.audience_id', '=', a.id)]))));
      let list = base.select(['n.id', 'n.kind', 'n.report_id', 'n.message', 'n.created_at', 'r.read_at']);
      if (req.query.unread) list = list.where('r.read_at', 'is', null);
      const [rows, unread] = await Promise.all([
        list
          .orderBy('n.created_at', 'desc')
          .limit(req.query.limit ?? 50)
          .offset(req.query.offset ?? 0)
          .execute(),
        base
          .where('r.read_at', 'is', null)
          .select((eb) => eb.fn.countAll<number>().as('c'))
          .executeTakeFirstOrThrow(),
      ]);
      return {
        items: rows.map((r) => {
          const m = JSON.parse(r.message) as { code: string; params: Record<string, unknown> };
          return { id: r.id, kind: r.kind, reportId: r.report_id, message: t(lang, m.code, m.params), createdAt: r.created_at, read: r.read_at !== null };
        }),
        unread: Number(unread.c),
      };
    },
  );
  app.post(
    '/intake/notifications/:id/read',
    { schema: { tags, summary: 'Đánh dấu đã đọc / mark as read', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      const u = userOf(req.actor);
      if (!u) throw new AppError(401, 'unauthenticated');
      const n = await deps.db.kysely.selectFrom('notifications').selectAll().where('id', '=', req.params.id).executeTakeFirst();
      if (!n || !audienceOf(u).some((a) => a.audience === n.audience && a.id === n.audience_id)) throw notFound();
      await deps.db.kysely
        .insertInto('notification_reads')
        .values({ notification_id: n.id, user_id: u.id, read_at: deps.clock().toISOString() })
        .onConflict((oc) => oc.doNothing())
        .execute();
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/intake/sla/sweep',
    { schema: { tags, summary: 'Quét quá hạn ngay / run the SLA sweep now', response: { 200: Type.Object({ reports: Type.Integer() }), ...errorResponses } } },
    async (req) => {
      intakeSettingsPolicy.authorize(req.actor, 'update');
      return { reports: await sweepOverdue({ ...deps, clock: deps.clock }) };
    },
  );
}

declare module 'fastify' {
  interface FastifyInstance {
    intakeMailer?: MailSender;
  }
}
