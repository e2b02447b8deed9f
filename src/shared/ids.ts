import { randomBytes, randomFillSync } from 'node:crypto';

/**
 * A new row id: a UUID version 7 (RFC 9562) — 48 bits of Unix milliseconds, then 74 random bits.
 * Ids made later sort later, so a table's primary-key index grows at its end: each insert touches
 * the same last page instead of a random one, and a commit of many reports writes a handful of
 * pages rather than one per row per index (version 4 ids cost the reporting centre a third of its
 * SQLite time). Within one millisecond a counter in the random part keeps the order (method 1 of
 * RFC 9562 §6.2). The id reveals when the row was made — which every such row stores anyway.
 */
export function newId(): string {
  let ms = Date.now();
  if (ms <= last.ms) {
    // same millisecond (or the clock stepped back): count up in the 12-bit "rand_a" field
    ms = last.ms;
    last.seq++;
    if (last.seq > 0xfff) {
      last.ms = ++ms;
      last.seq = 0;
    }
  } else {
    last.ms = ms;
    last.seq = 0;
  }
  if (pool.offset + 8 > pool.bytes.length) {
    randomFillSync(pool.bytes);
    pool.offset = 0;
  }
  const at = pool.offset;
  pool.offset += 8;
  const hex = ms.toString(16).padStart(12, '0');
  const randA = (0x7000 | last.seq).toString(16);
  const variant = ((pool.bytes[at] as number) & 0x3f) | 0x80;
  const randB = variant.toString(16) + pool.bytes.toString('hex', at + 1, at + 8);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${randA}-${randB.slice(0, 4)}-${randB.slice(4, 16)}`;
}

const last = { ms: 0, seq: 0 };
const pool = { bytes: Buffer.alloc(4096), offset: 4096 };

/** URL-safe random secret with `bytes` of entropy. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');
