import { Type } from '@sinclair/typebox';
import { Nullable } from '../http/schemas.js';
import { BANDS } from './model.js';
import { AllowEffect as AllowEffectT, HeldRefresh } from './safety-api-schemas.js';

/**
 * The filter's API shapes (categories, lists, band policies, school rules, settings, "why is this
 * blocked?", statistics, alerts), exported so the console and the tests can check against them.
 * The false-positive loop's shapes are in safety-api-schemas.ts.
 */
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
export const BandPolicy = Type.Object({
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
export const BandPatchBody = Type.Object(
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
export const Category = Type.Object({
  code: Type.String(),
  bit: Type.Integer(),
  kind: Type.String(),
  mandatory: Type.Boolean(),
  nameVi: Type.String(),
  nameEn: Type.String(),
  domains: Type.Integer(),
});
export const List = Type.Object({
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
export const ImportBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    category: Type.String({ maxLength: 40 }),
    url: Type.Optional(Type.String({ maxLength: 2000 })),
    content: Type.Optional(Type.String({ maxLength: 900_000 })),
  },
  { additionalProperties: false },
);
export const ImportResult = Type.Object({
  list: List,
  lines: Type.Integer(),
  accepted: Type.Integer(),
  exceptions: Type.Integer(),
  rejected: Type.Integer(),
  rejectedLines: Type.Array(Type.Object({ line: Type.Integer(), text: Type.String(), reason: Type.String(), guard: Type.Optional(Type.String()) })),
  /** issue 11: a refresh that changes too much, or adds guarded names, waits for review */
  held: Type.Optional(Nullable(HeldRefresh)),
});
export const Rules = Type.Object({
  band: Type.Union([BandT, Type.Literal('all')]),
  blockedCategories: Type.Array(Type.String()),
  blockDomains: Type.Array(Type.String()),
  allowDomains: Type.Array(Type.String()),
});
export const Settings = Type.Object({
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
export const Explanation = Type.Object({
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

export const CategoryCreateBody = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
    nameVi: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.String({ maxLength: 100 }),
    kind: Type.Optional(Type.Union([Type.Literal('block'), Type.Literal('allow')])),
    mandatory: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const CategoryPatchBody = Type.Object(
  {
    nameVi: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    nameEn: Type.Optional(Type.String({ maxLength: 100 })),
    mandatory: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const ListPatchBody = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    category: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const SettingsPatchBody = Type.Partial(Settings, { additionalProperties: false, minProperties: 1 });
export const RulesParams = Type.Object({ id: Type.String({ maxLength: 64 }), band: Type.Union([BandT, Type.Literal('all')]) });
export const RulesBody = Type.Object(
  { blockedCategories: Type.Array(Type.String({ maxLength: 40 })), blockDomains: Domains, allowDomains: Domains },
  { additionalProperties: false },
);
export const RulesSaved = Type.Object({ allowEffects: Type.Array(AllowEffectT) });
export const CounsellorBody = Type.Object({ userId: Nullable(Type.String({ maxLength: 64 })) }, { additionalProperties: false });
export const CheckQuery = Type.Object({
  domain: Type.Optional(Type.String({ maxLength: 260 })),
  schoolId: Type.Optional(Type.String({ maxLength: 64 })),
  band: Type.Optional(Type.String({ maxLength: 20 })),
  at: Type.Optional(Type.String({ maxLength: 40 })),
});
export const StatsQuery = Type.Object({
  schoolId: Type.Optional(Type.String({ maxLength: 64 })),
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
});
export const Stats = Type.Object({
  hours: Type.Array(Type.Object({ hour: Type.String(), schoolId: Type.String(), band: Type.String(), category: Type.String(), count: Type.Integer() })),
  top: Type.Array(Type.Object({ day: Type.String(), schoolId: Type.String(), domain: Type.String(), category: Type.String(), count: Type.Integer() })),
});
export const Alert = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  category: Type.String(),
  hour: Type.String(),
  count: Type.Integer(),
  baseline: Type.Number(),
  acknowledgedAt: Nullable(Type.String()),
});

/** One recent look-up of the engine's short troubleshooting log: a subnet, never a device. */
export const QueryLogEntry = Type.Object({
  at: Type.String(),
  subnet: Type.String({ description: 'the client /24 (IPv4) or /48 (IPv6), never more' }),
  schoolId: Nullable(Type.String()),
  band: Nullable(BandT),
  name: Type.String(),
  qtype: Type.Integer(),
  action: Type.Union([Type.Literal('allowed'), Type.Literal('blocked'), Type.Literal('safe_search'), Type.Literal('canary')]),
  category: Nullable(Type.String()),
});

/** The DNS engine of this process: whether it runs, and its counters, cache, upstreams and snapshot. */
export const EngineStatus = Type.Object({
  running: Type.Boolean(),
  address: Type.Optional(Type.Object({ host: Type.String(), port: Type.Integer() })),
  domains: Type.Optional(Type.Integer()),
  queries: Type.Optional(Type.Integer()),
  cacheEntries: Type.Optional(Type.Integer()),
  cacheHitRatio: Type.Optional(Type.Number()),
  upstreams: Type.Optional(Type.Array(Type.Object({ server: Type.String(), up: Type.Boolean() }))),
  blocks: Type.Optional(Type.Record(Type.String(), Type.Integer())),
  version: Type.Optional(Type.String()),
});
