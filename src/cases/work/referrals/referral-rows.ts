import type { Tx } from '../../../db/database.js';
import type { Lang } from '../../../shared/i18n.js';
import type { Sealer } from '../../../shared/secrets.js';
import { type PartyNames, partyNames } from '../parties.js';
import type { CaseReferralsTable } from '../tables.js';
import { DECLINE_REASONS, type DeclineReason, REFERRAL_KINDS, REFERRAL_PURPOSES, REFERRAL_STATUSES, type ReferralPurpose } from '../vocab.js';

/**
 * Referrals as policies and pages see them: the row with its case's holder, code and version
 * beside it (`case_unit_id`, `case_agency_id` are what referral.policy.ts decides on). Lists wrap
 * this query as a subquery so `whereScope` filters on those columns by name.
 */
export function referralRows(db: Tx) {
  return db
    .selectFrom('case_referrals as r')
    .innerJoin('cases as c', 'c.id', 'r.case_id')
    .selectAll('r')
    .select(['c.unit_id as case_unit_id', 'c.agency_id as case_agency_id', 'c.code as case_code', 'c.version as case_version']);
}

export type ReferralRow = CaseReferralsTable & { case_unit_id: string | null; case_agency_id: string | null; case_code: string; case_version: number };

export const isReferralOverdue = (r: Pick<CaseReferralsTable, 'status' | 'answer_due_at'>, now: string) => r.status === 'pending' && r.answer_due_at < now;

export async function namesFor(db: Tx, lang: Lang, rows: readonly ReferralRow[]): Promise<PartyNames> {
  return partyNames(
    db,
    lang,
    rows.flatMap((r) => [
      { unitId: r.from_unit_id, agencyId: r.from_agency_id },
      { unitId: r.to_unit_id, agencyId: r.to_agency_id },
    ]),
  );
}

/** The API shape (api-schemas.ts `Referral`): labels in the reader's language, sealed notes opened. */
export function presentReferral(r: ReferralRow, names: PartyNames, sealer: Sealer, lang: Lang, now: string) {
  const open = (s: string | null) => (s ? sealer.open(s) : null);
  const decline = r.decline_reason as DeclineReason | null;
  return {
    id: r.id,
    caseId: r.case_id,
    caseCode: r.case_code,
    caseVersion: r.case_version,
    kind: r.kind,
    kindLabel: REFERRAL_KINDS[r.kind][lang],
    purpose: r.purpose as ReferralPurpose,
    purposeLabel: REFERRAL_PURPOSES[r.purpose as ReferralPurpose]?.[lang] ?? r.purpose,
    from: { unitId: r.from_unit_id, agencyId: r.from_agency_id, name: names.name(r.from_unit_id, r.from_agency_id) },
    to: { unitId: r.to_unit_id, agencyId: r.to_agency_id, name: names.name(r.to_unit_id, r.to_agency_id) },
    status: r.status,
    statusLabel: REFERRAL_STATUSES[r.status][lang],
    note: open(r.sealed_note),
    consentOverride: r.consent_override === 1,
    answerDueAt: r.answer_due_at,
    overdue: isReferralOverdue(r, now),
    createdAt: r.created_at,
    answeredAt: r.answered_at,
    declineReason: decline,
    declineReasonLabel: decline ? DECLINE_REASONS[decline][lang] : null,
    answerNote: open(r.sealed_answer_note),
  };
}
