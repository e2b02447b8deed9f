import type { SealedColumns } from '../../shared/secrets.js';

/**
 * Tables of case work: referrals and transfers, tasks, SLA steps (notes are the case's own
 * `note_added` events). Each change is also a `work_*` event of the case (events.ts), so it is on
 * the timeline and moves the case's version; these rows are what inboxes, deadlines and caseloads
 * are computed from. Timestamps are ISO-8601 UTC text, flags 0/1. Free text people type (task
 * titles, notes, reasons) is sealed with the platform's field encryption (shared/secrets.ts).
 */

/** A referral asks another agency or ward to do part of the work; a transfer hands the whole case over. */
export type ReferralKind = 'referral' | 'transfer';
export type ReferralStatus = 'pending' | 'accepted' | 'declined' | 'withdrawn';

export interface CaseReferralsTable {
  id: string;
  case_id: string;
  kind: ReferralKind;
  /** What the receiver is asked to do (REFERRAL_PURPOSES in vocab.ts). */
  purpose: string;
  from_unit_id: string | null;
  from_agency_id: string | null;
  /** Exactly one of to_unit_id / to_agency_id is set. */
  to_unit_id: string | null;
  to_agency_id: string | null;
  sealed_note: string | null;
  status: ReferralStatus;
  /** 1 when the child's consent to share with this agency was missing and a manager overrode it. */
  consent_override: number;
  sealed_override_reason: string | null;
  /** When the receiver must have answered (the referral's own SLA clock). */
  answer_due_at: string;
  created_by: string | null;
  created_at: string;
  answered_by: string | null;
  answered_at: string | null;
  /** DECLINE_REASONS in vocab.ts, when declined. */
  decline_reason: string | null;
  sealed_answer_note: string | null;
  /** 1 once the receiver was told the answer is overdue. */
  overdue_notified: number;
}

export type TaskStatus = 'open' | 'done' | 'cancelled';

export interface CaseTasksTable {
  id: string;
  case_id: string;
  sealed_title: string;
  /** The staff member who should do it (null: the case's unit as a whole). */
  assignee_id: string | null;
  due_at: string;
  /** When to remind (console bell + e-mail); null: no reminder. */
  remind_at: string | null;
  status: TaskStatus;
  /** Set by the reminder sweep: a reminder goes out once. */
  reminded_at: string | null;
  /** Set by the sweep when the task passed its due date open: the overdue notice goes out once. */
  overdue_notified_at: string | null;
  created_by: string | null;
  created_at: string;
  completed_by: string | null;
  completed_at: string | null;
}

/**
 * An SLA step: a clock that starts with one kind of case event and stops with the first of
 * others after it; it is overdue when it has run longer than its limit. Which steps exist and
 * their limits are configurable (PUT /cases/sla-steps); overdue is always computed from events.
 */
export type SlaTrack = 'victim' | 'violation' | 'any';

export interface CaseSlaStepsTable {
  code: string;
  name: string;
  name_en: string;
  /** Which track must be open for the clock to run: 'victim', 'violation' or 'any' (the case open). */
  track: SlaTrack;
  start_event: string;
  /** JSON array of event types that stop the clock. */
  stop_events: string;
  limit_hours: number;
  active: number;
  position: number;
  updated_at: string;
}

export interface CaseWorkTables {
  case_referrals: CaseReferralsTable;
  case_tasks: CaseTasksTable;
  case_sla_steps: CaseSlaStepsTable;
}

/** Sealed columns of case work (`lachan keys rotate` re-seals them; keys/sealed-columns.ts composes them). */
export const caseWorkSealedColumns: SealedColumns<CaseWorkTables> = {
  case_referrals: ['sealed_note', 'sealed_override_reason', 'sealed_answer_note'],
  case_tasks: ['sealed_title'],
};
