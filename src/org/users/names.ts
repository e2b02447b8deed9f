import type { Tx } from '../../db/database.js';

/**
 * Display names of staff accounts, for features that show who did something (an analyst's
 * decision, a hand-over) to people who may not read the user directory itself.
 */
export async function displayNames(db: Tx, ids: readonly (string | null | undefined)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => typeof x === 'string' && x.length > 0))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
