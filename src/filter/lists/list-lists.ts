import type { Ctx } from '../../context.js';
import { cityFilterPolicy } from '../filter.policy.js';
import type { FilterListsTable } from '../tables.js';

/** Every block list, by category then name. */
export async function listLists(ctx: Ctx): Promise<FilterListsTable[]> {
  cityFilterPolicy.authorize(ctx.actor, 'read');
  return ctx.db.kysely.selectFrom('filter_lists').selectAll().orderBy('category_code').orderBy('name').execute();
}
