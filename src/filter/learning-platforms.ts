import type { Tx } from '../db/database.js';
import { newId } from '../shared/ids.js';
import { jsonStrings } from '../shared/json.js';
import { cleanDomains } from './lists/clean-domains.js';
import { publishSnapshot } from './service.js';

/**
 * The filter's named entry point for a school's approved learning platforms (kept by
 * programmes/): each platform's domain becomes an allow entry of the school's own rules for every
 * band (the 'all' row of filter_school_rules). Allow entries pass in class-time learning mode as
 * well as outside it (engine/policy.ts: allow entries come before the learning-mode check), so an
 * approved platform is reachable during lessons while everything else not in the learning
 * category stays closed. Entries the school added by hand stay; a domain the school had allowed
 * by hand and later approved as a platform leaves the allow list when the platform is removed.
 */
export function cleanPlatformDomain(domain: string, field: string): string {
  const [clean] = cleanDomains([domain], field);
  return clean as string;
}

/** Replaces the platforms' allow entries (`previous` → `next`) in the caller's transaction. */
export async function setLearningPlatformDomains(trx: Tx, schoolId: string, previous: readonly string[], next: readonly string[], now: string): Promise<void> {
  const row = await trx.selectFrom('filter_school_rules').selectAll().where('school_id', '=', schoolId).where('band', '=', 'all').executeTakeFirst();
  const kept = jsonStrings(row?.allow_domains).filter((d) => !previous.includes(d));
  const allow = JSON.stringify([...kept, ...next.filter((d) => !kept.includes(d))]);
  if (row) {
    await trx.updateTable('filter_school_rules').set({ allow_domains: allow, updated_at: now }).where('id', '=', row.id).execute();
  } else {
    await trx
      .insertInto('filter_school_rules')
      .values({ id: newId(), school_id: schoolId, band: 'all', blocked_categories: '[]', block_domains: '[]', allow_domains: allow, updated_at: now })
      .execute();
  }
}

/** After the transaction commits: the running filter takes the new rules. */
export async function publishLearningPlatforms(db: Tx, dataDir: string): Promise<void> {
  await publishSnapshot(db, dataDir);
}
