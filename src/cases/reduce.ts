import { AppError } from '../shared/errors.js';
import { type CaseEvent, type CaseEventData, type CaseEventType, isWorkEvent } from './events.js';
import type { VictimState, ViolationState } from './tables.js';
import type { ApprovalStep, RiskLevel, ServiceStatus } from './vocab.js';

/**
 * The case's state, derived from its events and nothing else (pure: same events, same state).
 * Stored as the `cases` projection (columns for lists and counts, the rest as JSON in `state`);
 * a replay of `case_events` must always give it back (property test in reduce.test.ts).
 */
export interface CaseState {
  version: number;
  source: string;
  victim: VictimState | null;
  violation: ViolationState | null;
  unitId: string | null;
  agencyId: string | null;
  schoolId: string | null;
  assignedTo: string | null;
  approvals: Record<ApprovalStep, boolean>;
  /** A step waiting for a manager, and the victim state approval leads to. */
  pending: { step: ApprovalStep; to: VictimState } | null;
  ageBand: string | null;
  gender: string | null;
  risk: { level: RiskLevel; concerns: string[] } | null;
  plan: { needs: string[]; goalCount: number } | null;
  services: Record<string, { kind: string; provider: string; status: ServiceStatus; startedAt: string | null; endedAt: string | null }>;
  followUps: number;
  closureReason: string | null;
  reopened: number;
  subject: { subjectKind: string; violationType: string } | null;
  evidence: Array<{ kind: string; refId: string }>;
  referredTo: string[];
  decision: { decision: string; decisionNumber: string | null; amount: number | null; takedownId: string | null; at: string } | null;
  outcome: string | null;
  /** Consent per kind; `share` per agency. Values: given | refused | withdrawn (absent: never asked). */
  consent: { services: string | null; count: string | null; share: Record<string, string> };
  reports: string[];
  openedAt: string;
  firstSupportAt: string | null;
  closedAt: string | null;
}

/** A rule of the workflow refused the event: 409 naming the event and the track's state. */
const badTransition = (event: string, state: string | null) => new AppError(409, 'case_bad_transition', { event, state: state ?? 'none' });
/** A field of the event's data is wrong for this case: 400 naming it. */
const badField = (field: string) => new AppError(400, 'validation_failed', { detail: field });

type Handler<T extends CaseEventType> = (s: CaseState, d: CaseEventData[T], at: string) => CaseState;

const OPEN_VICTIM: VictimState[] = ['registered', 'assessed', 'planned', 'in_service', 'follow_up', 'reopened'];
const SERVICE_NEXT: Record<ServiceStatus, ServiceStatus[]> = {
  planned: ['in_progress', 'delivered', 'declined', 'cancelled'],
  in_progress: ['delivered', 'cancelled'],
  delivered: [],
  declined: [],
  cancelled: [],
};
const STARTED: ServiceStatus[] = ['in_progress', 'delivered'];

function victimOpen(s: CaseState, event: string): VictimState {
  if (s.victim === null || !OPEN_VICTIM.includes(s.victim)) throw badTransition(event, s.victim);
  return s.victim;
}
/** Victim work waits while a step is with the manager. */
function victimFree(s: CaseState, event: string): VictimState {
  const v = victimOpen(s, event);
  if (s.pending) throw new AppError(409, 'case_awaiting_approval', { step: s.pending.step });
  return v;
}
function violationIn(s: CaseState, event: string, allowed: ViolationState[]): ViolationState {
  if (s.violation === null || !allowed.includes(s.violation)) throw badTransition(event, s.violation);
  return s.violation;
}
/** A step needing approval waits for it; otherwise it takes effect at once. */
function stepTo(s: CaseState, step: ApprovalStep, to: VictimState): CaseState {
  return s.approvals[step] ? { ...s, pending: { step, to } } : { ...s, victim: to };
}
/** Both tracks (those the case has) closed → the case is closed, at this event's time. */
function withClosure(s: CaseState, at: string): CaseState {
  const done = (s.victim === null || s.victim === 'closed') && (s.violation === null || s.violation === 'closed');
  return { ...s, closedAt: done ? at : null };
}
const earliest = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);
function firstSupport(s: CaseState): string | null {
  let first: string | null = null;
  for (const sv of Object.values(s.services)) if (STARTED.includes(sv.status)) first = earliest(first, sv.startedAt ?? sv.endedAt);
  return first;
}
function checkDates(startedAt: string | null, endedAt: string | null) {
  if (startedAt && endedAt && endedAt < startedAt) throw badField('endedAt');
}

const handlers: { [T in CaseEventType]: Handler<T> } = {
  case_opened: () => {
    throw badTransition('case_opened', 'opened');
  },
  track_added: (s, d) => {
    if (d.track === 'victim') {
      if (s.victim !== null) throw badTransition('track_added', s.victim);
      return { ...s, victim: 'registered', closedAt: null };
    }
    if (s.violation !== null) throw badTransition('track_added', s.violation);
    return { ...s, violation: 'subject', closedAt: null };
  },
  report_linked: (s, d) => (s.reports.includes(d.reportId) ? s : { ...s, reports: [...s.reports, d.reportId] }),
  assigned: (s, d) => ({ ...s, assignedTo: d.userId }),
  transferred: (s, d) => {
    if (!d.unitId && !d.agencyId) throw badField('unitId');
    return { ...s, unitId: d.unitId, agencyId: d.agencyId, assignedTo: null };
  },
  victim_registered: (s, d) => {
    victimOpen(s, 'victim_registered');
    return { ...s, ageBand: d.ageBand, gender: d.gender, schoolId: d.schoolId ?? s.schoolId };
  },
  risk_assessed: (s, d) => {
    const v = victimFree(s, 'risk_assessed');
    const next = { ...s, risk: { level: d.level, concerns: [...d.concerns] } };
    return stepTo(next, 'assessment', v === 'registered' || v === 'reopened' ? 'assessed' : v);
  },
  plan_set: (s, d) => {
    const v = victimFree(s, 'plan_set');
    if (v === 'registered' || v === 'reopened' || s.risk === null) throw badTransition('plan_set', v);
    return stepTo({ ...s, plan: { needs: [...d.needs], goalCount: d.goalCount } }, 'plan', v === 'assessed' ? 'planned' : v);
  },
  approval_given: (s, d, at) => {
    if (!s.pending || s.pending.step !== d.step) throw badTransition('approval_given', s.victim);
    const next = { ...s, victim: s.pending.to, pending: null };
    return next.victim === 'closed' ? withClosure(next, at) : next;
  },
  approval_returned: (s, d) => {
    if (!s.pending || s.pending.step !== d.step) throw badTransition('approval_returned', s.victim);
    return { ...s, pending: null, closureReason: d.step === 'closure' ? null : s.closureReason };
  },
  // Emergency support (medical care, a safe place) may come before any plan: a service may be added
  // in every open state, and puts the track in service.
  service_added: (s, d) => {
    victimFree(s, 'service_added');
    if (s.services[d.serviceId]) throw badField('serviceId');
    if (STARTED.includes(d.status) && !d.startedAt && !d.endedAt) throw badField('startedAt');
    checkDates(d.startedAt, d.endedAt);
    const next = { ...s, victim: 'in_service' as const, services: { ...s.services, [d.serviceId]: { ...d } } };
    return { ...next, firstSupportAt: firstSupport(next) };
  },
  service_updated: (s, d) => {
    victimOpen(s, 'service_updated');
    const cur = s.services[d.serviceId];
    if (!cur) throw badField('serviceId');
    if (d.status !== cur.status && !SERVICE_NEXT[cur.status].includes(d.status))
      throw new AppError(409, 'case_service_bad_transition', { from: cur.status, to: d.status });
    const startedAt = d.startedAt ?? cur.startedAt;
    const endedAt = d.endedAt ?? cur.endedAt;
    if (STARTED.includes(d.status) && !startedAt && !endedAt) throw badField('startedAt');
    checkDates(startedAt, endedAt);
    const next = { ...s, services: { ...s.services, [d.serviceId]: { ...cur, status: d.status, startedAt, endedAt } } };
    return { ...next, firstSupportAt: firstSupport(next) };
  },
  follow_up_recorded: (s) => {
    const v = victimFree(s, 'follow_up_recorded');
    if (v !== 'in_service' && v !== 'follow_up') throw badTransition('follow_up_recorded', v);
    return { ...s, victim: 'follow_up', followUps: s.followUps + 1 };
  },
  victim_closed: (s, d, at) => {
    victimFree(s, 'victim_closed');
    const next = stepTo({ ...s, closureReason: d.reason }, 'closure', 'closed');
    return next.victim === 'closed' ? withClosure(next, at) : next;
  },
  victim_reopened: (s) => {
    if (s.victim !== 'closed') throw badTransition('victim_reopened', s.victim);
    return { ...s, victim: 'reopened', closureReason: null, reopened: s.reopened + 1, closedAt: null };
  },
  subject_recorded: (s, d) => {
    violationIn(s, 'subject_recorded', ['subject', 'evidence', 'referred']);
    return { ...s, subject: { ...d } };
  },
  evidence_linked: (s, d) => {
    const v = violationIn(s, 'evidence_linked', ['subject', 'evidence', 'referred', 'decided']);
    if (s.subject === null) throw badTransition('evidence_linked', v);
    const known = s.evidence.some((e) => e.kind === d.kind && e.refId === d.refId);
    return { ...s, violation: v === 'subject' ? 'evidence' : v, evidence: known ? s.evidence : [...s.evidence, { ...d }] };
  },
  violation_referred: (s, d) => {
    violationIn(s, 'violation_referred', ['evidence', 'referred']);
    return { ...s, violation: 'referred', referredTo: s.referredTo.includes(d.to) ? s.referredTo : [...s.referredTo, d.to] };
  },
  decision_recorded: (s, d, at) => {
    violationIn(s, 'decision_recorded', ['evidence', 'referred']);
    if (d.decision === 'administrative_sanction') {
      if (!d.decisionNumber) throw badField('decisionNumber');
      if (d.amount === null || !(d.amount > 0)) throw badField('amount');
    }
    if (d.decision === 'takedown' && !d.takedownId) throw badField('takedownId');
    return { ...s, violation: 'decided', decision: { ...d, at } };
  },
  violation_closed: (s, d, at) => {
    violationIn(s, 'violation_closed', ['decided']);
    return withClosure({ ...s, violation: 'closed', outcome: d.outcome }, at);
  },
  violation_reopened: (s) => {
    violationIn(s, 'violation_reopened', ['closed']);
    return { ...s, violation: 'evidence', decision: null, outcome: null, closedAt: null };
  },
  consent_recorded: (s, d) => {
    const value = d.given ? 'given' : 'refused';
    if (d.kind === 'share') {
      if (!d.agencyId) throw badField('agencyId');
      return { ...s, consent: { ...s.consent, share: { ...s.consent.share, [d.agencyId]: value } } };
    }
    return { ...s, consent: { ...s.consent, [d.kind]: value } };
  },
  consent_withdrawn: (s, d) => {
    if (d.kind === 'share') {
      if (!d.agencyId || s.consent.share[d.agencyId] !== 'given')
        throw badTransition('consent_withdrawn', d.agencyId ? (s.consent.share[d.agencyId] ?? null) : null);
      return { ...s, consent: { ...s.consent, share: { ...s.consent.share, [d.agencyId]: 'withdrawn' } } };
    }
    if (s.consent[d.kind] !== 'given') throw badTransition('consent_withdrawn', s.consent[d.kind]);
    return { ...s, consent: { ...s.consent, [d.kind]: 'withdrawn' } };
  },
  note_added: (s) => s,
};

/** The state right after `case_opened`. */
export function opened(d: CaseEventData['case_opened'], at: string): CaseState {
  if (!d.victim && !d.violation) throw badField('tracks');
  return {
    version: 1,
    source: d.source,
    victim: d.victim ? 'registered' : null,
    violation: d.violation ? 'subject' : null,
    unitId: d.unitId,
    agencyId: d.agencyId,
    schoolId: d.schoolId,
    assignedTo: null,
    approvals: { ...d.approvals },
    pending: null,
    ageBand: null,
    gender: null,
    risk: null,
    plan: null,
    services: {},
    followUps: 0,
    closureReason: null,
    reopened: 0,
    subject: null,
    evidence: [],
    referredTo: [],
    decision: null,
    outcome: null,
    consent: { services: null, count: null, share: {} },
    reports: [],
    openedAt: at,
    firstSupportAt: null,
    closedAt: null,
  };
}

/** Kinds of event a closed case still takes: reopening, notes, consent, case work. */
const AFTER_CLOSURE = new Set<string>(['victim_reopened', 'violation_reopened', 'note_added', 'consent_recorded', 'consent_withdrawn', 'report_linked']);

/**
 * One event on a state: the next state, or an AppError (409 for a step the workflow does not
 * allow now, 400 naming the field) and the state is unchanged. `state` null: only `case_opened`.
 */
export function apply(state: CaseState | null, event: CaseEvent): CaseState {
  if (state === null) {
    if (event.type !== 'case_opened') throw badTransition(event.type, null);
    return opened(event.data as CaseEventData['case_opened'], event.at);
  }
  if (isWorkEvent(event)) return { ...state, version: state.version + 1 };
  if (state.closedAt !== null && !AFTER_CLOSURE.has(event.type)) throw new AppError(409, 'case_closed', { event: event.type });
  const handler = handlers[event.type as CaseEventType] as Handler<CaseEventType> | undefined;
  if (!handler) throw badField('type');
  const next = handler(state, event.data as CaseEventData[CaseEventType], event.at);
  return { ...next, version: state.version + 1 };
}

/** Every event from the first: the state a replay gives (what the projection must equal). */
export function replay(events: readonly CaseEvent[]): CaseState | null {
  let s: CaseState | null = null;
  for (const e of events) s = apply(s, e);
  return s;
}
