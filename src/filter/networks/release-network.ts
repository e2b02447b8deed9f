import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { schoolFilterPolicy } from '../filter.policy.js';
import { publishSnapshot } from '../service.js';

/** A school gives up one of its networks (also how the city resolves an overlap). */
export async function releaseNetwork(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const n = await trx.selectFrom('filter_networks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!n) throw notFound();
    schoolFilterPolicy.authorize(ctx.actor, 'update', n);
    await trx.deleteFrom('filter_networks').where('id', '=', id).execute();
    await audit(ctx, trx, 'filter_network.deleted', { type: 'school', id: n.school_id }, { cidr: n.cidr });
  });
  await publishSnapshot(ctx.db.kysely, ctx.config.dataDir);
}
