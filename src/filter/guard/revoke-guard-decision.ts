import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { badInput, notFound } from '../../shared/errors.js';
import { cleanText } from '../../shared/text.js';
import { cityFilterPolicy } from '../filter.policy.js';
import type { FilterGuardDecisionsTable } from '../safety-tables.js';
import { afterGuardDecision } from './after-guard-change.js';

/** Takes a "block anyway" decision back, with a reason; the row stays (who decided what, and when). */
export async function revokeGuardDecision(ctx: Ctx, id: string, reason: string): Promise<FilterGuardDecisionsTable> {
  cityFilterPolicy.authorize(ctx.actor, 'update');
  const why = cleanText(reason).slice(0, 500);
  if (!why) throw badInput('reason');
  const row = await ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await trx.selectFrom('filter_guard_decisions').selectAll().where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    if (!r) throw notFound();
    const next = { ...r, revoked_at: ctx.clock().toISOString(), revoked_by: ctx.actor.id, revoked_reason: why };
    await trx.updateTable('filter_guard_decisions').set(next).where('id', '=', id).execute();
    await audit(ctx, trx, 'filter_guard.decision_revoked', { type: 'filter_guard_decision', id: id }, { domain: r.domain, reason: why });
    return next;
  });
  await afterGuardDecision(ctx);
  return row;
}
