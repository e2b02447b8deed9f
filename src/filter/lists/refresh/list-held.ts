import type { Tx } from '../../../db/database.js';
import { type HeldRefresh, presentHeld } from './hold-refresh.js';

/** The refreshes waiting for review, newest first. */
export async function listHeldRefreshes(db: Tx): Promise<HeldRefresh[]> {
  const rows = await db
    .selectFrom('filter_held_refreshes as h')
    .innerJoin('filter_lists as l', 'l.id', 'h.list_id')
    .selectAll('h')
    .select(['l.name', 'l.category_code'])
    .orderBy('h.created_at', 'desc')
    .execute();
  return rows.map((r) => presentHeld(r, r));
}
