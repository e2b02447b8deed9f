import type { Tx } from '../db/database.js';

/** Display names of the accounts that decided or answered, so the console names people, not ids. */
export async function userNames(db: Tx, ids: readonly (string | null | undefined)[]): Promise<Map<string, string>> {
  const want = [...new Set(ids.filter((x): x is string => !!x))];
  const rows = want.length ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', want).execute() : [];
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
