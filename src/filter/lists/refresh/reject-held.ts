import { rmSync } from 'node:fs';
import { appendAudit } from '../../../audit/append.js';
import type { Ctx } from '../../../context.js';
import { notFound } from '../../../shared/errors.js';
import { cleanText } from '../../../shared/text.js';
import { cityFilterPolicy } from '../../filter.policy.js';
import { listFile } from '../../store.js';

/** Discards a held version; the list keeps the version it serves. */
export async function rejectHeldRefresh(ctx: Ctx, heldId: string, reason?: string): Promise<void> {
  cityFilterPolicy.authorize(ctx.actor, 'import');
  const listId = await ctx.db.kysely.transaction().execute(async (trx) => {
    const held = await trx.selectFrom('filter_held_refreshes').selectAll().where('id', '=', heldId).executeTakeFirst();
    if (!held) throw notFound();
    await trx.deleteFrom('filter_held_refreshes').where('id', '=', heldId).execute();
    await appendAudit(
      trx,
      {
        actor: ctx.actor,
        origin: ctx.origin,
        action: 'filter_list.refresh_rejected',
        subjectType: 'filter_list',
        subjectId: held.list_id,
        detail: { reason: reason ? cleanText(reason).slice(0, 500) : null, added: held.added, removed: held.removed },
      },
      ctx.clock,
    );
    return held.list_id;
  });
  rmSync(listFile(ctx.config.dataDir, `${listId}.held`), { force: true });
}
