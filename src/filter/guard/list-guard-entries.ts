import type { Ctx } from '../../context.js';
import { cityFilterPolicy } from '../filter.policy.js';
import type { FilterGuardEntriesTable } from '../safety-tables.js';

/** The guard list in force (removed entries stay in the table for the record, not here). */
export async function listGuardEntries(ctx: Ctx): Promise<FilterGuardEntriesTable[]> {
  cityFilterPolicy.authorize(ctx.actor, 'read');
  return ctx.db.kysely.selectFrom('filter_guard_entries').selectAll().where('removed_at', 'is', null).orderBy('group_code').orderBy('domain').execute();
}
