import { readFileSync } from 'node:fs';
import type { Ctx } from '../../../context.js';
import { notFound } from '../../../shared/errors.js';
import { cityFilterPolicy } from '../../filter.policy.js';
import { listFile } from '../../store.js';
import { type ImportResult, importList } from '../import-list.js';

/** Applies a held version: imported as it was held (guarded lines are still refused), audited as a refresh. */
export async function approveHeldRefresh(ctx: Ctx, heldId: string): Promise<ImportResult> {
  cityFilterPolicy.authorize(ctx.actor, 'import');
  const db = ctx.db.kysely;
  const held = await db.selectFrom('filter_held_refreshes').selectAll().where('id', '=', heldId).executeTakeFirst();
  if (!held) throw notFound();
  const list = await db.selectFrom('filter_lists').selectAll().where('id', '=', held.list_id).executeTakeFirst();
  if (!list) throw notFound();
  let content: Buffer;
  try {
    content = readFileSync(listFile(ctx.config.dataDir, `${list.id}.held`));
  } catch {
    throw notFound();
  }
  // importList removes the held row and file in the same commit that applies the version
  return importList(ctx, { name: list.name, category: list.category_code, content, listId: list.id, force: true });
}
