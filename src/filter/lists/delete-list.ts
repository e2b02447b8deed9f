import { rmSync } from 'node:fs';
import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { cityFilterPolicy } from '../filter.policy.js';
import { publishSnapshot } from '../service.js';
import { listFile } from '../store.js';

/** Deletes a list and its stored file; the file goes only after the row (and its audit entry) committed. */
export async function deleteList(ctx: Ctx, id: string): Promise<void> {
  cityFilterPolicy.authorize(ctx.actor, 'update');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const l = await trx.selectFrom('filter_lists').selectAll().where('id', '=', id).executeTakeFirst();
    if (!l) throw notFound();
    await trx.deleteFrom('filter_lists').where('id', '=', id).execute();
    await audit(ctx, trx, 'filter_list.deleted', { type: 'filter_list', id }, { name: l.name });
  });
  rmSync(listFile(ctx.config.dataDir, id), { force: true });
  await publishSnapshot(ctx.db.kysely, ctx.config.dataDir);
}
