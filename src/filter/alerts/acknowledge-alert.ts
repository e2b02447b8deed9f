import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { filterAlertPolicy } from '../filter.policy.js';

/** Marks an unusual-activity alert as seen (the policy decides on the alert's school). */
export async function acknowledgeAlert(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const a = await trx.selectFrom('filter_alerts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!a) throw notFound();
    filterAlertPolicy.authorize(ctx.actor, 'acknowledge', a);
    await trx.updateTable('filter_alerts').set({ acknowledged_at: ctx.clock().toISOString() }).where('id', '=', id).execute();
    await audit(ctx, trx, 'filter_alert.acknowledged', { type: 'filter_alert', id });
  });
}
