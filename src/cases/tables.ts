import type { SealedColumns } from '../shared/secrets.js';
import type { CaseWorkTables } from './work/tables.js';

/**
 * Tables of case management. The truth is `case_events` (append-only, one sequence per case);
 * `cases` is the projection a pure reducer (events.ts → reduce.ts) derives from them, stored with
 * the `version` (= the last event's sequence) every write must name. Timestamps: ISO-8601 UTC text.
 * Flags: 0/1. Lists and event data: JSON text. Anything that could identify a child, a guardian or
 * a suspect, and every free-text note, is sealed (shared/secrets.ts) in `case_events.sealed`;
 * the clear `data` carries codes, dates and ids only.
 */
export type VictimState = 'registered' | 'assessed' | 'planned' | 'in_service' | 'follow_up' | 'closed' | 'reopened';
export type ViolationState = 'subject' | 'evidence' | 'referred' | 'decided' | 'closed';

export interface CasesTable {
  id: string;
  /** What people say and type: HS-2026-000123 style, unique. */
  code: string;
  /** How it started: a hand-over, a school counsellor, a 111 call, another direct opening. */
  source: 'handover' | 'counsellor' | 'hotline_111' | 'direct';
  /** The track's derived state; null when the case has no such track. */
  victim_state: VictimState | null;
  violation_state: ViolationState | null;
  /** A step waiting for a manager's approval (assessment, plan, closure), null when none. */
  pending_approval: string | null;
  risk_level: string | null;
  /** Who holds the case now: a ward/commune and/or an agency (transfers move them). */
  unit_id: string | null;
  agency_id: string | null;
  /** The child's school (for a counsellor's opening and a school-support service), null if unknown. */
  school_id: string | null;
  /** Worker assigned (users.id), null when the unit holds it unassigned. */
  assigned_to: string | null;
  opened_by: string | null;
  /** Child's age band and gender (clear: counting needs them; never a name or a birth date). */
  age_band: string | null;
  gender: string | null;
  /** Consent to be counted in the city's figures: given | refused | withdrawn | unknown. */
  count_consent: string;
  violation_type: string | null;
  /** The handling decision (administrative_sanction, criminal_referral, takedown, no_violation). */
  decision: string | null;
  opened_at: string;
  /** When the first service started or was delivered (time to first support). */
  first_support_at: string | null;
  decided_at: string | null;
  /** Both tracks closed. */
  closed_at: string | null;
  /** JSON of the reducer's full state (no identifying data): services, consents, plan, flags. */
  state: string;
  /** The sequence number of the last event applied; a write must name it (409 when stale). */
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CaseEventsTable {
  id: string;
  case_id: string;
  /** 1, 2, 3… per case, unique with case_id: the order of the truth. */
  seq: number;
  type: string;
  /** When it happened (a service delivered yesterday may be recorded today), never in the future. */
  at: string;
  recorded_at: string;
  actor_id: string | null;
  /** Role-level label for the timeline ("Cán bộ xử lý vụ việc"), no person's name. */
  actor_role: string | null;
  /** JSON: codes, ids, dates. No names, no free text. */
  data: string;
  /** Sealed JSON of identifying fields and notes, or null. The only column an update may touch (key rotation). */
  sealed: string | null;
}

/** What a case is linked to: reports (and through them their evidence), detection items, takedowns. */
export interface CaseLinksTable {
  case_id: string;
  kind: 'report' | 'handover' | 'detect_item' | 'takedown';
  ref_id: string;
  created_at: string;
}

/** Manager approval per agency or ward (owner_id = agencies.id or units.id); no row = every step needs approval. */
export interface CaseApprovalSettingsTable {
  owner_id: string;
  assessment: number;
  plan: number;
  closure: number;
  updated_by: string | null;
  updated_at: string;
}

/** Staff designated as case managers (approve assessments, plans, closures) for their own ward or agency. */
export interface CaseManagersTable {
  user_id: string;
  created_by: string | null;
  created_at: string;
}

export type CasesTables = CaseWorkTables & {
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_links: CaseLinksTable;
  case_approval_settings: CaseApprovalSettingsTable;
  case_managers: CaseManagersTable;
};

/** Sealed columns (key rotation re-seals them). */
export const casesSealedColumns: SealedColumns<CasesTables> = { case_events: ['sealed'] };
