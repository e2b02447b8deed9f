import { rmSync } from 'node:fs';
import { audit } from '../../../audit/audit.js';
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
    await audit(
      ctx,
      trx,
      'filter_list.refresh_rejected',
      { type: 'filter_list', id: held.list_id },
      { reason: reason ? cleanText(reason).slice(0, 500) : null, added: held.added, removed: held.removed },
    );
    return held.list_id;
  });
  rmSync(listFile(ctx.config.dataDir, `${listId}.held`), { force: true });
}
