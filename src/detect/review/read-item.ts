import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { displayNames } from '../../org/users/names.js';
import { loadItem } from './load-item.js';
import type { ItemRecord } from './present.js';
import { reportCodes } from './report-codes.js';

/** One item with its images and takedown requests; every read is audited (it shows the reported page). */
export async function readItem(ctx: Ctx, id: string): Promise<ItemRecord> {
  const item = await loadItem(ctx, id);
  const db = ctx.db.kysely;
  const [images, takedowns, attempts, codes] = await Promise.all([
    db.selectFrom('detect_item_images').selectAll().where('item_id', '=', item.id).orderBy('position').execute(),
    db.selectFrom('detect_takedowns').selectAll().where('item_id', '=', item.id).orderBy('created_at').execute(),
    db.selectFrom('detect_item_attempts').selectAll().where('item_id', '=', item.id).orderBy('started_at').orderBy('ended_at').execute(),
    reportCodes(db, [item.report_id]),
  ]);
  await audit(ctx, db, 'detect_item.read', { type: 'detect_item', id: item.id }, { kind: item.kind, domain: item.domain });
  const people = [item.decided_by, item.previous_decided_by].filter((x): x is string => x !== null);
  const names = people.length ? await displayNames(db, people) : new Map<string, string>();
  return {
    item,
    images,
    takedowns,
    attempts,
    reportCode: item.report_id ? (codes.get(item.report_id) ?? null) : null,
    decidedByName: item.decided_by ? (names.get(item.decided_by) ?? null) : null,
    previousDecidedByName: item.previous_decided_by ? (names.get(item.previous_decided_by) ?? null) : null,
  };
}
