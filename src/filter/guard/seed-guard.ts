import type { Tx } from '../../db/database.js';
import { GUARD_SEED } from './seed-entries.js';

/**
 * Adds the shipped guard entries that are missing. Idempotent; an entry the city removed stays
 * removed (its row is a tombstone), one it edited keeps the city's words.
 */
export async function seedGuard(trx: Tx, now: string): Promise<number> {
  const have = new Set((await trx.selectFrom('filter_guard_entries').select('domain').execute()).map((r) => r.domain));
  const missing = GUARD_SEED.flatMap((g) =>
    g.domains
      .filter((d) => !have.has(d))
      .map((domain) => ({
        domain,
        group_code: g.group,
        reason_vi: g.vi,
        reason_en: g.en,
        origin: 'seed' as const,
        tenant_subdomains: g.tenants ? 1 : 0,
        removed_at: null,
        created_at: now,
        updated_at: now,
      })),
  );
  if (missing.length) await trx.insertInto('filter_guard_entries').values(missing).execute();
  return missing.length;
}
