import type { Tx } from '../../db/database.js';

/**
 * What case management (src/cases) may know of the detection desk: whether an item or a takedown
 * request exists, the items found from a report's links, and a takedown's dates. A case's
 * "takedown" decision names one of these requests (detect_takedowns): there is no second kind.
 * Detection never imports cases.
 */
export interface TakedownForCase {
  id: string;
  itemId: string;
  platform: string;
  status: string;
  requestedAt: string;
  sentAt: string | null;
  removedAt: string | null;
}

export async function takedownForCase(db: Tx, id: string): Promise<TakedownForCase | null> {
  const r = await db
    .selectFrom('detect_takedowns')
    .select(['id', 'item_id', 'platform', 'status', 'requested_at', 'sent_at', 'removed_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r
    ? { id: r.id, itemId: r.item_id, platform: r.platform, status: r.status, requestedAt: r.requested_at, sentAt: r.sent_at, removedAt: r.removed_at }
    : null;
}

export async function takedownsForCase(db: Tx, ids: readonly string[]): Promise<TakedownForCase[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('detect_takedowns')
    .select(['id', 'item_id', 'platform', 'status', 'requested_at', 'sent_at', 'removed_at'])
    .where('id', 'in', [...ids])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    itemId: r.item_id,
    platform: r.platform,
    status: r.status,
    requestedAt: r.requested_at,
    sentAt: r.sent_at,
    removedAt: r.removed_at,
  }));
}

export async function detectionItemExists(db: Tx, id: string): Promise<boolean> {
  return (await db.selectFrom('detect_items').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Items the desk made from these reports' links (the detection requests intake sent). */
export async function detectionItemsOfReports(db: Tx, reportIds: readonly string[]): Promise<Array<{ id: string; reportId: string }>> {
  if (reportIds.length === 0) return [];
  const rows = await db
    .selectFrom('detect_items')
    .select(['id', 'report_id'])
    .where('report_id', 'in', [...reportIds])
    .execute();
  return rows.flatMap((r) => (r.report_id ? [{ id: r.id, reportId: r.report_id }] : []));
}
