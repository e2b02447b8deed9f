import type { Db } from '../db/database.js';
import { type AuditAnchor, anchorSignatureValid } from './anchor.js';
import { GENESIS_HASH } from './append.js';
import { auditKeysOf, KEYED_ALG, keyedHash, LEGACY_ALG, legacyHash } from './chain-key.js';

export type BrokenReason =
  | 'hash_mismatch'
  | 'chain_broken'
  | 'sequence_gap'
  /** an entry hashed without the key where only keyed entries may stand (see below) */
  | 'unkeyed';

export type VerifyResult = { ok: true; entries: number; head: string } | { ok: false; entries: number; brokenAt: number; reason: BrokenReason };

/**
 * Walks the whole chain in order and names the first entry that does not hold.
 *
 * Keyed entries (HMAC with the platform's secret key) are checked with the key; entries written
 * before the chain was keyed keep their plain SHA-256 and are accepted only as the chain's
 * beginning, followed by at least one keyed entry whose link covers them. So a chain rewritten by
 * someone without the key fails whichever way it was recomputed: with plain SHA-256 after the
 * first keyed entry ('unkeyed'), entirely with plain SHA-256 ('unkeyed' at the head), or with a
 * guessed key ('hash_mismatch').
 */
export async function verifyAuditChain(db: Db, onProgress?: (done: number, total: number) => void): Promise<VerifyResult> {
  const { hmac } = auditKeysOf(db);
  const total = Number(
    (
      await db.kysely
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let keyed = false;
  const batch = 2000;
  for (;;) {
    const rows = await db.kysely.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(batch).execute();
    for (const row of rows) {
      if (row.seq !== expectedSeq) return { ok: false, entries: checked, brokenAt: expectedSeq, reason: 'sequence_gap' };
      if (row.prev_hash !== prevHash) return { ok: false, entries: checked, brokenAt: row.seq, reason: 'chain_broken' };
      const { hash, hash_alg, ...rest } = row;
      // A database not yet migrated to 0050 has no hash_alg column: all its entries are the old kind.
      const alg = hash_alg ?? LEGACY_ALG;
      if (alg === KEYED_ALG) {
        if (keyedHash(hmac, rest) !== hash) return { ok: false, entries: checked, brokenAt: row.seq, reason: 'hash_mismatch' };
        keyed = true;
      } else if (alg === LEGACY_ALG) {
        if (keyed) return { ok: false, entries: checked, brokenAt: row.seq, reason: 'unkeyed' };
        if (legacyHash(rest) !== hash) return { ok: false, entries: checked, brokenAt: row.seq, reason: 'hash_mismatch' };
      } else {
        return { ok: false, entries: checked, brokenAt: row.seq, reason: 'hash_mismatch' };
      }
      prevHash = hash;
      expectedSeq++;
      checked++;
    }
    onProgress?.(checked, total);
    if (rows.length < batch) break;
  }
  // Old-kind entries at the head are covered by nothing anyone without the key could not redo.
  // The platform writes a keyed entry at its first start after the upgrade (keyAuditChain).
  if (checked > 0 && !keyed) return { ok: false, entries: 0, brokenAt: checked, reason: 'unkeyed' };
  return { ok: true, entries: checked, head: prevHash };
}

export type AnchorFailure =
  /** the anchor's signature does not hold under this platform's anchor key */
  | { reason: 'bad_signature' }
  /** the anchor was signed by another key (another installation, or a key that was replaced) */
  | { reason: 'other_key'; publicKey: string }
  /** the chain ends before the anchored entry: its newest entries were removed */
  | { reason: 'chain_shorter'; headSeq: number; anchorSeq: number }
  /** the entry at the anchored position is not the one that was anchored */
  | { reason: 'rewritten'; anchorSeq: number };

export type AnchoredVerifyResult = VerifyResult | ({ ok: false; entries: number; brokenAt: number } & AnchorFailure);

/**
 * The chain as above, and then against an anchor written earlier (src/audit/anchor-head.ts):
 * the chain must still hold the anchored entry, unchanged. It may have grown since. This is
 * what notices the two things the chain alone cannot: its newest entries cut off, or the whole
 * chain recomputed by someone who also holds the key.
 */
export async function verifyAuditChainAgainst(db: Db, anchor: AuditAnchor, onProgress?: (done: number, total: number) => void): Promise<AnchoredVerifyResult> {
  const keys = auditKeysOf(db);
  if (anchor.publicKey !== keys.publicKey) return { ok: false, entries: 0, brokenAt: anchor.seq, reason: 'other_key', publicKey: anchor.publicKey };
  if (!anchorSignatureValid(anchor, keys.verifying)) return { ok: false, entries: 0, brokenAt: anchor.seq, reason: 'bad_signature' };
  const chain = await verifyAuditChain(db, onProgress);
  if (!chain.ok) return chain;
  if (chain.entries < anchor.seq)
    return { ok: false, entries: chain.entries, brokenAt: chain.entries + 1, reason: 'chain_shorter', headSeq: chain.entries, anchorSeq: anchor.seq };
  const at = await db.kysely.selectFrom('audit_log').select('hash').where('seq', '=', anchor.seq).executeTakeFirst();
  if (at?.hash !== anchor.hash) return { ok: false, entries: anchor.seq - 1, brokenAt: anchor.seq, reason: 'rewritten', anchorSeq: anchor.seq };
  return chain;
}
