import type { Tx } from '../../db/database.js';
import { newId } from '../../shared/ids.js';
import { jsonStrings } from '../../shared/json.js';
import type { Band } from '../model.js';

/**
 * Adds one allow entry to a school's additions for a band, inside the caller's transaction (the
 * caller audits and publishes). Keeps the school's other entries as they are.
 */
export async function addSchoolAllow(trx: Tx, schoolId: string, band: Band | 'all', domain: string, now: string): Promise<boolean> {
  const row = await trx.selectFrom('filter_school_rules').selectAll().where('school_id', '=', schoolId).where('band', '=', band).executeTakeFirst();
  const allow = row ? jsonStrings(row.allow_domains) : [];
  if (allow.includes(domain)) return false;
  allow.push(domain);
  if (row) {
    await trx
      .updateTable('filter_school_rules')
      .set({ allow_domains: JSON.stringify(allow), updated_at: now })
      .where('id', '=', row.id)
      .execute();
  } else {
    await trx
      .insertInto('filter_school_rules')
      .values({ id: newId(), school_id: schoolId, band, blocked_categories: '[]', block_domains: '[]', allow_domains: JSON.stringify(allow), updated_at: now })
      .execute();
  }
  return true;
}
