import { audit } from '../../../audit/audit.js';
import type { Ctx } from '../../../context.js';
import { AppError } from '../../../shared/errors.js';
import { cleanText } from '../../../shared/text.js';
import { appendCaseEvents, loadCaseForUpdate } from '../../store.js';
import type { WithdrawReferralBody } from '../api-schemas.js';
import '../messages.js';
import { referralPolicy } from '../referral.policy.js';
import { loadReferral } from './load-referral.js';

/** The sender takes back a referral still waiting for an answer. */
export async function withdrawReferral(ctx: Ctx, id: string, input: typeof WithdrawReferralBody.static): Promise<{ id: string; caseVersion: number }> {
  const note = input.note === undefined ? null : cleanText(input.note);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await loadReferral(trx, id);
    referralPolicy.authorize(ctx.actor, 'withdraw', r);
    if (r.status !== 'pending') throw new AppError(409, 'case_work_referral_answered');
    const row = await loadCaseForUpdate(trx, ctx, r.case_id);
    const now = ctx.clock().toISOString();
    const state = await appendCaseEvents(trx, ctx, row, input.version, [
      { event: { type: 'work_referral_withdrawn', at: now, data: { referralId: r.id } }, sealed: note ? { note } : null },
    ]);
    await trx.updateTable('case_referrals').set({ status: 'withdrawn', answered_by: ctx.actor.id, answered_at: now }).where('id', '=', r.id).execute();
    await audit(ctx, trx, 'case_referral.withdrawn', { type: 'case_referral', id: r.id }, { caseId: r.case_id });
    return { id: r.id, caseVersion: state.version };
  });
}
