import { Type } from '@sinclair/typebox';
import { Nullable } from '../http/schemas.js';
import { BANDS } from './model.js';

/** Request and answer shapes of the false-positive loop's routes (issue 11; /tmp contract mirrored in README). */
export const BandT = Type.Union(BANDS.map((b) => Type.Literal(b)));
const GroupCode = Type.String({ pattern: '^[a-z0-9_]{1,40}$' });

export const GuardEntry = Type.Object({
  domain: Type.String(),
  group: Type.String(),
  reasonVi: Type.String(),
  reasonEn: Type.String(),
  origin: Type.Union([Type.Literal('seed'), Type.Literal('city')]),
  /** each subdomain is a different owner's site (xyz.blogspot.com): lists may block one, never the platform */
  tenantSubdomains: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const GuardEntryBody = Type.Object(
  {
    domain: Type.String({ minLength: 1, maxLength: 260 }),
    group: Type.Optional(GroupCode),
    reasonVi: Type.String({ minLength: 1, maxLength: 300 }),
    reasonEn: Type.Optional(Type.String({ maxLength: 300 })),
    tenantSubdomains: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const GuardPatchBody = Type.Object(
  {
    group: Type.Optional(GroupCode),
    reasonVi: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    reasonEn: Type.Optional(Type.String({ maxLength: 300 })),
    tenantSubdomains: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const ReasonBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
export const DomainParams = Type.Object({ domain: Type.String({ minLength: 1, maxLength: 260 }) });

export const GuardDecision = Type.Object({
  id: Type.String(),
  domain: Type.String(),
  category: Type.String(),
  reason: Type.String(),
  guard: Type.String(),
  decidedBy: Nullable(Type.String()),
  decidedAt: Type.String(),
  revokedAt: Nullable(Type.String()),
  revokedReason: Nullable(Type.String()),
});
export const GuardDecisionBody = Type.Object(
  {
    domain: Type.String({ minLength: 1, maxLength: 260 }),
    category: Type.String({ minLength: 1, maxLength: 40 }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export const GuardCheck = Type.Object({ domain: Type.String(), guarded: Type.Boolean(), guard: Nullable(GuardEntry), decision: Nullable(GuardDecision) });

export const ListRejected = Type.Object({
  listId: Type.String(),
  guarded: Type.Array(Type.Object({ name: Type.String(), guard: Type.String(), reasonVi: Type.String(), reasonEn: Type.String() })),
  total: Type.Integer(),
});

export const HeldRefresh = Type.Object({
  id: Type.String(),
  listId: Type.String(),
  listName: Type.String(),
  category: Type.String(),
  reasons: Type.Array(Type.Union([Type.Literal('share'), Type.Literal('guarded')])),
  entriesBefore: Type.Integer(),
  entriesAfter: Type.Integer(),
  added: Type.Integer(),
  removed: Type.Integer(),
  share: Type.Number(),
  threshold: Type.Number(),
  addedSample: Type.Array(Type.String()),
  removedSample: Type.Array(Type.String()),
  guardedAdded: Type.Array(Type.Object({ name: Type.String(), guard: Type.String(), reasonVi: Type.String(), reasonEn: Type.String() })),
  createdAt: Type.String(),
});

export const ReviewStatusT = Type.Union([Type.Literal('open'), Type.Literal('escalated'), Type.Literal('allowed'), Type.Literal('declined')]);
export const Review = Type.Object({
  id: Type.String(),
  schoolId: Nullable(Type.String()),
  schoolName: Nullable(Type.String()),
  domain: Type.String(),
  band: Nullable(BandT),
  category: Type.String(),
  categoryNameVi: Type.String(),
  categoryNameEn: Type.String(),
  mandatory: Type.Boolean(),
  note: Nullable(Type.String()),
  status: ReviewStatusT,
  answerReason: Nullable(Type.String()),
  answeredBy: Nullable(Type.String()),
  answeredAt: Nullable(Type.String()),
  escalatedAt: Nullable(Type.String()),
  requests: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const ReviewQuery = Type.Object(
  { status: Type.Optional(Type.Union([ReviewStatusT, Type.Literal('all')])), schoolId: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);
export const ReviewCounts = Type.Object({ open: Type.Integer(), escalated: Type.Integer(), waiting: Type.Integer() });

export const AllowEffect = Type.Object({
  domain: Type.String(),
  band: Type.Union([BandT, Type.Literal('all')]),
  effective: Type.Boolean(),
  /** why the allow does nothing: which rule still blocks the name after it */
  reason: Nullable(Type.Union([Type.Literal('mandatory_category'), Type.Literal('city_block'), Type.Literal('school_block'), Type.Literal('blocked')])),
  category: Nullable(Type.String()),
  categoryNameVi: Nullable(Type.String()),
  categoryNameEn: Nullable(Type.String()),
  messageVi: Nullable(Type.String()),
  messageEn: Nullable(Type.String()),
});
export const AllowBody = Type.Object({ scope: Type.Optional(Type.Union([Type.Literal('school'), Type.Literal('city')])) }, { additionalProperties: false });
export const AllowAnswer = Type.Object({ review: Review, effect: AllowEffect });
export const EscalateBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

export const CategoryCoverage = Type.Object({
  code: Type.String(),
  kind: Type.String(),
  mandatory: Type.Boolean(),
  domains: Type.Integer(),
  lists: Type.Integer(),
  empty: Type.Boolean(),
  hintVi: Nullable(Type.String()),
  hintEn: Nullable(Type.String()),
});
export const BlockPageStatus = Type.Object({
  ipv4: Nullable(Type.String()),
  ipv6: Nullable(Type.String()),
  configured: Type.Boolean(),
  bands: Type.Array(
    Type.Object({
      band: BandT,
      blockResponse: Type.String(),
      active: Type.Boolean(),
      effective: Type.Union([Type.Literal('blockpage'), Type.Literal('nxdomain')]),
    }),
  ),
});

export const LiveEntry = Type.Object({
  at: Type.String(),
  name: Type.String(),
  qtype: Type.Integer(),
  category: Type.String(),
  categoryNameVi: Type.String(),
  categoryNameEn: Type.String(),
  mandatory: Type.Boolean(),
});
export const LiveView = Type.Object({ running: Type.Boolean(), windowSeconds: Type.Integer(), band: Type.Literal('staff'), entries: Type.Array(LiveEntry) });
export const LiveAllowBody = Type.Object(
  { schoolId: Type.String({ maxLength: 64 }), domain: Type.String({ minLength: 1, maxLength: 260 }) },
  { additionalProperties: false },
);
export const LiveReportBody = Type.Object(
  {
    schoolId: Type.String({ maxLength: 64 }),
    domain: Type.String({ minLength: 1, maxLength: 260 }),
    category: Type.String({ maxLength: 40 }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
