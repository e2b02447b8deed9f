import type { Ctx } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { cityFilterPolicy } from '../filter.policy.js';

/** The names a list carries that the guard list kept out of the filter, with the guard's reason. */
export async function listGuardHits(ctx: Ctx, listId: string) {
  cityFilterPolicy.authorize(ctx.actor, 'read');
  const db = ctx.db.kysely;
  if (!(await db.selectFrom('filter_lists').select('id').where('id', '=', listId).executeTakeFirst())) throw notFound();
  return db
    .selectFrom('filter_list_guard_hits as h')
    .leftJoin('filter_guard_entries as g', 'g.domain', 'h.guard_domain')
    .select(['h.name', 'h.guard_domain', 'g.reason_vi', 'g.reason_en'])
    .where('h.list_id', '=', listId)
    .orderBy('h.name')
    .execute();
}
