import { audit } from '../../../audit/audit.js';
import type { Ctx } from '../../../context.js';
import { badInput, notFound } from '../../../shared/errors.js';
import { cleanText } from '../../../shared/text.js';
import { fleetNodePolicy } from './fleet-node.policy.js';

/**
 * Revokes a node, with a reason. From the commit on, every request with its token is answered 403
 * (authenticateNode is not cached) — it receives no new policy and its stats are refused. The node
 * keeps filtering with what it already has: revocation stops trust, not a school's DNS.
 * An open policy stream is closed by the centre's stream route when it next looks (F1).
 */
export async function revokeNode(ctx: Ctx, id: string, reason: string): Promise<void> {
  fleetNodePolicy.authorize(ctx.actor, 'revoke');
  const why = cleanText(reason);
  if (!why) throw badInput('reason');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const node = await trx.selectFrom('filter_fleet_nodes').select(['id', 'name', 'revoked_at']).where('id', '=', id).executeTakeFirst();
    if (!node) throw notFound();
    if (node.revoked_at) return;
    await trx
      .updateTable('filter_fleet_nodes')
      .set({ revoked_at: ctx.clock().toISOString(), revoked_by: ctx.actor.id, revoke_reason: why })
      .where('id', '=', id)
      .execute();
    await audit(ctx, trx, 'filter_fleet_node.revoked', { type: 'filter_fleet_node', id }, { name: node.name, reason: why });
  });
}
