import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../context.js';
import { publishConfirmed } from '../../filter/confirmed.js';
import type { RouteModule } from '../../http/app.js';
import { ctxOf } from '../../http/ctx.js';
import { errorResponses, IdParams, Page } from '../../http/schemas.js';
import { privateNetworksFromConfig } from '../../outbound/fetch.js';
import { AppError } from '../../shared/errors.js';
import {
  Binary,
  DecisionBody,
  DecisionResult,
  ImageParams,
  ItemDetail,
  ItemSummary,
  ListItemsQuery,
  ListTakedownsQuery,
  ReopenBody,
  ReopenResult,
  RevealBody,
  ReviewStats,
  SubmitItemBody,
  SubmitItemResult,
  Takedown,
  TakedownPatchBody,
  Vocabulary,
} from './api-schemas.js';
import { decideItem } from './decide.js';
import { previewItemImage, revealItemImage } from './item-images.js';
import { submitItem } from './items.js';
import { reviewLabels } from './labels.js';
import { listItems } from './list-items.js';
import { listTakedowns } from './list-takedowns.js';
import './messages.js';
import { toDetail, toSummary, toTakedown } from './present.js';
import { readItem } from './read-item.js';
import { reopenItem } from './reopen.js';
import { retryItem } from './retry-item.js';
import { reviewStats } from './review-stats.js';
import { updateTakedown } from './takedowns.js';
import { ReviewWorker } from './worker.js';

const SUBMIT_BODY_LIMIT = 16 * 1024 * 1024;

/**
 * The review desk's HTTP face: each route validates (api-schemas.ts), calls one use case (which
 * authorises through review.policy.ts and audits), and presents the rows (present.ts).
 */
const typed = (fastify: FastifyInstance) => fastify.withTypeProvider<TypeBoxTypeProvider>();
type App = ReturnType<typeof typed>;
const tags = ['detect'];

export const reviewRoutes: RouteModule = async (fastify: FastifyInstance, deps: Deps) => {
  const app = typed(fastify);

  // Background work of this process, like intake's mail sender, run by the app's job runner
  // (shared/jobs.ts): it starts when the server listens (`npm start`), not in tests that only
  // inject requests; stopped with the app, failures logged, counted and shown on /readyz.
  const worker = new ReviewWorker(deps, { fetch: privateNetworksFromConfig(deps.config) });
  app.jobs.add({ name: 'detect.review-worker', everyMs: 5_000, run: () => worker.runOnce(), interrupt: () => worker.stop() });
  // once at start: repairs the filter's list file if a crash fell between a decision's commit and its publish
  app.jobs.add({ name: 'detect.publish-confirmed', run: () => publishConfirmed(deps) });
  app.addHook('onListen', async () => {
    if (deps.config.fetchPrivate)
      app.log.warn('LACHAN_FETCH_PRIVATE=true: reported links and list imports may fetch private and loopback addresses (tests and closed demo networks only)');
  });

  queueRoutes(app, deps);
  decisionRoutes(app, deps);
  takedownAndStatsRoutes(app, deps);
};

/** The queue: list, one item, its images (blurred, or clear with a reason). */
function queueRoutes(app: App, deps: Deps): void {
  // ── the queue ────────────────────────────────────────────────────────────────────────────
  app.get(
    '/detect/items',
    {
      schema: {
        tags,
        summary: 'Hàng đợi rà soát (khớp kho băm, điểm cao trước) / the review queue (bank matches, then highest score first)',
        querystring: ListItemsQuery,
        response: { 200: Page(ItemSummary), ...errorResponses },
      },
    },
    async (req) => {
      const { rows, total, reportCodes } = await listItems(ctxOf(req, deps), req.query);
      return { items: rows.map((r) => toSummary(r, req.lang, r.report_id ? (reportCodes.get(r.report_id) ?? null) : null)), total };
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
    async (req) => toDetail(deps, await readItem(ctxOf(req, deps), req.params.id), req.lang),
  );

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
      const blurred = await previewItemImage(ctxOf(req, deps), req.params.id, req.params.n);
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
        body: RevealBody,
        response: { 200: Binary, ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await revealItemImage(ctxOf(req, deps), req.params.id, req.params.n, req.body.reason);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('x-content-type-options', 'nosniff')
        .type(file.mime ?? 'application/octet-stream')
        .send(file.bytes);
    },
  );
}

/** Adding items, the analyst's decision, reopening it, analysing again. */
function decisionRoutes(app: App, deps: Deps): void {
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
        body: SubmitItemBody,
        response: { 201: SubmitItemResult, 200: SubmitItemResult, ...errorResponses },
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
        body: DecisionBody,
        response: { 200: DecisionResult, ...errorResponses },
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
        body: ReopenBody,
        response: { 200: ReopenResult, ...errorResponses },
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
    async (req) => toSummary(await retryItem(ctxOf(req, deps), req.params.id), req.lang),
  );
}

/** Takedown requests, and the desk's statistics and labels. */
function takedownAndStatsRoutes(app: App, deps: Deps): void {
  // ── takedown requests ────────────────────────────────────────────────────────────────────
  app.get(
    '/detect/takedowns',
    {
      schema: {
        tags,
        summary: 'Yêu cầu gỡ bỏ / takedown requests (newest first)',
        querystring: ListTakedownsQuery,
        response: { 200: Page(Takedown), ...errorResponses },
      },
    },
    async (req) => {
      const { rows, total } = await listTakedowns(ctxOf(req, deps), req.query);
      return { items: rows.map((r) => toTakedown(deps, r)), total };
    },
  );

  app.patch(
    '/detect/takedowns/:id',
    {
      schema: {
        tags,
        summary: 'Cập nhật yêu cầu gỡ bỏ (đã gửi, đã gỡ, bị từ chối) / update a takedown request (sent, removed, refused)',
        params: IdParams,
        body: TakedownPatchBody,
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
        response: { 200: ReviewStats, ...errorResponses },
      },
    },
    async (req) => reviewStats(ctxOf(req, deps)),
  );

  app.get(
    '/detect/vocabulary',
    {
      schema: {
        tags,
        summary: 'Nhãn: loại nội dung, nền tảng, mã lỗi / labels: categories, platforms, failure codes',
        response: { 200: Vocabulary, ...errorResponses },
      },
    },
    async (req) => reviewLabels(ctxOf(req, deps), req.lang),
  );
}
