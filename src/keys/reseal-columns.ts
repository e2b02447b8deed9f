import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Sealer } from '../shared/secrets.js';
import type { SealedTable } from './sealed-columns.js';

/** `column holds a value not sealed under the key with this prefix` — the same SQL on both databases. */
const stale = (column: string, prefix: string): RawBuilder<unknown> =>
  sql`(${sql.ref(column)} is not null and substr(${sql.ref(column)}, 1, ${prefix.length}) <> ${prefix})`;

const anyStale = (t: SealedTable, prefix: string) =>
  sql.join(
    t.columns.map((c) => stale(c, prefix)),
    sql` or `,
  );

/** The sealed values of a table not yet under the key with `prefix` ("k1.<id>."). */
export async function countStale(db: Db, t: SealedTable, prefix: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t.table)} where ${anyStale(t, prefix)}`.execute(db.kysely);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Re-seals one batch of rows (keyset order by id, after `afterId`) under the sealer's current key,
 * in one transaction. Each value is replaced only if it is still what was read (compare-and-set),
 * so a row the running server changed meanwhile is left to the next pass rather than overwritten.
 * Returns the values re-sealed and the last id seen (null when the table is done).
 */
export async function resealBatch(
  db: Db,
  sealer: Sealer,
  t: SealedTable,
  prefix: string,
  afterId: string,
  size: number,
): Promise<{ resealed: number; lastId: string | null }> {
  return db.kysely.transaction().execute(async (trx) => {
    const { rows } = await sql<Record<string, string | null>>`select id, ${sql.join(t.columns.map((c) => sql.ref(c)))} from ${sql.table(t.table)}
      where id > ${afterId} and (${anyStale(t, prefix)}) order by id limit ${size}`.execute(trx);
    let resealed = 0;
    for (const row of rows) {
      for (const c of t.columns) {
        const old = row[c];
        if (old === null || old === undefined || old.startsWith(prefix)) continue;
        const fresh = sealer.seal(sealer.open(old));
        const r = await sql`update ${sql.table(t.table)} set ${sql.ref(c)} = ${fresh} where id = ${row.id} and ${sql.ref(c)} = ${old}`.execute(trx);
        resealed += Number(r.numAffectedRows ?? 0);
      }
    }
    return { resealed, lastId: rows.length < size ? null : (rows.at(-1)?.id ?? null) };
  });
}
