import type { Ctx } from '../../../context.js';
import { AppError, notFound } from '../../../shared/errors.js';
import { cityFilterPolicy } from '../../filter.policy.js';
import { readSettings } from '../../store.js';
import { type ImportResult, importList } from '../import-list.js';

/** Downloads a URL list again; a version that changes too much is held (see importList). */
export async function refreshList(ctx: Ctx, id: string): Promise<ImportResult> {
  cityFilterPolicy.authorize(ctx.actor, 'import');
  const l = await ctx.db.kysely.selectFrom('filter_lists').selectAll().where('id', '=', id).executeTakeFirst();
  if (!l) throw notFound();
  if (l.source_type !== 'url' || !l.source) throw new AppError(409, 'conflict', { detail: 'not a URL list' });
  try {
    return await importList(ctx, { name: l.name, category: l.category_code, url: l.source, listId: id });
  } catch (e) {
    // keep serving the previous rules; note the error for the console
    await ctx.db.kysely
      .updateTable('filter_lists')
      .set({ last_error: e instanceof Error ? e.message.slice(0, 300) : String(e) })
      .where('id', '=', id)
      .execute();
    throw e;
  }
}

/** Refreshes every URL list older than the configured interval (called on a timer by the web process). */
export async function refreshDueLists(ctx: Ctx): Promise<number> {
  const s = await readSettings(ctx.db.kysely);
  const cutoff = new Date(ctx.clock().getTime() - s.listRefreshHours * 3600_000).toISOString();
  const due = await ctx.db.kysely
    .selectFrom('filter_lists')
    .select('id')
    .where('source_type', '=', 'url')
    .where('enabled', '=', 1)
    .where('last_refreshed_at', '<', cutoff)
    .execute();
  let n = 0;
  for (const d of due) {
    try {
      await refreshList(ctx, d.id);
      n++;
    } catch {
      // recorded in last_error by refreshList
    }
  }
  return n;
}
