import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { badInput, notFound } from '../../shared/errors.js';
import { cityFilterPolicy } from '../filter.policy.js';
import { publishSnapshot } from '../service.js';
import type { FilterListsTable } from '../tables.js';

/** Turns a list on or off, renames it or moves it to another category; the engine gets a new snapshot. */
export async function updateList(ctx: Ctx, id: string, patch: { enabled?: boolean; name?: string; category?: string }): Promise<FilterListsTable> {
  cityFilterPolicy.authorize(ctx.actor, 'update');
  const row = await ctx.db.kysely.transaction().execute(async (trx) => {
    const l = await trx.selectFrom('filter_lists').selectAll().where('id', '=', id).executeTakeFirst();
    if (!l) throw notFound();
    if (patch.category && !(await trx.selectFrom('filter_categories').select('code').where('code', '=', patch.category).executeTakeFirst()))
      throw badInput(`category: ${patch.category}`);
    const next = {
      ...l,
      enabled: patch.enabled === undefined ? l.enabled : patch.enabled ? 1 : 0,
      name: patch.name ?? l.name,
      category_code: patch.category ?? l.category_code,
      updated_at: ctx.clock().toISOString(),
    };
    await trx.updateTable('filter_lists').set(next).where('id', '=', id).execute();
    await audit(ctx, trx, 'filter_list.updated', { type: 'filter_list', id }, patch);
    return next;
  });
  await publishSnapshot(ctx.db.kysely, ctx.config.dataDir);
  return row;
}
