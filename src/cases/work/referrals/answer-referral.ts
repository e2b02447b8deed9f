import { audit } from '../../../audit/audit.js';
import type { Ctx } from '../../../context.js';
import type { Tx } from '../../../db/database.js';
import { notify, queueMail, unitAddresses } from '../../../intake/notify.js';
import { AppError } from '../../../shared/errors.js';
import { cleanText } from '../../../shared/text.js';
import type { NewCaseEvent } from '../../store.js';
import { appendCaseEvents, loadCaseForUpdate } from '../../store.js';
import type { AnswerReferralBody } from '../api-schemas.js';
import { fieldParams } from '../messages.js';
import { partyNames } from '../parties.js';
import { referralPolicy } from '../referral.policy.js';
import { loadReferral } from './load-referral.js';
import type { ReferralRow } from './referral-rows.js';

export type AnswerReferralInput = typeof AnswerReferralBody.static;

/**
 * The receiving ward or agency accepts or declines (a reason from the list; "other" with a note).
 * An accepted transfer moves the case to the receiver (the case's own `transferred` event, so
 * the holder, and with it who may read and work the case, is derived from events as ever). The
 * sender's ward or agency is told through the bell and by e-mail.
 */
export async function answerReferral(ctx: Ctx, id: string, input: AnswerReferralInput): Promise<{ id: string; caseVersion: number }> {
  const note = input.note === undefined ? null : cleanText(input.note);
  if (input.answer === 'decline' && (!input.declineReason || (input.declineReason === 'other' && !note))) {
    throw new AppError(400, 'case_work_decline_reason', fieldParams(input.declineReason ? 'note' : 'declineReason'));
  }
  if (input.answer === 'accept' && input.declineReason) throw new AppError(400, 'validation_failed', { detail: 'declineReason' });
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await loadReferral(trx, id);
    referralPolicy.authorize(ctx.actor, 'answer', r);
    if (r.status !== 'pending') throw new AppError(409, 'case_work_referral_answered');
    const row = await loadCaseForUpdate(trx, ctx, r.case_id);
    const now = ctx.clock().toISOString();
    const accepted = input.answer === 'accept';
    const events: NewCaseEvent[] = [
      {
        event: {
          type: accepted ? 'work_referral_accepted' : 'work_referral_declined',
          at: now,
          data: { referralId: r.id, kind: r.kind, declineReason: input.declineReason ?? null },
        },
        sealed: note ? { note } : null,
      },
    ];
    if (accepted && r.kind === 'transfer') events.push({ event: { type: 'transferred', at: now, data: { unitId: r.to_unit_id, agencyId: r.to_agency_id } } });
    const state = await appendCaseEvents(trx, ctx, row, input.version, events);
    await trx
      .updateTable('case_referrals')
      .set({
        status: accepted ? 'accepted' : 'declined',
        answered_by: ctx.actor.id,
        answered_at: now,
        decline_reason: input.declineReason ?? null,
        sealed_answer_note: note ? ctx.sealer.seal(note) : null,
      })
      .where('id', '=', r.id)
      .where('status', '=', 'pending')
      .execute();
    await audit(
      ctx,
      trx,
      accepted ? 'case_referral.accepted' : 'case_referral.declined',
      { type: 'case_referral', id: r.id },
      {
        caseId: r.case_id,
        kind: r.kind,
        declineReason: input.declineReason ?? null,
      },
    );
    await tellSender(trx, ctx, r, accepted, now);
    return { id: r.id, caseVersion: state.version };
  });
}

async function tellSender(trx: Tx, ctx: Ctx, r: ReferralRow, accepted: boolean, now: string): Promise<void> {
  const [vi, en] = await Promise.all([
    partyNames(trx, 'vi', [{ unitId: r.to_unit_id, agencyId: r.to_agency_id }]),
    partyNames(trx, 'en', [{ unitId: r.to_unit_id, agencyId: r.to_agency_id }]),
  ]);
  const receiverVi = vi.name(r.to_unit_id, r.to_agency_id);
  const receiverEn = en.name(r.to_unit_id, r.to_agency_id);
  const code = accepted ? 'notif_case_referral_accepted' : 'notif_case_referral_declined';
  const params = { code: r.case_code, receiverVi, receiverEn };
  const items: Parameters<typeof notify>[2] = [];
  if (r.from_agency_id) items.push({ audience: 'agency', audienceId: r.from_agency_id, kind: 'case_referral', reportId: null, code, params });
  else if (r.from_unit_id) items.push({ audience: 'unit', audienceId: r.from_unit_id, kind: 'case_referral', reportId: null, code, params });
  await notify(trx, now, items);
  const to = await unitAddresses(trx, { unitId: r.from_agency_id ? null : r.from_unit_id, agencyId: r.from_agency_id });
  const answerVi = accepted ? 'đã nhận' : 'đã từ chối';
  const answerEn = accepted ? 'accepted' : 'declined';
  await queueMail(
    trx,
    ctx.sealer,
    now,
    to.map((addr) => ({
      to: addr,
      subject: `[Lá Chắn] Vụ việc ${r.case_code}: ${receiverVi} ${answerVi} yêu cầu chuyển tuyến`,
      body: `Vụ việc ${r.case_code}: ${receiverVi} ${answerVi} yêu cầu chuyển tuyến của đơn vị bạn. Xem chi tiết trong giao diện quản trị Lá Chắn.\n\nCase ${r.case_code}: ${receiverEn} ${answerEn} your unit's referral. Open the Lá Chắn console for details.`,
      reportId: null,
    })),
  );
}
