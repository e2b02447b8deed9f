import type { Lang } from '../shared/i18n.js';
import { jsonOr } from '../shared/json.js';
import type { Audience, GroupKind, TraineeRole } from './tables.js';

/** Rows of the list use cases → the API's camelCase shapes (api-schemas.ts). */
export const presentTopic = (t: { id: string; code: string; name: string; name_en: string; active: number; sort: number }) => ({
  id: t.id,
  code: t.code,
  name: t.name,
  nameEn: t.name_en,
  active: t.active === 1,
  sort: Number(t.sort),
});

const topicIn = (lang: Lang, r: { topic_name: string; topic_name_en: string }) => (lang === 'en' ? r.topic_name_en : r.topic_name);

export const presentSession = (
  lang: Lang,
  r: {
    id: string;
    school_id: string;
    school_name: string;
    unit_id: string;
    held_on: string;
    topic_id: string;
    topic_name: string;
    topic_name_en: string;
    audience: Audience;
    grades: string;
    attendance: number;
    materials: string | null;
    photo_sha256: string | null;
  },
) => ({
  id: r.id,
  schoolId: r.school_id,
  schoolName: r.school_name,
  unitId: r.unit_id,
  heldOn: r.held_on,
  topicId: r.topic_id,
  topicName: topicIn(lang, r),
  audience: r.audience,
  grades: jsonOr<number[]>(r.grades, []),
  attendance: Number(r.attendance),
  materials: r.materials,
  hasPhoto: r.photo_sha256 !== null,
});

export const presentTraining = (r: {
  id: string;
  school_id: string;
  school_name: string;
  unit_id: string;
  held_on: string;
  trainee_name: string;
  trainee_role: TraineeRole;
  course: string;
  hours: number;
  certificate_no: string | null;
}) => ({
  id: r.id,
  schoolId: r.school_id,
  schoolName: r.school_name,
  unitId: r.unit_id,
  heldOn: r.held_on,
  traineeName: r.trainee_name,
  traineeRole: r.trainee_role,
  course: r.course,
  hours: Number(r.hours),
  certificateNo: r.certificate_no,
});

export const presentOutreach = (
  lang: Lang,
  r: {
    id: string;
    unit_id: string;
    unit_name: string;
    group_kind: GroupKind;
    group_name: string;
    held_on: string;
    topic_id: string;
    topic_name: string;
    topic_name_en: string;
    participants: number;
    households: number | null;
    note: string | null;
  },
) => ({
  id: r.id,
  unitId: r.unit_id,
  unitName: r.unit_name,
  groupKind: r.group_kind,
  groupName: r.group_name,
  heldOn: r.held_on,
  topicId: r.topic_id,
  topicName: topicIn(lang, r),
  participants: Number(r.participants),
  households: r.households === null ? null : Number(r.households),
  note: r.note,
});
