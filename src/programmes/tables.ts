/**
 * The tables the programmes feature owns (composed into the Database type by db/schema.ts).
 * Dates a person enters (when a session was held) are `YYYY-MM-DD` text; timestamps are ISO-8601
 * UTC text; flags 0/1; lists JSON text — as everywhere else.
 *
 * Every record of a school carries `unit_id`: the school's ward **when the record was made**
 * (copied from `schools.unit_id` at that moment). A school that moved ward in the 2025
 * reorganisation keeps its earlier sessions in the ward that ran them; see feed.ts.
 */
import type { SealedColumns } from '../shared/secrets.js';
export type Audience = 'students' | 'parents' | 'teachers';
export type TraineeRole = 'teacher' | 'counsellor' | 'manager' | 'staff';
export type GroupKind = 'to_dan_pho' | 'thon' | 'xom';
export type ChecklistStatus = 'submitted' | 'approved' | 'returned';

/** The editable catalogue of session topics (seeded with the six of issue 14). */
export interface ProgrammeTopicsTable {
  id: string;
  code: string;
  name: string;
  name_en: string;
  active: number;
  sort: number;
  created_at: string;
  updated_at: string;
}

/** One awareness session a school held. No child is named: the audience is counted, never listed. */
export interface ProgrammeSessionsTable {
  id: string;
  school_id: string;
  unit_id: string;
  held_on: string;
  topic_id: string;
  audience: Audience;
  /** JSON array of grades (1–12; 0 = pre-school) when the audience is students, else [] */
  grades: string;
  attendance: number;
  materials: string | null;
  /** SHA-256 of a photo kept in the encrypted evidence store (re-encoded, metadata stripped) */
  photo_sha256: string | null;
  /** the bulk import that wrote it, if any */
  import_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A staff member's training: who (an adult staff member), what, how long, the certificate. */
export interface ProgrammeTrainingsTable {
  id: string;
  school_id: string;
  unit_id: string;
  held_on: string;
  trainee_name: string;
  trainee_role: TraineeRole;
  course: string;
  hours: number;
  certificate_no: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** Community outreach in one residential group (tổ dân phố / thôn / xóm) of a ward, with counts. */
export interface ProgrammeOutreachTable {
  id: string;
  unit_id: string;
  group_kind: GroupKind;
  group_name: string;
  held_on: string;
  topic_id: string;
  participants: number;
  households: number | null;
  note: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A school's information-safety self-assessment, reviewed by its ward or the city. */
export interface ProgrammeChecklistsTable {
  id: string;
  school_id: string;
  unit_id: string;
  assessed_on: string;
  /** JSON { [itemCode]: { met: boolean, evidence: string | null } } over checklist.ts's items */
  answers: string;
  /** the school's own score, 0–100, from its answers */
  self_score: number;
  status: ChecklistStatus;
  /** the score the reviewer confirmed (0–100); null until approved */
  score: number | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_note: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A learning platform a school approved for class time (feeds the filter's learning mode). */
export interface ProgrammeLearningPlatformsTable {
  id: string;
  school_id: string;
  name: string;
  domain: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** Coverage settings (minimum sessions, school-year and semester boundaries), one JSON value per key. */
export interface ProgrammeSettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

/** One reminder per school and period, so a daily job never sends the same reminder twice. */
export interface ProgrammeRemindersTable {
  id: string;
  school_id: string;
  period_key: string;
  sent_at: string;
}

/** A bulk import from the .xlsx template: its progress and outcome (rejected rows with reasons). */
export interface ProgrammeImportsTable {
  id: string;
  created_by: string | null;
  /** reading → checking → writing → done; or refused (rows refused, nothing written) / failed (the file) */
  status: 'reading' | 'checking' | 'writing' | 'done' | 'refused' | 'failed';
  done: number;
  total: number;
  /** JSON: { created } when done, { rejected: [{ sheet, line, code, params }] } when refused, { code, params } when failed */
  result: string | null;
  created_at: string;
  updated_at: string;
}

/** A photo of a session, stored encrypted in the evidence store. */
export interface ProgrammeSessionPhotosTable {
  id: string;
  session_id: string;
  /** its address in the evidence store: a SHA-256 of the row's id and the content (`sessions/photo-files.ts`), this row's alone */
  sha256: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  /** the file name as sent, sealed */
  sealed_name: string;
  created_by: string | null;
  created_at: string;
}

/** A deleted photo's file, queued in the deletion's transaction until it is gone from disk. */
export interface ProgrammePhotoDeletionsTable {
  address: string;
  requested_at: string;
}

export interface ProgrammesTables {
  programme_topics: ProgrammeTopicsTable;
  programme_sessions: ProgrammeSessionsTable;
  programme_session_photos: ProgrammeSessionPhotosTable;
  programme_photo_deletions: ProgrammePhotoDeletionsTable;
  programme_trainings: ProgrammeTrainingsTable;
  programme_outreach: ProgrammeOutreachTable;
  programme_checklists: ProgrammeChecklistsTable;
  programme_learning_platforms: ProgrammeLearningPlatformsTable;
  programme_settings: ProgrammeSettingsTable;
  programme_reminders: ProgrammeRemindersTable;
  programme_imports: ProgrammeImportsTable;
}

/** Sealed columns `lachan keys rotate` re-seals (the photos themselves are evidence-store files, rotated there). */
export const programmesSealedColumns: SealedColumns<ProgrammesTables> = { programme_session_photos: ['sealed_name'] };
