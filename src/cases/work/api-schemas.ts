import { Type } from '@sinclair/typebox';
import { Nullable, Paging, Text } from '../../http/schemas.js';
import { codesOf, DECLINE_REASONS, REFERRAL_KINDS, REFERRAL_PURPOSES, REFERRAL_STATUSES, TASK_STATUSES } from './vocab.js';

/**
 * Request and response shapes of case work (referrals and transfers, tasks, SLA, caseload). The
 * console takes its types from here (`import type`), so a changed shape fails its type-check.
 */
const lits = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const Id = Type.String({ minLength: 1, maxLength: 64 });
const When = Type.String({ format: 'date-time', maxLength: 40 });
/** Every write names the case version it saw (409 when someone changed the case since). */
const Version = Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: 'the case version this change is based on' });

export const ReferralKindT = lits(codesOf(REFERRAL_KINDS));
export const ReferralPurposeT = lits(codesOf(REFERRAL_PURPOSES));
export const ReferralStatusT = lits(codesOf(REFERRAL_STATUSES));
export const DeclineReasonT = lits(codesOf(DECLINE_REASONS));
export const TaskStatusT = lits(codesOf(TASK_STATUSES));

export const SendReferralBody = Type.Object(
  {
    version: Version,
    kind: ReferralKindT,
    purpose: ReferralPurposeT,
    toUnitId: Type.Optional(Type.String({ minLength: 1, maxLength: 16 })),
    toAgencyId: Type.Optional(Id),
    note: Type.Optional(Text(4000)),
    answerWithinHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720 })),
    /** Only a case manager, only when the child's consent to share with that agency is missing. */
    consentOverrideReason: Type.Optional(Text(1000, 10)),
  },
  { additionalProperties: false },
);

export const AnswerReferralBody = Type.Object(
  {
    version: Version,
    answer: lits(['accept', 'decline'] as const),
    declineReason: Type.Optional(DeclineReasonT),
    note: Type.Optional(Text(4000)),
  },
  { additionalProperties: false },
);

export const WithdrawReferralBody = Type.Object({ version: Version, note: Type.Optional(Text(4000)) }, { additionalProperties: false });

const Party = Type.Object({ unitId: Nullable(Type.String()), agencyId: Nullable(Type.String()), name: Type.String() });

export const Referral = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  caseCode: Type.String(),
  /** The case's version now: what an answer must name. */
  caseVersion: Type.Integer(),
  kind: ReferralKindT,
  kindLabel: Type.String(),
  purpose: ReferralPurposeT,
  purposeLabel: Type.String(),
  from: Party,
  to: Party,
  status: ReferralStatusT,
  statusLabel: Type.String(),
  /** Unsealed for those who may read the referral; audited. */
  note: Nullable(Type.String()),
  consentOverride: Type.Boolean(),
  answerDueAt: Type.String(),
  overdue: Type.Boolean(),
  createdAt: Type.String(),
  answeredAt: Nullable(Type.String()),
  declineReason: Nullable(DeclineReasonT),
  declineReasonLabel: Nullable(Type.String()),
  answerNote: Nullable(Type.String()),
});

export const ReferralListQuery = Type.Object(
  {
    box: Type.Optional(lits(['incoming', 'outgoing', 'all'] as const)),
    status: Type.Optional(ReferralStatusT),
    ...Paging,
  },
  { additionalProperties: false },
);

export const ChangeResult = Type.Object({ id: Type.String(), caseVersion: Type.Integer() });

export const AddTaskBody = Type.Object(
  {
    version: Version,
    title: Text(300),
    dueAt: When,
    remindAt: Type.Optional(When),
    assigneeId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const UpdateTaskBody = Type.Object(
  {
    version: Version,
    status: Type.Optional(lits(['done', 'cancelled'] as const)),
    dueAt: Type.Optional(When),
    remindAt: Type.Optional(Nullable(When)),
    assigneeId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);

export const Task = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  caseCode: Type.String(),
  caseVersion: Type.Integer(),
  title: Type.String(),
  assigneeId: Nullable(Type.String()),
  assigneeName: Nullable(Type.String()),
  dueAt: Type.String(),
  remindAt: Nullable(Type.String()),
  status: TaskStatusT,
  statusLabel: Type.String(),
  overdue: Type.Boolean(),
  createdAt: Type.String(),
  completedAt: Nullable(Type.String()),
});

export const TaskListQuery = Type.Object(
  {
    mine: Type.Optional(Type.Boolean()),
    status: Type.Optional(TaskStatusT),
    overdue: Type.Optional(Type.Boolean()),
    ...Paging,
  },
  { additionalProperties: false },
);

export const SlaStepT = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
    name: Text(120),
    nameEn: Text(120),
    track: lits(['victim', 'violation', 'any'] as const),
    startEvent: Type.String({ minLength: 1, maxLength: 60 }),
    stopEvents: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { minItems: 1, maxItems: 20 }),
    limitHours: Type.Integer({ minimum: 1, maximum: 8760 }),
    active: Type.Boolean(),
  },
  { additionalProperties: false },
);
export const SlaStepsBody = Type.Object({ items: Type.Array(SlaStepT, { maxItems: 50 }) }, { additionalProperties: false });
export const SlaStepList = Type.Object({
  items: Type.Array(Type.Object({ ...SlaStepT.properties, label: Type.String() })),
  /** Every kind of case event a step may start or stop on, with its label. */
  events: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })),
});

export const CaseClock = Type.Object({
  step: Type.String(),
  label: Type.String(),
  state: lits(['not_started', 'running', 'overdue', 'met', 'missed', 'stopped'] as const),
  startedAt: Nullable(Type.String()),
  dueAt: Nullable(Type.String()),
  stoppedAt: Nullable(Type.String()),
});
export const CaseClocks = Type.Object({ items: Type.Array(CaseClock), overdue: Type.Boolean() });

export const OverdueBoard = Type.Object({
  cases: Type.Array(
    Type.Object({
      caseId: Type.String(),
      caseCode: Type.String(),
      holder: Type.String(),
      steps: Type.Array(Type.Object({ step: Type.String(), label: Type.String(), dueAt: Type.String() })),
    }),
  ),
  tasks: Type.Array(Task),
  referrals: Type.Array(Referral),
});

export const CaseloadQuery = Type.Object(
  { unitId: Type.Optional(Type.String({ maxLength: 16 })), agencyId: Type.Optional(Id) },
  { additionalProperties: false },
);
const Load = {
  openCases: Type.Integer(),
  overdueCases: Type.Integer(),
  openTasks: Type.Integer(),
  overdueTasks: Type.Integer(),
};
export const Caseload = Type.Object({
  units: Type.Array(
    Type.Object({
      unitId: Nullable(Type.String()),
      agencyId: Nullable(Type.String()),
      name: Type.String(),
      ...Load,
      unassigned: Type.Integer(),
      referralsWaiting: Type.Integer(),
    }),
  ),
  workers: Type.Array(Type.Object({ userId: Type.String(), name: Type.String(), unitName: Type.String(), ...Load })),
});

const LabelList = Type.Array(Type.Object({ code: Type.String(), label: Type.String() }));
export const WorkVocabulary = Type.Object({
  purposes: LabelList,
  declineReasons: LabelList,
  kinds: LabelList,
  referralStatuses: LabelList,
  taskStatuses: LabelList,
  events: LabelList,
});
