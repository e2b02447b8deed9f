import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { displayNames } from '../../org/users/names.js';
import { loadItem } from './load-item.js';
import type { ItemRecord } from './present.js';

/** One item with its images and takedown requests; every read is audited (it shows the reported page). */
export async function readItem(ctx: Ctx, id: string): Promise<ItemRecord> {
  const item = await loadItem(ctx, id);
  const db = ctx.db.kysely;
  const [images, takedowns] = await Promise.all([
    db.selectFrom('detect_item_images').selectAll().where('item_id', '=', item.id).orderBy('position').execute(),
    db.selectFrom('detect_takedowns').selectAll().where('item_id', '=', item.id).orderBy('created_at').execute(),
  ]);
  await audit(ctx, db, 'detect_item.read', { type: 'detect_item', id: item.id }, { kind: item.kind, domain: item.domain });
  const decidedByName = item.decided_by ? ((await displayNames(db, [item.decided_by])).get(item.decided_by) ?? null) : null;
  return { item, images, takedowns, decidedByName };
}
