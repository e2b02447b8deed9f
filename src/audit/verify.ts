import type { Db } from '../db/database.js';
import { GENESIS_HASH, entryHash } from './append.js';

export type VerifyResult =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; brokenAt: number; reason: 'hash_mismatch' | 'chain_broken' | 'sequence_gap' };

/** Walks the whole chain in order and names the first entry that does not hold. */
export async function verifyAuditChain(db: Db, onProgress?: (done: number, total: number) => void): Promise<VerifyResult> {
  const total = Number((await db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  const batch = 2000;
  for (;;) {
    const rows = await db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batch)
      .execute();
    for (const row of rows) {
      if (row.seq !== expectedSeq) return { ok: false, entries: checked, brokenAt: expectedSeq, reason: 'sequence_gap' };
      if (row.prev_hash !== prevHash) return { ok: false, entries: checked, brokenAt: row.seq, reason: 'chain_broken' };
      const { hash, ...rest } = row;
      if (entryHash(rest) !== hash) return { ok: false, entries: checked, brokenAt: row.seq, reason: 'hash_mismatch' };
      prevHash = hash;
      expectedSeq++;
      checked++;
    }
    onProgress?.(checked, total);
    if (rows.length < batch) break;
  }
  return { ok: true, entries: checked, head: prevHash };
}
