import { Type } from '@sinclair/typebox';
import { Nullable, Paging, Text } from '../http/schemas.js';
import { GROUP_KINDS } from './outreach/save-outreach.js';
import { AUDIENCES, MAX_ATTENDANCE, MAX_GRADE, MAX_MATERIALS, MIN_GRADE } from './sessions/session-input.js';
import { TRAINEE_ROLES } from './trainings/save-training.js';

/** Request and response shapes of the programmes API; the console imports the types (Static<>) only. */
const lits = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const Day = Type.String({ minLength: 10, maxLength: 10, description: 'YYYY-MM-DD' });
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Unit = Type.String({ minLength: 1, maxLength: 16 });

export const AudienceT = lits(AUDIENCES);
export const TraineeRoleT = lits(TRAINEE_ROLES);
export const GroupKindT = lits(GROUP_KINDS);

export const Topic = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  active: Type.Boolean(),
  sort: Type.Integer(),
});
export const TopicBody = Type.Object(
  {
    code: Type.String({ minLength: 2, maxLength: 40, pattern: '^[a-z][a-z0-9_]*$' }),
    name: Text(200),
    nameEn: Text(200),
    active: Type.Optional(Type.Boolean()),
    sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false },
);

export const SessionBody = Type.Object(
  {
    schoolId: Id,
    heldOn: Day,
    topicId: Id,
    audience: AudienceT,
    grades: Type.Optional(Type.Array(Type.Integer({ minimum: MIN_GRADE, maximum: MAX_GRADE }), { maxItems: 13 })),
    attendance: Type.Integer({ minimum: 1, maximum: MAX_ATTENDANCE }),
    materials: Type.Optional(Nullable(Type.String({ maxLength: MAX_MATERIALS }))),
  },
  { additionalProperties: false },
);
export const Session = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  unitId: Type.String(),
  heldOn: Type.String(),
  topicId: Type.String(),
  topicName: Type.String(),
  audience: AudienceT,
  grades: Type.Array(Type.Integer()),
  attendance: Type.Integer(),
  materials: Nullable(Type.String()),
  hasPhoto: Type.Boolean(),
});
export const SessionQuery = Type.Object({
  schoolId: Type.Optional(Id),
  unitId: Type.Optional(Unit),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  ...Paging,
});

export const TrainingBody = Type.Object(
  {
    schoolId: Id,
    heldOn: Day,
    traineeName: Text(120),
    traineeRole: TraineeRoleT,
    course: Text(200),
    hours: Type.Number({ exclusiveMinimum: 0, maximum: 500 }),
    certificateNo: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
  },
  { additionalProperties: false },
);
export const Training = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  unitId: Type.String(),
  heldOn: Type.String(),
  traineeName: Type.String(),
  traineeRole: TraineeRoleT,
  course: Type.String(),
  hours: Type.Number(),
  certificateNo: Nullable(Type.String()),
});

export const OutreachBody = Type.Object(
  {
    unitId: Unit,
    groupKind: GroupKindT,
    groupName: Text(120),
    heldOn: Day,
    topicId: Id,
    participants: Type.Integer({ minimum: 1, maximum: 100_000 }),
    households: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100_000 }))),
    note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  },
  { additionalProperties: false },
);
export const Outreach = Type.Object({
  id: Type.String(),
  unitId: Type.String(),
  unitName: Type.String(),
  groupKind: GroupKindT,
  groupName: Type.String(),
  heldOn: Type.String(),
  topicId: Type.String(),
  topicName: Type.String(),
  participants: Type.Integer(),
  households: Nullable(Type.Integer()),
  note: Nullable(Type.String()),
});
