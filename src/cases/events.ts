import type { ApprovalStep, CaseAgeBand, CaseSource, ClosureReason, ConsentKind, Decision, RiskLevel, ServiceKind, ServiceStatus } from './vocab.js';

/**
 * The event model: everything that happens to a case is one of these, appended to `case_events`
 * with the next sequence number. The case's state is derived from them by `reduce` (reduce.ts).
 * `data` holds codes, ids and dates only; names, contacts and free text travel beside it, sealed
 * (`case_events.sealed`), and never reach the reducer.
 *
 * Events whose type starts with `work_` belong to case work (src/cases/work: referrals, tasks,
 * notes of the work desk); they enter the timeline and the version but change no track.
 */
export interface CaseEventData {
  /** Always the first event, once. `approvals`: which steps need a manager (the owner's settings when opened). */
  case_opened: {
    source: CaseSource;
    victim: boolean;
    violation: boolean;
    unitId: string | null;
    agencyId: string | null;
    schoolId: string | null;
    approvals: Record<ApprovalStep, boolean>;
  };
  track_added: { track: 'victim' | 'violation' };
  /** A report joins the case (taken hand-over or joined later), with the detection items made from its links. */
  report_linked: { reportId: string; handoverId: string | null; detectItemIds: string[] };
  assigned: { userId: string | null };
  /** The case moves to another ward and/or agency (a transfer accepted by the receiver). */
  transferred: { unitId: string | null; agencyId: string | null };
  /** Pseudonymous registration; name, guardians and safe contact are sealed beside it. */
  victim_registered: { ageBand: CaseAgeBand; gender: string; unitId: string | null; schoolId: string | null };
  risk_assessed: { level: RiskLevel; concerns: string[] };
  /** Needs are codes; the goals' wording is sealed beside it (goalCount says how many). */
  plan_set: { needs: string[]; goalCount: number };
  approval_given: { step: ApprovalStep };
  approval_returned: { step: ApprovalStep };
  service_added: {
    serviceId: string;
    kind: ServiceKind;
    provider: string;
    status: ServiceStatus;
    startedAt: string | null;
    endedAt: string | null;
  };
  service_updated: { serviceId: string; status: ServiceStatus; startedAt: string | null; endedAt: string | null };
  follow_up_recorded: Record<string, never>;
  victim_closed: { reason: ClosureReason };
  victim_reopened: Record<string, never>;
  subject_recorded: { subjectKind: string; violationType: string };
  evidence_linked: { kind: 'report' | 'detect_item' | 'takedown'; refId: string };
  violation_referred: { to: 'police' | 'inspectorate' | 'platform'; agencyId: string | null };
  decision_recorded: { decision: Decision; decisionNumber: string | null; amount: number | null; takedownId: string | null };
  violation_closed: { outcome: string };
  violation_reopened: Record<string, never>;
  consent_recorded: { kind: ConsentKind; given: boolean; by: string; agencyId: string | null };
  consent_withdrawn: { kind: ConsentKind; agencyId: string | null };
  note_added: Record<string, never>;
}

export type CaseEventType = keyof CaseEventData;

/** One event as the reducer sees it. */
export type CaseEvent = { [T in CaseEventType]: { type: T; at: string; data: CaseEventData[T] } }[CaseEventType] | WorkEvent;

/** A case-work event (src/cases/work): timeline and version only. */
export interface WorkEvent {
  type: `work_${string}`;
  at: string;
  data: Record<string, unknown>;
}

export const isWorkEvent = (e: { type: string }): e is WorkEvent => e.type.startsWith('work_');
