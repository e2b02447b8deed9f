import type { Actor } from '../access/actor.js';
import type { Ctx } from '../context.js';
import type { Tx } from '../db/database.js';
import { takedownsForCase } from '../detect/review/case-entry.js';
import { trackingCodes } from '../intake/handovers/reports-for-cases.js';
import { displayNames } from '../org/users/names.js';
import type { Lang } from '../shared/i18n.js';
import type { CaseDetail, CaseSummary } from './api-schemas.js';
import { type CaseRecord, casePolicy } from './case.policy.js';
import type { CaseState } from './reduce.js';
import type { CasesTable } from './tables.js';
import { eventLabel } from './vocab.js';

/** Rows → API shapes. Never a child's identifying field: those leave only through reveal (reveal-child.ts). */
export function toSummary(row: CasesTable, names: Map<string, string>): CaseSummary {
  return {
    id: row.id,
    code: row.code,
    source: row.source,
    victimState: row.victim_state,
    violationState: row.violation_state,
    pendingApproval: row.pending_approval as CaseSummary['pendingApproval'],
    riskLevel: row.risk_level as CaseSummary['riskLevel'],
    unitId: row.unit_id,
    agencyId: row.agency_id,
    schoolId: row.school_id,
    assignedTo: row.assigned_to,
    assignedName: row.assigned_to ? (names.get(row.assigned_to) ?? null) : null,
    ageBand: row.age_band,
    gender: row.gender,
    violationType: row.violation_type,
    decision: row.decision,
    openedAt: row.opened_at,
    firstSupportAt: row.first_support_at,
    closedAt: row.closed_at,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

/** Sealed parts of an event that count as a note (free text): shown to the case's workers, never to readers only. */
const NOTE_KEYS = ['note', 'reason', 'text'] as const;

/**
 * The case page: derived state, links and one timeline. `record` carries manager ids when known so
 * `can.approve` is right. Notes and goals are opened for the workers holding the case only.
 */
export async function toDetail(trx: Tx, ctx: Pick<Ctx, 'sealer'> & { actor: Actor }, row: CasesTable, lang: Lang, record: CaseRecord): Promise<CaseDetail> {
  const state = JSON.parse(row.state) as CaseState;
  const canWork = casePolicy.can(ctx.actor, 'work', record);
  const events = await trx.selectFrom('case_events').selectAll().where('case_id', '=', row.id).orderBy('seq').execute();
  const names = await displayNames(trx, [row.assigned_to, ...events.map((e) => e.actor_id)]);
  const codes = await trackingCodes(trx, state.reports);
  const takedowns = state.decision?.takedownId ? await takedownsForCase(trx, [state.decision.takedownId]) : [];
  const open = (sealed: string | null): Record<string, unknown> => (sealed ? (JSON.parse(ctx.sealer.open(sealed)) as Record<string, unknown>) : {});
  let goals: string[] | null = null;
  const timeline = events.map((e) => {
    let note: string | null = null;
    if (canWork && e.sealed) {
      const s = open(e.sealed);
      note = NOTE_KEYS.map((k) => s[k]).find((v): v is string => typeof v === 'string') ?? null;
      if (e.type === 'plan_set' && Array.isArray(s.goals)) goals = s.goals.filter((g): g is string => typeof g === 'string');
    }
    return {
      seq: e.seq,
      type: e.type,
      label: eventLabel(e.type, lang),
      at: e.at,
      recordedAt: e.recorded_at,
      actorRole: e.actor_role,
      actorName: e.actor_id ? (names.get(e.actor_id) ?? null) : null,
      data: JSON.parse(e.data) as Record<string, unknown>,
      note,
    };
  });
  const td = takedowns[0];
  return {
    ...toSummary(row, names),
    risk: state.risk ? { level: state.risk.level, concerns: state.risk.concerns } : null,
    plan: state.plan ? { needs: state.plan.needs, goalCount: state.plan.goalCount, goals } : null,
    services: Object.entries(state.services).map(([id, s]) => ({ id, ...s }) as CaseDetail['services'][number]),
    followUps: state.followUps,
    closureReason: state.closureReason,
    subject: state.subject,
    evidence: state.evidence,
    referredTo: state.referredTo,
    decisionDetail: state.decision
      ? {
          ...state.decision,
          takedown: td ? { status: td.status, platform: td.platform, sentAt: td.sentAt, removedAt: td.removedAt } : null,
        }
      : null,
    outcome: state.outcome,
    consent: {
      services: state.consent.services,
      count: state.consent.count,
      share: Object.entries(state.consent.share).map(([agencyId, status]) => ({ agencyId, status })),
    },
    reports: state.reports.map((id) => ({ id, trackingCode: codes.get(id) ?? '' })),
    timeline,
    can: { work: canWork, approve: casePolicy.can(ctx.actor, 'approve', record), reveal: casePolicy.can(ctx.actor, 'reveal', record) },
  };
}
