import { audit } from '../../../audit/audit.js';
import type { Ctx } from '../../../context.js';
import type { Tx } from '../../../db/database.js';
import { notify, queueMail, unitAddresses } from '../../../intake/notify.js';
import { AppError, badInput } from '../../../shared/errors.js';
import { newId } from '../../../shared/ids.js';
import { cleanText } from '../../../shared/text.js';
import { casePolicy } from '../../case.policy.js';
import { hasConsentToShare } from '../../consent.js';
import { appendCaseEvents, loadCaseForUpdate } from '../../store.js';
import type { CasesTable } from '../../tables.js';
import type { SendReferralBody } from '../api-schemas.js';
import { managerIdsOf } from '../managers.js';
import { fieldParams } from '../messages.js';
import { referralPolicy } from '../referral.policy.js';
import { addHours } from '../sla-clocks.js';
import type { CaseReferralsTable } from '../tables.js';
import { DEFAULT_ANSWER_HOURS, REFERRAL_PURPOSES } from '../vocab.js';

export type SendReferralInput = typeof SendReferralBody.static;

/**
 * Refers a case to another agency or ward (a referral: they do part of the work) or transfers it
 * (they take the whole case once they accept). Sharing a child's case with an agency needs the
 * child's or guardian's consent to share with that agency (cases/consent.ts); without it the
 * referral is refused, unless one of the case's managers overrides with a stated reason — the
 * override is its own audit entry and the reason is kept sealed with the event.
 */
export async function sendReferral(ctx: Ctx, caseId: string, input: SendReferralInput): Promise<{ id: string; caseVersion: number }> {
  if (!input.toUnitId === !input.toAgencyId) throw badInput(input.toUnitId ? 'toAgencyId' : 'toUnitId');
  const note = input.note === undefined ? null : cleanText(input.note);
  const overrideReason = input.consentOverrideReason === undefined ? null : cleanText(input.consentOverrideReason);
  if (overrideReason !== null && overrideReason.length < 10) throw new AppError(400, 'case_reason_required', { field: 'consentOverrideReason' });
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await loadCaseForUpdate(trx, ctx, caseId);
    casePolicy.authorize(ctx.actor, 'read', row);
    const to = { to_unit_id: input.toUnitId ?? null, to_agency_id: input.toAgencyId ?? null };
    referralPolicy.authorize(ctx.actor, 'send', {
      case_unit_id: row.unit_id,
      case_agency_id: row.agency_id,
      from_unit_id: row.unit_id,
      from_agency_id: row.agency_id,
      ...to,
    });
    await checkTarget(trx, row, to);
    const pending = await trx
      .selectFrom('case_referrals')
      .select('id')
      .where('case_id', '=', caseId)
      .where('status', '=', 'pending')
      .where((eb) => (to.to_agency_id ? eb('to_agency_id', '=', to.to_agency_id) : eb('to_unit_id', '=', to.to_unit_id)))
      .executeTakeFirst();
    if (pending) throw new AppError(409, 'case_work_referral_pending', fieldParams(to.to_agency_id ? 'toAgencyId' : 'toUnitId'));

    let consentOverride = false;
    if (to.to_agency_id && !(await hasConsentToShare(trx, caseId, to.to_agency_id))) {
      if (overrideReason === null) throw new AppError(409, 'case_work_consent_missing', { field: 'consentOverrideReason' });
      if (!casePolicy.can(ctx.actor, 'approve', { ...row, manager_ids: await managerIdsOf(trx, row) })) {
        throw new AppError(403, 'case_work_not_manager', { field: 'consentOverrideReason' });
      }
      consentOverride = true;
    } else if (overrideReason !== null) {
      throw badInput('consentOverrideReason');
    }

    const now = ctx.clock().toISOString();
    const referral: CaseReferralsTable = {
      id: newId(),
      case_id: caseId,
      kind: input.kind,
      purpose: input.purpose,
      from_unit_id: row.unit_id,
      from_agency_id: row.agency_id,
      ...to,
      sealed_note: note ? ctx.sealer.seal(note) : null,
      status: 'pending',
      consent_override: consentOverride ? 1 : 0,
      sealed_override_reason: overrideReason ? ctx.sealer.seal(overrideReason) : null,
      answer_due_at: addHours(now, input.answerWithinHours ?? DEFAULT_ANSWER_HOURS),
      created_by: ctx.actor.id,
      created_at: now,
      answered_by: null,
      answered_at: null,
      decline_reason: null,
      sealed_answer_note: null,
      overdue_notified: 0,
    };
    const state = await appendCaseEvents(trx, ctx, row, input.version, [
      {
        event: {
          type: 'work_referral_sent',
          at: now,
          data: { referralId: referral.id, kind: input.kind, purpose: input.purpose, toUnitId: to.to_unit_id, toAgencyId: to.to_agency_id, consentOverride },
        },
        sealed: { ...(note ? { note } : {}), ...(overrideReason ? { overrideReason } : {}) },
      },
    ]);
    await trx.insertInto('case_referrals').values(referral).execute();
    const detail = { caseId, kind: input.kind, purpose: input.purpose, toUnitId: to.to_unit_id, toAgencyId: to.to_agency_id };
    await audit(ctx, trx, 'case_referral.sent', { type: 'case_referral', id: referral.id }, detail);
    if (consentOverride)
      await audit(ctx, trx, 'case_referral.consent_overridden', { type: 'case_referral', id: referral.id }, { caseId, agencyId: to.to_agency_id });
    await tellReceiver(trx, ctx, row.code, referral, now);
    return { id: referral.id, caseVersion: state.version };
  });
}

/** The receiver exists, is not the case's holder, and is a ward/commune (not the city) or an active agency. */
async function checkTarget(trx: Tx, row: CasesTable, to: { to_unit_id: string | null; to_agency_id: string | null }): Promise<void> {
  if (to.to_unit_id) {
    const unit = await trx.selectFrom('units').select('kind').where('id', '=', to.to_unit_id).executeTakeFirst();
    if (!unit || unit.kind === 'city') throw new AppError(400, 'case_bad_reference', fieldParams('toUnitId'));
    if (to.to_unit_id === row.unit_id && !row.agency_id) throw new AppError(409, 'case_work_same_holder', fieldParams('toUnitId'));
  }
  if (to.to_agency_id) {
    const agency = await trx.selectFrom('agencies').select('active').where('id', '=', to.to_agency_id).executeTakeFirst();
    if (agency?.active !== 1) throw new AppError(400, 'case_bad_reference', fieldParams('toAgencyId'));
    if (to.to_agency_id === row.agency_id) throw new AppError(409, 'case_work_same_holder', fieldParams('toAgencyId'));
  }
}

/** The bell of the receiving ward or agency and an e-mail to its staff: the case code and the purpose, nothing about the child. */
async function tellReceiver(trx: Tx, ctx: Ctx, code: string, r: CaseReferralsTable, now: string): Promise<void> {
  const purpose = REFERRAL_PURPOSES[r.purpose as keyof typeof REFERRAL_PURPOSES];
  const params = { code, purposeVi: purpose.vi, purposeEn: purpose.en };
  await notify(trx, now, [
    r.to_agency_id
      ? { audience: 'agency', audienceId: r.to_agency_id, kind: 'case_referral', reportId: null, code: 'notif_case_referral', params }
      : { audience: 'unit', audienceId: r.to_unit_id as string, kind: 'case_referral', reportId: null, code: 'notif_case_referral', params },
  ]);
  const to = await unitAddresses(trx, { unitId: r.to_unit_id, agencyId: r.to_agency_id });
  const what = r.kind === 'transfer' ? { vi: 'chuyển giao', en: 'transferred' } : { vi: 'chuyển tuyến', en: 'referred' };
  await queueMail(
    trx,
    ctx.sealer,
    now,
    to.map((addr) => ({
      to: addr,
      subject: `[Lá Chắn] Vụ việc ${code} được ${what.vi} đến đơn vị của bạn`,
      body: `Vụ việc ${code} được ${what.vi} đến đơn vị của bạn: ${purpose.vi}. Hạn trả lời: ${r.answer_due_at}. Mở mục "Chuyển tuyến đến" trong giao diện quản trị Lá Chắn để nhận hoặc từ chối.\n\nCase ${code} was ${what.en} to your unit: ${purpose.en}. Answer by: ${r.answer_due_at}. Open "Incoming referrals" in the Lá Chắn console to accept or decline.`,
      reportId: null,
    })),
  );
}
