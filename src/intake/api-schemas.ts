import { Type } from '@sinclair/typebox';
import { Nullable, Paging } from '../http/schemas.js';
import { AGE_BAND_CODES, CATEGORY_CODES, PLATFORMS, PRIORITIES, REJECT_REASONS, REPORTER_KIND_CODES, STATUSES, WHEN_CODES } from './vocab.js';

const lits = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));
export const CategoryT = lits(CATEGORY_CODES);
export const PriorityT = lits(PRIORITIES);
export const StatusT = lits(STATUSES);
const Hex = (n: number) => Type.String({ pattern: `^[0-9a-fA-F]{${n}}$` });

/** Partner intake (111 helpline, platforms, schools, citizen apps), after NCMEC's CyberTipline report. */
export const PartnerReport = Type.Object(
  {
    incidentTypes: Type.Array(CategoryT, { minItems: 1, maxItems: 10, description: 'what happened / loại sự việc' }),
    imminentDanger: Type.Optional(Type.Boolean({ description: 'a child is in danger now / trẻ đang gặp nguy hiểm' })),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    urls: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 20 })),
    reportedAccounts: Type.Optional(
      Type.Array(
        Type.Object(
          {
            platform: Type.Optional(lits(PLATFORMS)),
            account: Type.String({ minLength: 1, maxLength: 200 }),
            displayName: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 10 },
      ),
    ),
    platform: Type.Optional(lits(PLATFORMS)),
    incident: Type.Optional(
      Type.Object({ when: Type.Optional(lits(WHEN_CODES)), date: Type.Optional(Type.String({ format: 'date' })) }, { additionalProperties: false }),
    ),
    victim: Type.Optional(
      Type.Object({ ageBand: Type.Optional(lits(AGE_BAND_CODES)), unitId: Type.Optional(Type.String({ maxLength: 16 })) }, { additionalProperties: false }),
    ),
    reporter: Type.Optional(
      Type.Object(
        {
          kind: Type.Optional(lits(REPORTER_KIND_CODES)),
          name: Type.Optional(Type.String({ maxLength: 200 })),
          phone: Type.Optional(Type.String({ maxLength: 40, pattern: '^[0-9 +().-]*$' })),
          email: Type.Optional(Type.String({ maxLength: 254 })),
          consentToContact: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
    files: Type.Optional(
      Type.Array(
        Type.Object(
          {
            filename: Type.Optional(Type.String({ maxLength: 200 })),
            sha256: Type.Optional(Hex(64)),
            md5: Type.Optional(Hex(32)),
            contentBase64: Type.Optional(Type.String({ maxLength: 11_200_000, description: 'the file itself (≤ 8 MiB); images are re-encoded' })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 5 },
      ),
    ),
    partnerReference: Type.Optional(Type.String({ maxLength: 100 })),
    lang: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')])),
  },
  { additionalProperties: false, $id: 'PartnerReport' },
);

export const SubmitResponse = Type.Object(
  {
    id: Type.String(),
    trackingCode: Type.String(),
    pin: Type.String({ description: 'shown once; give it to the reporter / chỉ hiện một lần' }),
    priority: PriorityT,
    status: StatusT,
    createdAt: Type.String(),
    replayed: Type.Boolean({ description: 'true when this Idempotency-Key was seen before' }),
  },
  { $id: 'IntakeSubmitResponse' },
);

export const ReportSummary = Type.Object(
  {
    id: Type.String(),
    trackingCode: Type.String(),
    status: StatusT,
    priority: PriorityT,
    categories: Type.Array(Type.String()),
    imminentDanger: Type.Boolean(),
    source: Type.String(),
    reporterKind: Type.String(),
    ageBand: Type.String(),
    unitId: Nullable(Type.String()),
    platform: Nullable(Type.String()),
    agencyId: Nullable(Type.String()),
    handoverUnitId: Nullable(Type.String()),
    handoverAgencyId: Nullable(Type.String()),
    ackDueAt: Type.String(),
    actionDueAt: Type.String(),
    acknowledgedAt: Nullable(Type.String()),
    firstActionAt: Type.Union([Type.String(), Type.Null()]),
    overdue: Type.Boolean(),
    spamScore: Type.Integer(),
    spamReasons: Type.Array(Type.String()),
    urlCount: Type.Integer(),
    fileCount: Type.Integer(),
    linkedCount: Type.Integer(),
    createdAt: Type.String(),
  },
  { $id: 'IntakeReportSummary' },
);

export const Evidence = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  mime: Nullable(Type.String()),
  size: Type.Integer(),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  sha256: Nullable(Type.String()),
  originalSha256: Nullable(Type.String()),
  md5: Nullable(Type.String()),
  pdq: Nullable(Type.String()),
  filename: Nullable(Type.String()),
});

export const ReportDetail = Type.Object(
  {
    summary: ReportSummary,
    description: Type.String(),
    urls: Type.Array(Type.String()),
    accounts: Type.Array(Type.String()),
    contact: Nullable(Type.Object({ name: Type.Optional(Type.String()), phone: Type.Optional(Type.String()), email: Type.Optional(Type.String()) })),
    contactConsent: Type.Boolean(),
    whenCode: Type.String(),
    incidentDate: Nullable(Type.String()),
    needsVictimSupport: Type.Boolean(),
    needsViolationHandling: Type.Boolean(),
    rejectReason: Nullable(Type.String()),
    mergedInto: Nullable(Type.String()),
    /** The tracking code of the report this one was merged into. */
    mergedIntoCode: Nullable(Type.String()),
    extra: Type.Unknown(),
    evidence: Type.Array(Evidence),
    links: Type.Array(Type.Object({ reportId: Type.String(), trackingCode: Type.String(), reason: Type.String(), status: Type.String() })),
    /** The history in the reader's language: the step (glossary.ts) and a sentence naming wards, agencies and reports, never ids. */
    events: Type.Array(Type.Object({ at: Type.String(), actor: Type.String(), type: Type.String(), title: Type.String(), text: Type.String() })),
    handovers: Type.Array(
      Type.Object({
        id: Type.String(),
        victimSupport: Type.Boolean(),
        violationHandling: Type.Boolean(),
        unitId: Nullable(Type.String()),
        agencyId: Nullable(Type.String()),
        /** "Phường Hoàn Kiếm" / the agency's name, in the reader's language. */
        unitName: Nullable(Type.String()),
        agencyName: Nullable(Type.String()),
        note: Nullable(Type.String()),
        status: Type.String(),
        createdAt: Type.String(),
      }),
    ),
  },
  { $id: 'IntakeReportDetail' },
);

export const PriorityRule = Type.Object(
  {
    id: Type.Optional(Type.String()),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    nameEn: Type.String({ minLength: 1, maxLength: 200 }),
    categories: Type.Array(CategoryT, { maxItems: 20 }),
    imminentOnly: Type.Boolean(),
    ageBands: Type.Array(lits(AGE_BAND_CODES), { maxItems: 5 }),
    priority: PriorityT,
    active: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const RoutingRule = Type.Object(
  {
    id: Type.Optional(Type.String()),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    categories: Type.Array(CategoryT, { maxItems: 20 }),
    unitId: Nullable(Type.String({ maxLength: 16 })),
    agencyCode: Type.String({ minLength: 1, maxLength: 32 }),
    active: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const SlaSetting = Type.Object(
  {
    priority: PriorityT,
    ackMinutes: Type.Integer({ minimum: 1, maximum: 525_600 }),
    actionMinutes: Type.Integer({ minimum: 1, maximum: 525_600 }),
  },
  { additionalProperties: false },
);

export const Notification = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  reportId: Nullable(Type.String()),
  message: Type.String(),
  createdAt: Type.String(),
  read: Type.Boolean(),
});

// ── queue, settings and notification requests and answers (the routes' schemas) ────────────

/** The queue's status filter: one status, or the groups `open` (new, accepted, handed over: the default), `closed` (merged, rejected) and `all`. */
export const StatusFilterT = Type.Union([...STATUSES.map((x) => Type.Literal(x)), Type.Literal('open'), Type.Literal('closed'), Type.Literal('all')], {
  description: 'one status, or open (default: new, accepted, handed over), closed (merged, rejected) or all',
});

export const ReportListQuery = Type.Object({
  status: Type.Optional(StatusFilterT),
  priority: Type.Optional(PriorityT),
  category: Type.Optional(CategoryT),
  unitId: Type.Optional(Type.String({ maxLength: 16 })),
  agencyId: Type.Optional(Type.String({ maxLength: 64 })),
  overdue: Type.Optional(Type.Boolean()),
  spam: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ maxLength: 20, description: 'tracking code or a part of it ("7K3M", "lc-7k3m-9q")' })),
  ...Paging,
});

export const StatsQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
});

export const ReportStats = Type.Object({
  total: Type.Integer(),
  byStatus: Type.Record(Type.String(), Type.Integer()),
  byPriority: Type.Record(Type.String(), Type.Integer()),
  byCategory: Type.Record(Type.String(), Type.Integer()),
  byUnit: Type.Record(Type.String(), Type.Integer()),
  overdue: Type.Integer(),
  flaggedSpam: Type.Integer(),
});

export const RejectBody = Type.Object({ reason: lits(REJECT_REASONS), note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });

export const MergeBody = Type.Object({ into: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export const HandoverBody = Type.Object(
  {
    victimSupport: Type.Boolean(),
    violationHandling: Type.Boolean(),
    unitId: Type.Optional(Nullable(Type.String({ maxLength: 16 }))),
    agencyId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);

export const DetectionRequestResponse = Type.Object({ requestId: Type.String(), urls: Type.Integer() });

export const PriorityRules = Type.Object({ items: Type.Array(PriorityRule) });
export const PriorityRulesBody = Type.Object({ items: Type.Array(PriorityRule, { minItems: 1, maxItems: 100 }) }, { additionalProperties: false });
export const RoutingRules = Type.Object({ items: Type.Array(RoutingRule) });
export const RoutingRulesBody = Type.Object({ items: Type.Array(RoutingRule, { minItems: 1, maxItems: 500 }) }, { additionalProperties: false });
export const SlaSettings = Type.Object({ items: Type.Array(SlaSetting) });
export const SlaSettingsBody = Type.Object({ items: Type.Array(SlaSetting, { minItems: 1, maxItems: 4 }) }, { additionalProperties: false });
export const SavedCount = Type.Object({ count: Type.Integer() });
export const SweepResult = Type.Object({ reports: Type.Integer() });

export const Vocabulary = Type.Record(Type.String(), Type.Array(Type.Object({ code: Type.String(), label: Type.String() })));

export const NotificationsQuery = Type.Object({ unread: Type.Optional(Type.Boolean()), ...Paging });
export const NotificationList = Type.Object({ items: Type.Array(Notification), unread: Type.Integer() });
