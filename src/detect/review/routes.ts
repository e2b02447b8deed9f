import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { whereScope } from '../../access/scope-sql.js';
import { appendAudit } from '../../audit/append.js';
import type { Deps } from '../../context.js';
import { blurredPreview } from '../../evidence/preview.js';
import { evidenceStoreFor } from '../../evidence/store.js';
import { publishConfirmed } from '../../filter/confirmed.js';
import type { RouteModule } from '../../http/app.js';
import { ctxOf } from '../../http/ctx.js';
import { errorResponses, IdParams, Nullable, Page, Paging } from '../../http/schemas.js';
import { displayNames } from '../../org/users/names.js';
import { privateNetworksFromConfig } from '../../outbound/fetch.js';
import { AppError, notFound } from '../../shared/errors.js';
import { type Lang, langFromHeader, t } from '../../shared/i18n.js';
import { cleanText } from '../../shared/text.js';
import { decideItem } from './decide.js';
import { submitItem } from './items.js';
import { reopenItem } from './reopen.js';
import './messages.js';
import { reviewItemPolicy, takedownPolicy } from './review.policy.js';
import type { DetectItemsTable } from './tables.js';
import { toTakedown, updateTakedown } from './takedowns.js';
import { DECISION_CATEGORIES, isSharedPlatform, PLATFORMS } from './vocab.js';
import { ReviewWorker } from './worker.js';

const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
const SUBMIT_BODY_LIMIT = 16 * 1024 * 1024;
/** Longest text a detail answer carries (the rest stays sealed in the database). */
const DETAIL_TEXT_CHARS = 100_000;

const StatusT = Type.Union(['queued', 'fetching', 'analysed', 'failed', 'decided'].map((s) => Type.Literal(s)));
const DecisionT = Type.Union([Type.Literal('harmful'), Type.Literal('not_harmful'), Type.Literal('legal_review')]);
const KindT = Type.Union([Type.Literal('url'), Type.Literal('text'), Type.Literal('image')]);
const SourceT = Type.Union([Type.Literal('report'), Type.Literal('analyst')]);
const TakedownStatusT = Type.Union([
  Type.Literal('requested'),
  Type.Literal('sent'),
  Type.Literal('removed'),
  Type.Literal('refused'),
  Type.Literal('withdrawn'),
]);

const Match = Type.Object({
  bankId: Type.String(),
  bankName: Type.String(),
  kind: Type.String(),
  hash: Type.String(),
  distance: Type.Integer(),
  label: Nullable(Type.String()),
});
const CategoryScore = Type.Object({ code: Type.String(), score: Type.Number(), matches: Type.Array(Type.String()) });
const ItemSummary = Type.Object({
  id: Type.String(),
  kind: KindT,
  source: SourceT,
  reportId: Nullable(Type.String()),
  domain: Nullable(Type.String()),
  status: StatusT,
  failureCode: Nullable(Type.String()),
  failureMessage: Nullable(Type.String()),
  attempts: Type.Integer(),
  score: Type.Number(),
  categories: Type.Array(CategoryScore),
  matchCount: Type.Integer(),
  decision: Nullable(DecisionT),
  decisionCategory: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  analysedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const ItemImage = Type.Object({
  n: Type.Integer(),
  src: Nullable(Type.String()),
  mime: Nullable(Type.String()),
  size: Nullable(Type.Integer()),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  sha256: Nullable(Type.String()),
  md5: Nullable(Type.String()),
  pdq: Nullable(Type.String()),
  quality: Nullable(Type.Integer()),
  matches: Type.Array(Match),
  error: Nullable(Type.String()),
});
const Takedown = Type.Object({
  id: Type.String(),
  itemId: Type.String(),
  platform: Type.String(),
  urls: Type.Array(Type.String()),
  domain: Nullable(Type.String()),
  legalBasis: Type.String(),
  status: TakedownStatusT,
  requestedAt: Type.String(),
  sentAt: Nullable(Type.String()),
  removedAt: Nullable(Type.String()),
  note: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const ItemDetail = Type.Composite([
  ItemSummary,
  Type.Object({
    url: Nullable(Type.String()),
    finalUrl: Nullable(Type.String()),
    title: Nullable(Type.String()),
    text: Nullable(Type.String()),
    textTruncated: Type.Boolean(),
    offensive: Nullable(Type.Object({ label: Type.String(), score: Type.Number() })),
    matches: Type.Array(Match),
    linkHosts: Type.Array(Type.String()),
    httpStatus: Nullable(Type.Integer()),
    evidence: Nullable(
      Type.Object({
        sha256: Type.String(),
        size: Nullable(Type.Integer()),
        type: Nullable(Type.String()),
        fetchedAt: Nullable(Type.String()),
        charset: Nullable(Type.String()),
      }),
    ),
    images: Type.Array(ItemImage),
    takedowns: Type.Array(Takedown),
    note: Nullable(Type.String()),
    decidedBy: Nullable(Type.String()),
    decidedByName: Nullable(Type.String()),
    /** A shared platform (facebook.com, tiktok.com…): never blocked by domain, a takedown is the remedy. */
    sharedPlatform: Type.Boolean(),
  }),
]);
// `n` as text: a malformed position is "not found" after the access check, like any unknown image
const ImageParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), n: Type.String({ minLength: 1, maxLength: 8 }) });
const position = (n: string) => (/^\d{1,3}$/.test(n) ? Number(n) : -1);

type Verdict = { categories: { code: string; score: number; matches: string[] }[]; offensive: { label: string; score: number } };
const parse = <T>(s: string | null, d: T): T => {
  if (!s) return d;
  try {
    return JSON.parse(s) as T;
  } catch {
    return d;
  }
};

function toSummary(r: DetectItemsTable, lang: Lang) {
  const v = parse<Verdict | null>(r.scores, null);
  return {
    id: r.id,
    kind: r.kind,
    source: r.source,
    reportId: r.report_id,
    domain: r.domain,
    status: r.status,
    failureCode: r.failure_code,
    failureMessage: r.failure_code ? t(lang, `detect_failure_${r.failure_code}`) : null,
    attempts: r.attempts,
    score: Number(r.score),
    categories: v?.categories ?? [],
    matchCount: Number(r.match_count),
    decision: r.decision,
    decisionCategory: r.decision_category,
    decidedAt: r.decided_at,
    analysedAt: r.analysed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export const reviewRoutes: RouteModule = async (fastify: FastifyInstance, deps: Deps) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['detect'];
  const store = evidenceStoreFor(deps.config.dataDir, deps.sealer);
  const lang = (req: FastifyRequest) => langFromHeader(req.headers['accept-language']);
  const audit = (req: FastifyRequest, action: string, subjectId: string | null, detail: Record<string, unknown>) =>
    appendAudit(deps.db.kysely, { actor: req.actor, origin: { ip: req.ip }, action, subjectType: 'detect_item', subjectId, detail }, deps.clock);

  // Background work of this process, like intake's mail sender: the review worker. It starts when
  // the server listens (`npm start`), not in tests that only inject requests; stopped with the app.
  const worker = new ReviewWorker(deps, { fetch: privateNetworksFromConfig(deps.config) });
  app.addHook('onListen', async () => {
    if (deps.config.fetchPrivate)
      app.log.warn('LACHAN_FETCH_PRIVATE=true: reported links and list imports may fetch private and loopback addresses (tests and closed demo networks only)');
    worker.start();
    void worker.runOnce().catch(() => {});
    // repairs the filter's list file if a crash fell between a decision's commit and its publish
    void publishConfirmed(deps).catch(() => {});
  });
  app.addHook('onClose', async () => {
    await worker.stop();
  });

  async function loadItem(req: FastifyRequest, id: string): Promise<DetectItemsTable> {
    reviewItemPolicy.authorize(req.actor, 'read');
    const row = await deps.db.kysely.selectFrom('detect_items').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    reviewItemPolicy.authorize(req.actor, 'read', row);
    return row;
  }

  // ── the queue ────────────────────────────────────────────────────────────────────────────
  app.get(
    '/detect/items',
    {
      schema: {
        tags,
        summary: 'Hàng đợi rà soát (khớp kho băm, điểm cao trước) / the review queue (bank matches, then highest score first)',
        querystring: Type.Object({
          status: Type.Optional(StatusT),
          decision: Type.Optional(DecisionT),
          kind: Type.Optional(KindT),
          source: Type.Optional(SourceT),
          ...Paging,
        }),
        response: { 200: Page(ItemSummary), ...errorResponses },
      },
    },
    async (req) => {
      reviewItemPolicy.authorize(req.actor, 'read');
      const { status, decision, kind, source, limit = 50, offset = 0 } = req.query;
      let qb = whereScope(deps.db.kysely.selectFrom('detect_items'), reviewItemPolicy.listScope(req.actor, 'read'));
      if (status) qb = qb.where('status', '=', status as DetectItemsTable['status']);
      if (decision) qb = qb.where('decision', '=', decision);
      if (kind) qb = qb.where('kind', '=', kind);
      if (source) qb = qb.where('source', '=', source);
      const [rows, total] = await Promise.all([
        qb.selectAll().orderBy('match_count', 'desc').orderBy('score', 'desc').orderBy('created_at').orderBy('id').limit(limit).offset(offset).execute(),
        qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      await audit(req, 'detect_item.listed', null, { count: rows.length, filters: req.query });
      return { items: rows.map((r) => toSummary(r, lang(req))), total: Number(total.n) };
    },
  );

  app.get(
    '/detect/items/:id',
    {
      schema: {
        tags,
        summary: 'Chi tiết mục rà soát (ghi nhật ký) / one item with scores, matches, evidence, images (audited)',
        params: IdParams,
        response: { 200: ItemDetail, ...errorResponses },
      },
    },
    async (req) => {
      const r = await loadItem(req, req.params.id);
      const [images, takedowns] = await Promise.all([
        deps.db.kysely.selectFrom('detect_item_images').selectAll().where('item_id', '=', r.id).orderBy('position').execute(),
        deps.db.kysely.selectFrom('detect_takedowns').selectAll().where('item_id', '=', r.id).orderBy('created_at').execute(),
      ]);
      const v = parse<Verdict | null>(r.scores, null);
      const open = (s: string | null) => (s ? deps.sealer.open(s) : null);
      const text = open(r.sealed_text);
      await audit(req, 'detect_item.read', r.id, { kind: r.kind, domain: r.domain });
      return {
        ...toSummary(r, lang(req)),
        url: open(r.sealed_url),
        finalUrl: open(r.sealed_final_url),
        title: open(r.sealed_title),
        text: text ? text.slice(0, DETAIL_TEXT_CHARS) : null,
        textTruncated: r.text_truncated === 1 || (text?.length ?? 0) > DETAIL_TEXT_CHARS,
        offensive: v?.offensive ?? null,
        matches: parse(r.matches, []),
        linkHosts: parse<string[]>(r.link_hosts, []),
        httpStatus: r.http_status,
        evidence: r.snapshot_sha256
          ? { sha256: r.snapshot_sha256, size: r.snapshot_size, type: r.snapshot_type, fetchedAt: r.fetched_at, charset: r.charset }
          : null,
        images: images.map((i) => ({
          n: i.position,
          src: open(i.sealed_src),
          mime: i.mime,
          size: i.size,
          width: i.width,
          height: i.height,
          sha256: i.sha256,
          md5: i.md5,
          pdq: i.pdq,
          quality: i.quality,
          matches: parse(i.matches, []),
          error: i.error,
        })),
        takedowns: takedowns.map((x) => toTakedown(deps, x)),
        note: open(r.sealed_note),
        decidedBy: r.decided_by,
        decidedByName: r.decided_by ? ((await displayNames(deps.db.kysely, [r.decided_by])).get(r.decided_by) ?? null) : null,
        sharedPlatform: r.domain !== null && isSharedPlatform(r.domain),
      };
    },
  );

  async function imageOf(req: FastifyRequest, id: string, n: number) {
    const item = await loadItem(req, id);
    const img = await deps.db.kysely.selectFrom('detect_item_images').selectAll().where('item_id', '=', item.id).where('position', '=', n).executeTakeFirst();
    if (!img?.sha256 || img.error || !(await store.exists(img.sha256))) throw notFound();
    return { item, img: img as typeof img & { sha256: string } };
  }

  app.get(
    '/detect/items/:id/images/:n/preview',
    {
      schema: {
        tags,
        summary: 'Ảnh của mục, làm mờ (ghi nhật ký) / an image of the item, blurred (image/jpeg, audited)',
        params: ImageParams,
        produces: ['image/jpeg'],
        response: { 200: Binary, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { item, img } = await imageOf(req, req.params.id, position(req.params.n));
      let blurred: Buffer;
      try {
        blurred = await blurredPreview(await store.get(img.sha256));
      } catch {
        throw notFound();
      }
      await audit(req, 'detect_item.image_previewed', item.id, { n: img.position, sha256: img.sha256 });
      return reply.header('cache-control', 'no-store').type('image/jpeg').send(blurred);
    },
  );

  app.post(
    '/detect/items/:id/images/:n/reveal',
    {
      schema: {
        tags,
        summary: 'Xem ảnh gốc (bắt buộc lý do, ghi nhật ký) / the unblurred image (reason required, audited)',
        params: ImageParams,
        body: Type.Object({ reason: Type.String({ minLength: 5, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: Binary, ...errorResponses },
      },
    },
    async (req, reply) => {
      reviewItemPolicy.authorize(req.actor, 'reveal');
      const reason = cleanText(req.body.reason);
      if (reason.length < 5) throw new AppError(400, 'detect_review_reason_required');
      const { item, img } = await imageOf(req, req.params.id, position(req.params.n));
      reviewItemPolicy.authorize(req.actor, 'reveal', item);
      const bytes = await store.get(img.sha256);
      await audit(req, 'detect_item.image_revealed', item.id, { n: img.position, sha256: img.sha256, reason });
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="detect-${item.id}-${img.position}.${(img.mime ?? 'image/jpeg').split('/')[1]}"`)
        .header('x-content-type-options', 'nosniff')
        .type(img.mime ?? 'application/octet-stream')
        .send(bytes);
    },
  );

  // ── adding and deciding ──────────────────────────────────────────────────────────────────
  app.post(
    '/detect/items',
    {
      bodyLimit: SUBMIT_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Thêm mục rà soát: đường dẫn, văn bản hoặc ảnh / add an item: a link, a text or an image',
        description:
          'Exactly one of `url`, `text`, `imageBase64` (JPEG/PNG/WebP/GIF, ≤ 8 MiB). Texts longer than 1,000,000 characters are kept truncated. A link already open in the queue answers 200 with that item (created=false). Intake officers: links only.',
        body: Type.Object(
          {
            url: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
            text: Type.Optional(Type.String({ minLength: 1, maxLength: 12 * 1024 * 1024 })),
            imageBase64: Type.Optional(Type.String({ minLength: 1, maxLength: 12 * 1024 * 1024 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ id: Type.String(), created: Type.Boolean() }),
          200: Type.Object({ id: Type.String(), created: Type.Boolean() }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const { url, text, imageBase64 } = req.body;
      const given = [url, text, imageBase64].filter((x) => x !== undefined).length;
      if (given !== 1) throw new AppError(400, 'detect_review_empty');
      const ctx = ctxOf(req, deps);
      const r =
        url !== undefined
          ? await submitItem(ctx, { kind: 'url', url })
          : text !== undefined
            ? await submitItem(ctx, { kind: 'text', text })
            : await submitItem(ctx, { kind: 'image', bytes: Buffer.from(imageBase64 as string, 'base64') });
      return reply.status(r.created ? 201 : 200).send(r);
    },
  );

  app.post(
    '/detect/items/:id/decision',
    {
      schema: {
        tags,
        summary: 'Quyết định của chuyên viên / the analyst’s decision',
        description:
          '`harmful` needs a `category`. For a link: the domain joins the filter category confirmed_harmful (not for shared platforms such as facebook.com — `blockDomain` defaults accordingly), a takedown request is recorded; image hashes go to the centre’s banks. One transaction, audited.',
        params: IdParams,
        body: Type.Object(
          {
            decision: DecisionT,
            category: Type.Optional(Type.String({ maxLength: 40 })),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
            blockDomain: Type.Optional(Type.Boolean()),
            platform: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            legalBasis: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            id: Type.String(),
            decision: DecisionT,
            category: Nullable(Type.String()),
            domainBlocked: Nullable(Type.String()),
            takedownId: Nullable(Type.String()),
            hashesAdded: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => decideItem(ctxOf(req, deps), req.params.id, req.body),
  );

  app.post(
    '/detect/items/:id/reopen',
    {
      schema: {
        tags,
        summary: 'Mở lại quyết định / reopen a decision made in error',
        description:
          'Takes back what the decision set in motion — the domains it added to the filter, its takedown requests not yet sent, the hashes it added to the centre’s banks — and puts the item back in the queue. A reason is required; one transaction, audited.',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ maxLength: 1000 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            id: Type.String(),
            previous: DecisionT,
            domainsUnblocked: Type.Array(Type.String()),
            takedownsWithdrawn: Type.Integer(),
            takedownsAlreadySent: Type.Integer(),
            hashesRemoved: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => reopenItem(ctxOf(req, deps), req.params.id, req.body),
  );

  app.post(
    '/detect/items/:id/retry',
    {
      schema: {
        tags,
        summary: 'Phân tích lại / analyse again (failed or analysed items)',
        params: IdParams,
        response: { 200: ItemSummary, ...errorResponses },
      },
    },
    async (req) => {
      reviewItemPolicy.authorize(req.actor, 'retry');
      const now = deps.clock().toISOString();
      const row = await deps.db.kysely.transaction().execute(async (trx) => {
        const r = await trx.selectFrom('detect_items').selectAll().where('id', '=', req.params.id).executeTakeFirst();
        if (!r) throw notFound();
        reviewItemPolicy.authorize(req.actor, 'retry', r);
        if (r.status !== 'failed' && r.status !== 'analysed') throw new AppError(409, 'detect_review_bad_transition', { status: r.status });
        const next = {
          ...r,
          status: 'queued' as const,
          attempts: 0,
          next_attempt_at: now,
          failure_code: null,
          failure_detail: null,
          claimed_until: null,
          updated_at: now,
        };
        await trx.updateTable('detect_items').set(next).where('id', '=', r.id).execute();
        await appendAudit(
          trx,
          { actor: req.actor, origin: { ip: req.ip }, action: 'detect_item.retried', subjectType: 'detect_item', subjectId: r.id, detail: { from: r.status } },
          deps.clock,
        );
        return next;
      });
      return toSummary(row, lang(req));
    },
  );

  // ── takedown requests ────────────────────────────────────────────────────────────────────
  app.get(
    '/detect/takedowns',
    {
      schema: {
        tags,
        summary: 'Yêu cầu gỡ bỏ / takedown requests (newest first)',
        querystring: Type.Object({ status: Type.Optional(TakedownStatusT), platform: Type.Optional(Type.String({ maxLength: 40 })), ...Paging }),
        response: { 200: Page(Takedown), ...errorResponses },
      },
    },
    async (req) => {
      takedownPolicy.authorize(req.actor, 'read');
      const { status, platform, limit = 50, offset = 0 } = req.query;
      let qb = deps.db.kysely.selectFrom('detect_takedowns');
      if (status) qb = qb.where('status', '=', status);
      if (platform) qb = qb.where('platform', '=', platform);
      const [rows, total] = await Promise.all([
        qb.selectAll().orderBy('requested_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
        qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      await appendAudit(
        deps.db.kysely,
        { actor: req.actor, origin: { ip: req.ip }, action: 'detect_takedown.listed', subjectType: 'detect_takedown', detail: { count: rows.length } },
        deps.clock,
      );
      return { items: rows.map((r) => toTakedown(deps, r)), total: Number(total.n) };
    },
  );

  app.patch(
    '/detect/takedowns/:id',
    {
      schema: {
        tags,
        summary: 'Cập nhật yêu cầu gỡ bỏ (đã gửi, đã gỡ, bị từ chối) / update a takedown request (sent, removed, refused)',
        params: IdParams,
        body: Type.Object(
          {
            status: Type.Optional(TakedownStatusT),
            sentAt: Type.Optional(Type.String({ format: 'date-time' })),
            removedAt: Type.Optional(Type.String({ format: 'date-time' })),
            platform: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            legalBasis: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Takedown, ...errorResponses },
      },
    },
    async (req) => {
      const iso = (s: string | undefined) => (s ? new Date(s).toISOString() : undefined);
      return updateTakedown(ctxOf(req, deps), req.params.id, { ...req.body, sentAt: iso(req.body.sentAt), removedAt: iso(req.body.removedAt) });
    },
  );

  // ── statistics and labels ────────────────────────────────────────────────────────────────
  app.get(
    '/detect/stats',
    {
      schema: {
        tags,
        summary: 'Số liệu rà soát, không có dữ liệu cá nhân / review statistics, no personal data',
        response: {
          200: Type.Object({
            total: Type.Integer(),
            byStatus: Type.Record(Type.String(), Type.Integer()),
            byDecision: Type.Record(Type.String(), Type.Integer()),
            byCategory: Type.Record(Type.String(), Type.Integer()),
            byKind: Type.Record(Type.String(), Type.Integer()),
            byFailure: Type.Record(Type.String(), Type.Integer()),
            takedowns: Type.Record(Type.String(), Type.Integer()),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      reviewItemPolicy.authorize(req.actor, 'aggregate');
      const db = deps.db.kysely;
      const count = async (col: 'status' | 'decision' | 'decision_category' | 'kind' | 'failure_code') => {
        const rows = await db
          .selectFrom('detect_items')
          .select([col])
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(col, 'is not', null)
          .groupBy(col)
          .execute();
        return Object.fromEntries(rows.map((r) => [String((r as Record<string, unknown>)[col]), Number(r.n)]));
      };
      const [byStatus, byDecision, byCategory, byKind, byFailure] = await Promise.all([
        count('status'),
        count('decision'),
        count('decision_category'),
        count('kind'),
        count('failure_code'),
      ]);
      const td = await db
        .selectFrom('detect_takedowns')
        .select(['status'])
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .groupBy('status')
        .execute();
      return {
        total: Object.values(byKind).reduce((a, b) => a + b, 0),
        byStatus,
        byDecision,
        byCategory,
        byKind,
        byFailure,
        takedowns: Object.fromEntries(td.map((r) => [r.status, Number(r.n)])),
      };
    },
  );

  app.get(
    '/detect/vocabulary',
    {
      schema: {
        tags,
        summary: 'Nhãn: loại nội dung, nền tảng, mã lỗi / labels: categories, platforms, failure codes',
        response: { 200: Type.Record(Type.String(), Type.Array(Type.Object({ code: Type.String(), label: Type.String() }))), ...errorResponses },
      },
    },
    async (req) => {
      if (req.actor.kind !== 'user') throw new AppError(401, 'unauthenticated');
      const l = lang(req);
      const failures = [
        'invalid_url',
        'bad_scheme',
        'credentials_in_url',
        'blocked_address',
        'dns_failed',
        'connect_failed',
        'timeout',
        'too_large',
        'too_many_redirects',
        'redirect_loop',
        'bad_content_type',
        'bad_encoding',
        'decompression_bomb',
        'http_error',
        'bad_response',
        'tls_error',
        'invalid_image',
        'internal_error',
      ];
      return {
        categories: DECISION_CATEGORIES.map((c) => ({ code: c.code, label: c[l] })),
        platforms: [...PLATFORMS.map((p) => ({ code: p.code, label: p.code })), { code: 'website', label: l === 'vi' ? 'Trang web riêng' : 'Website' }],
        failureCodes: failures.map((code) => ({ code, label: t(l, `detect_failure_${code}`) })),
      };
    },
  );
};
