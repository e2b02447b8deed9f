import type { Ctx } from '../../context.js';
import { cityFilterPolicy } from '../filter.policy.js';
import type { CategoryDef } from '../model.js';
import { readCategories } from '../store.js';

/** The categories with how many domains their enabled lists hold. */
export async function listCategories(ctx: Ctx): Promise<{ categories: CategoryDef[]; domains: Map<string, number> }> {
  cityFilterPolicy.authorize(ctx.actor, 'read');
  const db = ctx.db.kysely;
  const categories = await readCategories(db);
  const counts = await db
    .selectFrom('filter_lists')
    .select(['category_code', (eb) => eb.fn.sum<number>('entry_count').as('n')])
    .where('enabled', '=', 1)
    .groupBy('category_code')
    .execute();
  return { categories, domains: new Map(counts.map((c) => [c.category_code, Number(c.n ?? 0)])) };
}
