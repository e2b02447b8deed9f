import { existsSync } from 'node:fs';
import type { Tx } from '../../db/database.js';
import { parseNormalisedFile, type RuleSink } from '../lists/parse.js';
import { listFile } from '../snapshot-file.js';
import { type GuardHit, guardAppliesTo } from './guard-set.js';
import { type LoadedGuard, loadGuard } from './read-guard.js';

const nullSink: RuleSink = { rule() {}, ruleName() {} };

/** The lines of one stored list the guard refuses (first `max`), and how many. */
export function guardHitsOfFile(
  guard: LoadedGuard,
  file: string,
  max = 5000,
): { hits: Array<{ name: string; hit: GuardHit }>; refused: number; rules: number } {
  const hits: Array<{ name: string; hit: GuardHit }> = [];
  const sink = guard.set.filter(nullSink, (name, hit) => {
    if (hits.length < max) hits.push({ name, hit });
  });
  const stats = existsSync(file) ? parseNormalisedFile(file, sink) : { accepted: 0 };
  return { hits, refused: sink.refused, rules: stats.accepted };
}

/**
 * Re-checks every stored list against the guard (at start, after a refresh, when the guard list
 * changes) and records the refused lines per list, for "rejected lines" in the console. The
 * filter itself never depends on this table: the compiler applies the guard to every list it reads.
 */
export async function recheckStoredLists(db: Tx, dataDir: string, onlyListId?: string): Promise<{ lists: number; refused: number }> {
  const guard = await loadGuard(db);
  let q = db
    .selectFrom('filter_lists as l')
    .innerJoin('filter_categories as c', 'c.code', 'l.category_code')
    .select(['l.id', 'l.code', 'l.source_type', 'l.entry_count', 'c.kind']);
  if (onlyListId) q = q.where('l.id', '=', onlyListId);
  const lists = await q.execute();
  let refused = 0;
  for (const l of lists) {
    const found = guardAppliesTo(l, l.kind) ? guardHitsOfFile(guard, listFile(dataDir, l.id)) : { hits: [], refused: 0, rules: -1 };
    refused += found.refused;
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('filter_list_guard_hits').where('list_id', '=', l.id).execute();
      const seen = new Set<string>();
      const rows = found.hits
        .filter((h) => !seen.has(h.name) && seen.add(h.name))
        .map((h) => ({ list_id: l.id, name: h.name, guard_domain: h.hit.guard.domain }));
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('filter_list_guard_hits')
          .values(rows.slice(i, i + 500))
          .execute();
      // the count the console shows is what the filter blocks: the file's rules less the refused ones
      // (updated_at untouched: the compiled table's signature already follows the guard's)
      if (found.rules >= 0 && Number(l.entry_count) !== found.rules - found.refused)
        await trx
          .updateTable('filter_lists')
          .set({ entry_count: found.rules - found.refused })
          .where('id', '=', l.id)
          .execute();
    });
  }
  return { lists: lists.length, refused };
}
