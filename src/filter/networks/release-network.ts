import { appendAudit } from '../../audit/append.js';
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
    await appendAudit(
      trx,
      { actor: ctx.actor, origin: ctx.origin, action: 'filter_network.deleted', subjectType: 'school', subjectId: n.school_id, detail: { cidr: n.cidr } },
      ctx.clock,
    );
  });
  await publishSnapshot(ctx.db.kysely, ctx.config.dataDir);
}
