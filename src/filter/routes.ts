import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { whereScope } from '../access/scope-sql.js';
import type { Deps } from '../context.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, IdParams, Nullable } from '../http/schemas.js';
import { badInput, notFound } from '../shared/errors.js';
import { langFromHeader } from '../shared/i18n.js';
import {
  acknowledgeAlert,
  deleteList,
  importList,
  refreshList,
  saveBandPolicy,
  saveCategory,
  saveSchoolRules,
  saveSettings,
  setCounsellor,
  updateList,
} from './admin.js';
import { explain } from './explain.js';
import { cityFilterPolicy, filterAlertPolicy, filterStatsPolicy, schoolFilterPolicy } from './filter.policy.js';
import './messages.js';
import { BANDS, type Band } from './model.js';
import { networkRoutes } from './networks/routes.js';
import { allowEffects } from './reviews/allow-effects.js';
import { AllowEffect as AllowEffectT, HeldRefresh } from './safety-api-schemas.js';
import { presentRejected } from './safety-present.js';
import { assertBlockPageAvailable } from './say-true/blockpage-status.js';
import { runningFilterServices } from './service.js';
import { readBandPolicies, readCategories, readSettings } from './store.js';

const BandT = Type.Union(BANDS.map((b) => Type.Literal(b)));
const Domains = Type.Array(Type.String({ maxLength: 260 }), { maxItems: 5000 });
const Schedule = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 60 })),
    days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { maxItems: 7 }),
    from: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
    to: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
    mode: Type.Union([Type.Literal('learning'), Type.Literal('block')]),
    categories: Type.Optional(Type.Array(Type.String({ maxLength: 40 }))),
  },
  { additionalProperties: false },
);
const BandPolicy = Type.Object({
  band: BandT,
  blockedCategories: Type.Array(Type.String()),
  blockDomains: Type.Array(Type.String()),
  allowDomains: Type.Array(Type.String()),
  safeSearch: Type.Boolean(),
  youtube: Type.Union([Type.Literal('off'), Type.Literal('moderate'), Type.Literal('strict')]),
  blockBypass: Type.Boolean(),
  blockResponse: Type.Union([Type.Literal('nxdomain'), Type.Literal('blockpage')]),
  schedules: Type.Array(Schedule),
  queryLog: Type.Boolean(),
});
const BandPatchBody = Type.Object(
  {
    blockedCategories: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 40 })),
    blockDomains: Type.Optional(Domains),
    allowDomains: Type.Optional(Domains),
    safeSearch: Type.Optional(Type.Boolean()),
    youtube: Type.Optional(Type.Union([Type.Literal('off'), Type.Literal('moderate'), Type.Literal('strict')])),
    blockBypass: Type.Optional(Type.Boolean()),
    blockResponse: Type.Optional(Type.Union([Type.Literal('nxdomain'), Type.Literal('blockpage')])),
    schedules: Type.Optional(Type.Array(Schedule, { maxItems: 20 })),
    queryLog: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
const Category = Type.Object({
  code: Type.String(),
  bit: Type.Integer(),
  kind: Type.String(),
  mandatory: Type.Boolean(),
  nameVi: Type.String(),
  nameEn: Type.String(),
  domains: Type.Integer(),
});
const List = Type.Object({
  id: Type.String(),
  name: Type.String(),
  category: Type.String(),
  sourceType: Type.String(),
  source: Nullable(Type.String()),
  enabled: Type.Boolean(),
  entries: Type.Integer(),
  exceptions: Type.Integer(),
  rejected: Type.Integer(),
  lastRefreshedAt: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
});
const ImportBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    category: Type.String({ maxLength: 40 }),
    url: Type.Optional(Type.String({ maxLength: 2000 })),
    content: Type.Optional(Type.String({ maxLength: 900_000 })),
  },
  { additionalProperties: false },
);
const ImportResult = Type.Object({
  list: List,
  lines: Type.Integer(),
  accepted: Type.Integer(),
  exceptions: Type.Integer(),
  rejected: Type.Integer(),
  rejectedLines: Type.Array(Type.Object({ line: Type.Integer(), text: Type.String(), reason: Type.String(), guard: Type.Optional(Type.String()) })),
  /** issue 11: a refresh that changes too much, or adds guarded names, waits for review */
  held: Type.Optional(Nullable(HeldRefresh)),
});
const Rules = Type.Object({
  band: Type.Union([BandT, Type.Literal('all')]),
  blockedCategories: Type.Array(Type.String()),
  blockDomains: Type.Array(Type.String()),
  allowDomains: Type.Array(Type.String()),
});
const Settings = Type.Object({
  upstreams: Type.Array(Type.String()),
  unknownClients: Type.Union([Type.Literal('refuse'), Type.Literal('strictest')]),
  blockpageIpv4: Nullable(Type.String()),
  blockpageIpv6: Nullable(Type.String()),
  rateLimitQps: Type.Integer(),
  queryLogSize: Type.Integer(),
  queryLogRetentionHours: Type.Integer(),
  listRefreshHours: Type.Integer(),
  refreshMaxChangeShare: Type.Number({ minimum: 0.01, maximum: 1 }),
});
const Explanation = Type.Object({
  domain: Type.String(),
  schoolId: Nullable(Type.String()),
  band: BandT,
  decision: Type.String(),
  category: Nullable(Type.String()),
  mandatory: Type.Boolean(),
  rule: Type.String(),
  matched: Nullable(Type.String()),
  target: Nullable(Type.String()),
  lists: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), category: Type.String(), rules: Type.Array(Type.String()) })),
  guard: Nullable(Type.Object({ domain: Type.String(), reasonVi: Type.String(), reasonEn: Type.String() })),
  guardDecision: Nullable(
    Type.Object({
      id: Type.String(),
      domain: Type.String(),
      category: Type.String(),
      guard: Type.String(),
      reason: Type.String(),
      decidedBy: Nullable(Type.String()),
      decidedAt: Type.String(),
    }),
  ),
});

const json = <T>(s: string, d: T): T => {
  try {
    return JSON.parse(s) as T;
  } catch {
    return d;
  }
};
const toList = (l: {
  id: string;
  name: string;
  category_code: string;
  source_type: string;
  source: string | null;
  enabled: number;
  entry_count: number;
  exception_count: number;
  rejected_count: number;
  last_refreshed_at: string | null;
  last_error: string | null;
}) => ({
  id: l.id,
  name: l.name,
  category: l.category_code,
  sourceType: l.source_type,
  source: l.source,
  enabled: l.enabled === 1,
  entries: Number(l.entry_count),
  exceptions: Number(l.exception_count),
  rejected: Number(l.rejected_count),
  lastRefreshedAt: l.last_refreshed_at,
  lastError: l.last_error,
});

/** /api/v1/filter/… — see src/filter/README.md for the shapes. */
export async function filterRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['filter'];
  const db = deps.db.kysely;

  app.get(
    '/filter/categories',
    { schema: { tags, summary: 'Nhóm nội dung / categories', response: { 200: Type.Array(Category), ...errorResponses } } },
    async (req) => {
      cityFilterPolicy.authorize(req.actor, 'read');
      const cats = await readCategories(db);
      const counts = await db
        .selectFrom('filter_lists')
        .select(['category_code', (eb) => eb.fn.sum<number>('entry_count').as('n')])
        .where('enabled', '=', 1)
        .groupBy('category_code')
        .execute();
      return cats.map((c) => ({
        code: c.code,
        bit: c.bit,
        kind: c.kind,
        mandatory: c.mandatory,
        nameVi: c.vi,
        nameEn: c.en,
        domains: Number(counts.find((x) => x.category_code === c.code)?.n ?? 0),
      }));
    },
  );
  app.post(
    '/filter/categories',
    {
      schema: {
        tags,
        body: Type.Object(
          {
            code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
            nameVi: Type.String({ minLength: 1, maxLength: 100 }),
            nameEn: Type.String({ maxLength: 100 }),
            kind: Type.Optional(Type.Union([Type.Literal('block'), Type.Literal('allow')])),
            mandatory: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await saveCategory(ctxOf(req, deps), req.body.code, req.body, true);
      return reply.status(204).send(null);
    },
  );
  app.patch(
    '/filter/categories/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Object(
          {
            nameVi: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            nameEn: Type.Optional(Type.String({ maxLength: 100 })),
            mandatory: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await saveCategory(ctxOf(req, deps), req.params.id, req.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/filter/lists',
    { schema: { tags, summary: 'Danh sách chặn / block lists', response: { 200: Type.Array(List), ...errorResponses } } },
    async (req) => {
      cityFilterPolicy.authorize(req.actor, 'read');
      return (await db.selectFrom('filter_lists').selectAll().orderBy('category_code').orderBy('name').execute()).map(toList);
    },
  );
  app.post(
    '/filter/lists',
    {
      schema: {
        tags,
        summary: 'Nhập danh sách từ URL hoặc nội dung / import a list from a URL or content',
        body: ImportBody,
        response: { 201: ImportResult, ...errorResponses, 413: errorResponses[400], 415: errorResponses[400], 422: errorResponses[400] },
      },
    },
    async (req, reply) => {
      const { name, category, url, content } = req.body;
      if (!url && !content) throw badInput('url | content');
      const r = await importList(ctxOf(req, deps), { name, category, ...(url ? { url } : { content: Buffer.from(content!, 'utf8') }) });
      const lang = langFromHeader(req.headers['accept-language']);
      return reply.status(201).send({
        ...r,
        list: toList(r.list),
        rejectedLines: r.rejectedLines.map((x) => presentRejected(lang, x)),
      });
    },
  );
  app.post(
    '/filter/lists/:id/refresh',
    {
      schema: {
        tags,
        params: IdParams,
        response: { 200: ImportResult, ...errorResponses, 413: errorResponses[400], 415: errorResponses[400], 422: errorResponses[400] },
      },
    },
    async (req) => {
      const r = await refreshList(ctxOf(req, deps), req.params.id);
      const lang = langFromHeader(req.headers['accept-language']);
      return {
        ...r,
        list: toList(r.list),
        rejectedLines: r.rejectedLines.map((x) => presentRejected(lang, x)),
      };
    },
  );
  app.patch(
    '/filter/lists/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Object(
          {
            enabled: Type.Optional(Type.Boolean()),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
            category: Type.Optional(Type.String({ maxLength: 40 })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: List, ...errorResponses },
      },
    },
    async (req) => toList(await updateList(ctxOf(req, deps), req.params.id, req.body)),
  );
  app.delete('/filter/lists/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await deleteList(ctxOf(req, deps), req.params.id);
    return reply.status(204).send(null);
  });

  app.get(
    '/filter/bands',
    { schema: { tags, summary: 'Chính sách theo cấp học / band policies', response: { 200: Type.Array(BandPolicy), ...errorResponses } } },
    async (req) => {
      cityFilterPolicy.authorize(req.actor, 'read');
      return readBandPolicies(db);
    },
  );
  app.patch('/filter/bands/:id', { schema: { tags, params: IdParams, body: BandPatchBody, response: { 200: BandPolicy, ...errorResponses } } }, async (req) => {
    if (!BANDS.includes(req.params.id as Band)) throw notFound();
    // "block page" without its address would silently answer NXDOMAIN: refused (issue 11)
    await assertBlockPageAvailable(deps, req.body.blockResponse);
    return saveBandPolicy(ctxOf(req, deps), req.params.id as Band, req.body);
  });

  app.get('/filter/settings', { schema: { tags, response: { 200: Settings, ...errorResponses } } }, async (req) => {
    cityFilterPolicy.authorize(req.actor, 'read');
    return readSettings(db);
  });
  app.patch(
    '/filter/settings',
    { schema: { tags, body: Type.Partial(Settings, { additionalProperties: false, minProperties: 1 }), response: { 200: Settings, ...errorResponses } } },
    async (req) => saveSettings(ctxOf(req, deps), req.body),
  );

  app.get('/filter/schools/:id/rules', { schema: { tags, params: IdParams, response: { 200: Type.Array(Rules), ...errorResponses } } }, async (req) => {
    schoolFilterPolicy.authorize(req.actor, 'read', { school_id: req.params.id });
    const rows = await db.selectFrom('filter_school_rules').selectAll().where('school_id', '=', req.params.id).execute();
    return rows.map((r) => ({
      band: r.band as Band | 'all',
      blockedCategories: json(r.blocked_categories, []),
      blockDomains: json(r.block_domains, []),
      allowDomains: json(r.allow_domains, []),
    }));
  });
  app.put(
    '/filter/schools/:id/rules/:band',
    {
      schema: {
        tags,
        params: Type.Object({ id: Type.String({ maxLength: 64 }), band: Type.Union([BandT, Type.Literal('all')]) }),
        body: Type.Object(
          { blockedCategories: Type.Array(Type.String({ maxLength: 40 })), blockDomains: Domains, allowDomains: Domains },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ allowEffects: Type.Array(AllowEffectT) }), ...errorResponses },
      },
    },
    async (req) => {
      await saveSchoolRules(ctxOf(req, deps), req.params.id, req.params.band, req.body);
      // say what is true: an allow entry a city-mandatory category overrides does nothing (issue 11)
      const entries = req.body.allowDomains.map((domain) => ({ band: req.params.band, domain }));
      return { allowEffects: await allowEffects(db, deps.config.dataDir, req.params.id, entries) };
    },
  );
  app.put(
    '/filter/schools/:id/counsellor',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Object({ userId: Nullable(Type.String({ maxLength: 64 })) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await setCounsellor(ctxOf(req, deps), req.params.id, req.body.userId);
      return reply.status(204).send(null);
    },
  );

  // networks and the ranges the city assigns: src/filter/networks (ownership rules, issue 10)
  await networkRoutes(fastify, deps);

  app.get(
    '/filter/check',
    {
      schema: {
        tags,
        summary: 'Vì sao tên miền bị chặn? / why is this domain blocked for this band at this school?',
        querystring: Type.Object({
          domain: Type.Optional(Type.String({ maxLength: 260 })),
          schoolId: Type.Optional(Type.String({ maxLength: 64 })),
          band: Type.Optional(Type.String({ maxLength: 20 })),
          at: Type.Optional(Type.String({ maxLength: 40 })),
        }),
        response: { 200: Explanation, ...errorResponses },
      },
    },
    async (req) => {
      const { domain, schoolId, band, at } = req.query;
      if (schoolId) schoolFilterPolicy.authorize(req.actor, 'read', { school_id: schoolId });
      else cityFilterPolicy.authorize(req.actor, 'read');
      if (!domain || !BANDS.includes(band as Band)) throw badInput('domain, band');
      return explain(db, deps.config.dataDir, domain, schoolId ?? null, band as Band, at ? Date.parse(at) : undefined);
    },
  );

  app.get(
    '/filter/stats',
    {
      schema: {
        tags,
        summary: 'Số lượt tra cứu bị chặn theo giờ / blocked look-ups per hour',
        querystring: Type.Object({
          schoolId: Type.Optional(Type.String({ maxLength: 64 })),
          from: Type.Optional(Type.String({ maxLength: 40 })),
          to: Type.Optional(Type.String({ maxLength: 40 })),
        }),
        response: {
          200: Type.Object({
            hours: Type.Array(
              Type.Object({ hour: Type.String(), schoolId: Type.String(), band: Type.String(), category: Type.String(), count: Type.Integer() }),
            ),
            top: Type.Array(
              Type.Object({ day: Type.String(), schoolId: Type.String(), domain: Type.String(), category: Type.String(), count: Type.Integer() }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      filterStatsPolicy.authorize(req.actor, 'read');
      const scope = filterStatsPolicy.listScope(req.actor, 'read');
      const from = req.query.from ?? new Date(Date.now() - 7 * 86400_000).toISOString();
      const to = req.query.to ?? '9999';
      let h = whereScope(db.selectFrom('filter_counters'), scope).where('hour', '>=', from).where('hour', '<=', to);
      let tq = whereScope(db.selectFrom('filter_top_blocked'), scope).where('day', '>=', from.slice(0, 10)).where('day', '<=', to.slice(0, 10));
      if (req.query.schoolId) {
        h = h.where('school_id', '=', req.query.schoolId);
        tq = tq.where('school_id', '=', req.query.schoolId);
      }
      const hours = await h.selectAll().orderBy('hour').limit(20_000).execute();
      const top = await tq.selectAll().orderBy('count', 'desc').limit(100).execute();
      return {
        hours: hours.map((r) => ({ hour: r.hour, schoolId: r.school_id, band: r.band, category: r.category, count: Number(r.count) })),
        top: top.map((r) => ({ day: r.day, schoolId: r.school_id, domain: r.domain, category: r.category, count: Number(r.count) })),
      };
    },
  );

  app.get(
    '/filter/query-log',
    {
      schema: {
        tags,
        summary: 'Nhật ký truy vấn gần đây (chỉ dải mạng) / recent look-ups (subnet only)',
        response: { 200: Type.Array(Type.Any()), ...errorResponses },
      },
    },
    async (req) => {
      filterStatsPolicy.authorize(req.actor, 'read_log');
      const s = [...runningFilterServices][0];
      return s ? s.engine.queryLog.list(Date.now()) : [];
    },
  );

  app.get('/filter/status', { schema: { tags, response: { 200: Type.Any(), ...errorResponses } } }, async (req) => {
    cityFilterPolicy.authorize(req.actor, 'read');
    const s = [...runningFilterServices][0];
    if (!s) return { running: false };
    const m = s.engine.metrics;
    return {
      running: true,
      address: s.server.address,
      domains: m.domains,
      queries: m.total(),
      cacheEntries: s.engine.cache.size,
      cacheHitRatio: m.cacheHits + m.cacheMisses ? m.cacheHits / (m.cacheHits + m.cacheMisses) : 0,
      upstreams: s.engine.upstreams.servers.map((u) => ({ server: `${u.host}:${u.port}`, up: u.downUntil <= Date.now() })),
      blocks: Object.fromEntries(m.blocks),
      version: s.engine.snapshot.version,
    };
  });

  app.get(
    '/filter/alerts',
    {
      schema: {
        tags,
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.String(),
              schoolId: Type.String(),
              category: Type.String(),
              hour: Type.String(),
              count: Type.Integer(),
              baseline: Type.Number(),
              acknowledgedAt: Nullable(Type.String()),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      filterAlertPolicy.authorize(req.actor, 'read');
      const rows = await whereScope(db.selectFrom('filter_alerts'), filterAlertPolicy.listScope(req.actor, 'read'))
        .selectAll()
        .orderBy('hour', 'desc')
        .limit(200)
        .execute();
      return rows.map((a) => ({
        id: a.id,
        schoolId: a.school_id,
        category: a.category,
        hour: a.hour,
        count: Number(a.count),
        baseline: Number(a.baseline),
        acknowledgedAt: a.acknowledged_at,
      }));
    },
  );
  app.post('/filter/alerts/:id/acknowledge', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await acknowledgeAlert(ctxOf(req, deps), req.params.id);
    return reply.status(204).send(null);
  });
}
