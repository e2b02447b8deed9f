import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Nullable, Paging, Text } from '../http/schemas.js';
import { MAX_TEXT } from './input.js';
import {
  AGE_BANDS,
  APPROVAL_STEPS,
  CASE_SOURCES,
  CLOSURE_REASONS,
  CONCERNS,
  CONSENT_GIVERS,
  CONSENT_KINDS,
  DECISIONS,
  EVIDENCE_KINDS,
  GENDERS,
  NEEDS,
  OUTCOMES,
  REFERRAL_TARGETS,
  RISK_LEVELS,
  SERVICE_KINDS,
  SERVICE_STATUSES,
  SUBJECT_KINDS,
  VICTIM_STATES,
  VIOLATION_STATES,
  VIOLATION_TYPES,
} from './vocab.js';

/**
 * The cases API, exported so the console (ui/, `import type` only) and tests check themselves
 * against the server's own shapes. Codes are validated against the vocabularies (vocab.ts);
 * Static<> gives the console each code list as a union.
 */
const codeOf = <T extends Record<string, unknown>>(labels: T, options: { description?: string } = {}) =>
  Type.Unsafe<Extract<keyof T, string>>({ type: 'string', enum: Object.keys(labels), ...options });

/** An ISO date or date-time; never in the future (checked by the use case). */
const When = Type.String({ minLength: 10, maxLength: 30, description: 'ISO-8601; không được ở tương lai / never in the future' });
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Version = Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: 'phiên bản hồ sơ bạn đã xem / the case version you saw' });
const Note = Text(MAX_TEXT, 0);
const Reason = Text(1000, 10);
const strict = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });

export const VictimStateT = codeOf(VICTIM_STATES);
export const ViolationStateT = codeOf(VIOLATION_STATES);

export const CaseSummary = Type.Object({
  id: Type.String(),
  code: Type.String(),
  source: codeOf(CASE_SOURCES),
  victimState: Nullable(VictimStateT),
  violationState: Nullable(ViolationStateT),
  pendingApproval: Nullable(codeOf(APPROVAL_STEPS)),
  riskLevel: Nullable(codeOf(RISK_LEVELS)),
  unitId: Nullable(Type.String()),
  agencyId: Nullable(Type.String()),
  schoolId: Nullable(Type.String()),
  assignedTo: Nullable(Type.String()),
  assignedName: Nullable(Type.String()),
  ageBand: Nullable(Type.String()),
  gender: Nullable(Type.String()),
  violationType: Nullable(Type.String()),
  decision: Nullable(Type.String()),
  openedAt: Type.String(),
  firstSupportAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  version: Type.Integer(),
  updatedAt: Type.String(),
});
export type CaseSummary = Static<typeof CaseSummary>;

export const Service = Type.Object({
  id: Type.String(),
  kind: codeOf(SERVICE_KINDS),
  provider: Type.String(),
  status: codeOf(SERVICE_STATUSES),
  startedAt: Nullable(Type.String()),
  endedAt: Nullable(Type.String()),
});

export const TimelineEntry = Type.Object({
  seq: Type.Integer(),
  type: Type.String(),
  /** The event's name in the caller's language. */
  label: Type.String(),
  at: Type.String(),
  recordedAt: Type.String(),
  actorRole: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  data: Type.Record(Type.String(), Type.Unknown()),
  /** The event's note or reason (sealed at rest): shown to the workers holding the case only. */
  note: Nullable(Type.String()),
});

export const CaseDetail = Type.Composite([
  CaseSummary,
  Type.Object({
    risk: Nullable(Type.Object({ level: codeOf(RISK_LEVELS), concerns: Type.Array(Type.String()) })),
    plan: Nullable(Type.Object({ needs: Type.Array(Type.String()), goalCount: Type.Integer(), goals: Nullable(Type.Array(Type.String())) })),
    services: Type.Array(Service),
    followUps: Type.Integer(),
    closureReason: Nullable(Type.String()),
    subject: Nullable(Type.Object({ subjectKind: Type.String(), violationType: Type.String() })),
    evidence: Type.Array(Type.Object({ kind: Type.String(), refId: Type.String() })),
    referredTo: Type.Array(Type.String()),
    decisionDetail: Nullable(
      Type.Object({
        decision: Type.String(),
        decisionNumber: Nullable(Type.String()),
        amount: Nullable(Type.Number()),
        takedownId: Nullable(Type.String()),
        at: Type.String(),
        takedown: Nullable(
          Type.Object({ status: Type.String(), platform: Type.String(), sentAt: Nullable(Type.String()), removedAt: Nullable(Type.String()) }),
        ),
      }),
    ),
    outcome: Nullable(Type.String()),
    consent: Type.Object({
      services: Nullable(Type.String()),
      count: Nullable(Type.String()),
      share: Type.Array(Type.Object({ agencyId: Type.String(), status: Type.String() })),
    }),
    reports: Type.Array(Type.Object({ id: Type.String(), trackingCode: Type.String() })),
    timeline: Type.Array(TimelineEntry),
    /** What the caller may do on this case (the console shows the buttons). */
    can: Type.Object({ work: Type.Boolean(), approve: Type.Boolean(), reveal: Type.Boolean() }),
  }),
]);
export type CaseDetail = Static<typeof CaseDetail>;

export const ListCasesQuery = Type.Object(
  {
    victimState: Type.Optional(VictimStateT),
    violationState: Type.Optional(ViolationStateT),
    risk: Type.Optional(codeOf(RISK_LEVELS)),
    unitId: Type.Optional(Id),
    agencyId: Type.Optional(Id),
    assignedTo: Type.Optional(Id),
    pending: Type.Optional(Type.Boolean()),
    open: Type.Optional(Type.Boolean()),
    /** An SLA step past its limit (case work's rule: work/sla-clocks.ts). */
    overdue: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 40, pattern: '^[A-Za-z0-9-]+$', description: 'mã hồ sơ / case code' })),
    ...Paging,
  },
  { additionalProperties: false },
);

export const OpenCaseBody = strict({
  source: codeOf({ counsellor: 1, hotline_111: 1, direct: 1 }),
  victim: Type.Boolean(),
  violation: Type.Boolean(),
  unitId: Type.Optional(Nullable(Id)),
  agencyId: Type.Optional(Nullable(Id)),
  schoolId: Type.Optional(Nullable(Id)),
  at: Type.Optional(When),
  note: Type.Optional(Note),
});

export const TakeHandoverBody = strict({
  victim: Type.Optional(Type.Boolean()),
  violation: Type.Optional(Type.Boolean()),
  /** Join an existing case (the same child or offender) instead of opening one; its version. */
  joinCaseId: Type.Optional(Id),
  version: Type.Optional(Version),
});

export const HandoverItem = Type.Object({
  id: Type.String(),
  reportId: Type.String(),
  trackingCode: Type.String(),
  priority: Type.String(),
  categories: Type.Array(Type.String()),
  ageBand: Type.String(),
  victimSupport: Type.Boolean(),
  violationHandling: Type.Boolean(),
  unitId: Nullable(Type.String()),
  agencyId: Nullable(Type.String()),
  status: Type.String(),
  createdAt: Type.String(),
  dueAt: Type.String(),
  overdue: Type.Boolean(),
  takenAt: Nullable(Type.String()),
  /** The case holding a linked report (same link, account or file), or the case this hand-over opened. */
  caseId: Nullable(Type.String()),
  caseCode: Nullable(Type.String()),
  suggestedCaseId: Nullable(Type.String()),
  suggestedCaseCode: Nullable(Type.String()),
});
export const HandoverQuery = Type.Object({ status: Type.Optional(codeOf({ open: 1, taken: 1 })), ...Paging }, { additionalProperties: false });

const Guardian = strict({ name: Type.Optional(Text(200, 0)), relation: Type.Optional(Text(100, 0)), phone: Type.Optional(Text(40, 0)) });

export const RegistrationBody = strict({
  version: Version,
  ageBand: codeOf(AGE_BANDS),
  gender: codeOf(GENDERS),
  unitId: Type.Optional(Nullable(Id)),
  schoolId: Type.Optional(Nullable(Id)),
  /** Identifying (sealed, shown only through reveal with a reason); may be left out: pseudonymous. */
  name: Type.Optional(Text(200, 0)),
  guardians: Type.Optional(Type.Array(Guardian, { maxItems: 5 })),
  safeContact: Type.Optional(Text(500, 0)),
  at: Type.Optional(When),
});
export const AssessmentBody = strict({
  version: Version,
  level: codeOf(RISK_LEVELS),
  concerns: Type.Array(codeOf(CONCERNS), { maxItems: 20 }),
  note: Type.Optional(Note),
  at: Type.Optional(When),
});
export const PlanBody = strict({
  version: Version,
  needs: Type.Array(codeOf(NEEDS), { minItems: 1, maxItems: 20 }),
  goals: Type.Array(Text(1000), { minItems: 1, maxItems: 20 }),
  at: Type.Optional(When),
});
export const ApprovalBody = strict({
  version: Version,
  step: codeOf(APPROVAL_STEPS),
  decision: codeOf({ approve: 1, return: 1 }),
  note: Type.Optional(Note),
});
export const ServiceBody = strict({
  version: Version,
  kind: codeOf(SERVICE_KINDS),
  provider: Text(200),
  status: codeOf(SERVICE_STATUSES),
  startedAt: Type.Optional(When),
  endedAt: Type.Optional(When),
  note: Type.Optional(Note),
});
export const ServiceUpdateBody = strict({
  version: Version,
  status: codeOf(SERVICE_STATUSES),
  startedAt: Type.Optional(When),
  endedAt: Type.Optional(When),
  note: Type.Optional(Note),
});
export const ServiceParams = Type.Object({ id: Id, serviceId: Id });
export const FollowUpBody = strict({ version: Version, note: Text(MAX_TEXT), at: Type.Optional(When) });
export const CloseBody = strict({ version: Version, reason: codeOf(CLOSURE_REASONS), note: Type.Optional(Note), at: Type.Optional(When) });
export const ReopenBody = strict({ version: Version, reason: Reason });
export const SubjectBody = strict({
  version: Version,
  subjectKind: codeOf(SUBJECT_KINDS),
  violationType: codeOf(VIOLATION_TYPES),
  /** Sealed: who or what it is (a name, an account, a site). */
  description: Type.Optional(Text(2000, 0)),
});
export const EvidenceBody = strict({ version: Version, kind: codeOf(EVIDENCE_KINDS), refId: Id });
export const ViolationReferralBody = strict({
  version: Version,
  to: codeOf(REFERRAL_TARGETS),
  agencyId: Type.Optional(Nullable(Id)),
  note: Type.Optional(Note),
  at: Type.Optional(When),
});
export const DecisionBody = strict({
  version: Version,
  decision: codeOf(DECISIONS),
  decisionNumber: Type.Optional(Text(60, 0)),
  amount: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000_000_000 })),
  takedownId: Type.Optional(Id),
  at: Type.Optional(When),
  note: Type.Optional(Note),
});
export const ViolationCloseBody = strict({ version: Version, outcome: codeOf(OUTCOMES), note: Type.Optional(Note), at: Type.Optional(When) });
export const ConsentBody = strict({
  version: Version,
  kind: codeOf(CONSENT_KINDS),
  given: Type.Boolean(),
  by: codeOf(CONSENT_GIVERS),
  agencyId: Type.Optional(Nullable(Id)),
  at: Type.Optional(When),
});
export const ConsentWithdrawBody = strict({ version: Version, kind: codeOf(CONSENT_KINDS), agencyId: Type.Optional(Nullable(Id)), at: Type.Optional(When) });
export const NoteBody = strict({ version: Version, text: Text(MAX_TEXT) });
export const TrackBody = strict({ version: Version, track: codeOf({ victim: 1, violation: 1 }) });
export const LinkReportBody = strict({ version: Version, reportId: Id });
export const AssignBody = strict({ version: Version, userId: Nullable(Id) });
export const ReasonBody = strict({ reason: Reason });

export const ChildIdentity = Type.Object({
  name: Nullable(Type.String()),
  guardians: Type.Array(Type.Object({ name: Nullable(Type.String()), relation: Nullable(Type.String()), phone: Nullable(Type.String()) })),
  safeContact: Nullable(Type.String()),
});
export const CaseExport = Type.Object({ case: CaseDetail, child: ChildIdentity, exportedAt: Type.String() });

export const ApprovalSettings = Type.Object({ ownerId: Type.String(), assessment: Type.Boolean(), plan: Type.Boolean(), closure: Type.Boolean() });
export const ApprovalSettingsBody = strict({ assessment: Type.Boolean(), plan: Type.Boolean(), closure: Type.Boolean() });
export const OwnerParams = Type.Object({ ownerId: Id });
export const UserParams = Type.Object({ userId: Id });

const LabelList = Type.Array(Type.Object({ code: Type.String(), label: Type.String() }));
export const CaseVocabulary = Type.Record(Type.String(), LabelList);
