/**
 * Hash values as the banks store them: lower-case hex. PDQ 64 digits (256 bits), SHA-256 64,
 * MD5 32. ThreatExchange/HMA exports are upper- or lower-case; both are accepted.
 */
export type BankKind = 'pdq' | 'sha256' | 'md5';

const HEX_LENGTH: Record<BankKind, number> = { pdq: 64, sha256: 64, md5: 32 };

/** The canonical form of a hash of this kind, or null when it is not one. */
export function canonicalHash(kind: BankKind, raw: string): string | null {
  const s = raw.trim().toLowerCase();
  return s.length === HEX_LENGTH[kind] && /^[0-9a-f]+$/.test(s) ? s : null;
}

/** Bits set in a 32-bit word (SWAR: pairs, nibbles, bytes, then one multiply). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** A 64-digit PDQ hex as eight 32-bit words, most significant (first hex digits) first. */
export function pdqWords(hex: string, out: Uint32Array = new Uint32Array(8), at = 0): Uint32Array {
  for (let k = 0; k < 8; k++) out[at + k] = Number.parseInt(hex.slice(8 * k, 8 * k + 8), 16) >>> 0;
  return out;
}

export function wordsToHex(words: Uint32Array, at = 0): string {
  let s = '';
  for (let k = 0; k < 8; k++) s += words[at + k]!.toString(16).padStart(8, '0');
  return s;
}

/** Hamming distance between two hex strings of equal length (any multiple of 8 digits, e.g. PDQ). */
export function hammingHex(a: string, b: string): number {
  if (a.length !== b.length || a.length % 8 !== 0 || !/^[0-9a-fA-F]*$/.test(a) || !/^[0-9a-fA-F]*$/.test(b)) {
    throw new RangeError('hammingHex: two hex strings of equal length (a multiple of 8 digits) expected');
  }
  let d = 0;
  for (let i = 0; i < a.length; i += 8) d += popcount32((Number.parseInt(a.slice(i, i + 8), 16) ^ Number.parseInt(b.slice(i, i + 8), 16)) >>> 0);
  return d;
}
