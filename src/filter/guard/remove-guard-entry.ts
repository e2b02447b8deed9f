import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { cleanText } from '../../shared/text.js';
import { cityFilterPolicy } from '../filter.policy.js';
import { afterGuardChange } from './after-guard-change.js';

/**
 * The city stops guarding a name, with a reason: lists may block it again at the next compile.
 * The row stays as a tombstone so the shipped seed does not bring the entry back.
 */
export async function removeGuardEntry(ctx: Ctx, domain: string, reason: string): Promise<void> {
  cityFilterPolicy.authorize(ctx.actor, 'update');
  const key = domain.trim().toLowerCase();
  const why = cleanText(reason).slice(0, 500);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await trx.selectFrom('filter_guard_entries').select('domain').where('domain', '=', key).where('removed_at', 'is', null).executeTakeFirst();
    if (!r) throw notFound();
    const now = ctx.clock().toISOString();
    await trx.updateTable('filter_guard_entries').set({ removed_at: now, updated_at: now }).where('domain', '=', key).execute();
    await audit(ctx, trx, 'filter_guard.removed', { type: 'filter_guard', id: key }, { reason: why });
  });
  await afterGuardChange(ctx);
}
