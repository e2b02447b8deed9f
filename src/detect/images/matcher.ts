import { popcount32 } from './hashes.js';

/**
 * Near-duplicate search over PDQ hashes by multi-index hashing (Norouzi, Punjani & Fleet 2012).
 *
 * Layout: the 256 bits are cut into 16 chunks of 16 bits (chunk 2k = high half of 32-bit word k,
 * chunk 2k+1 = low half). For each chunk there is a table over all 65 536 chunk values, stored
 * as one compressed-sparse-row pair of typed arrays (offsets, entries): entries[offsets[v] ..
 * offsets[v+1]) are the positions of the hashes whose chunk equals v. No JavaScript object per
 * hash: 1M hashes take 32 MB of words + 16 × 4 MB of entries + 16 × 256 KB of offsets.
 *
 * Why it finds every match (pigeonhole). Let d(q, h) ≤ t and let d_c be the distance within
 * chunk c, so d_0 + … + d_15 = d(q, h) ≤ t. If every d_c were ≥ ⌊t/16⌋ + 1, the sum would be
 * ≥ 16·(⌊t/16⌋ + 1) > t, a contradiction. So some chunk c has d_c ≤ r = ⌊t/16⌋, and h sits in
 * table c under a value within Hamming radius r of q's chunk c. Probing, in every table, every
 * value within radius r of the query's chunk therefore reaches every h with d ≤ t; each
 * candidate is then checked on all 256 bits, so nothing farther than t is returned.
 * For PDQ's usual t = 31, r = 1: 17 probes per table, 272 in all; with n random hashes each
 * probe meets about n / 65 536 candidates (≈ 4 200 full checks per query at 1M).
 * For t ≥ 48 (r ≥ 3) the probe count explodes (16 × 697) and brute force is used instead.
 */
export const CHUNKS = 16;
const VALUES = 1 << 16;
const MAX_MIH_RADIUS = 2;

export interface Hit {
  /** Position of the hash in the words the index was built from. */
  index: number;
  distance: number;
}

/** Distance between the query and stored hash i, stopping early once it exceeds `limit`. */
function distanceAt(words: Uint32Array, i: number, q: Uint32Array, limit: number): number {
  const b = i * 8;
  let d = popcount32(words[b]! ^ q[0]!) + popcount32(words[b + 1]! ^ q[1]!) + popcount32(words[b + 2]! ^ q[2]!) + popcount32(words[b + 3]! ^ q[3]!);
  if (d > limit) return d;
  d += popcount32(words[b + 4]! ^ q[4]!) + popcount32(words[b + 5]! ^ q[5]!) + popcount32(words[b + 6]! ^ q[6]!) + popcount32(words[b + 7]! ^ q[7]!);
  return d;
}

/** The oracle: every stored hash checked, 8 popcounts each. */
export function bruteForce(words: Uint32Array, count: number, q: Uint32Array, threshold: number): Hit[] {
  const hits: Hit[] = [];
  for (let i = 0; i < count; i++) {
    const d = distanceAt(words, i, q, threshold);
    if (d <= threshold) hits.push({ index: i, distance: d });
  }
  return hits;
}

const chunkOf = (words: Uint32Array, base: number, c: number): number => {
  const w = words[base + (c >> 1)]!;
  return c & 1 ? w & 0xffff : w >>> 16;
};

export class PdqIndex {
  readonly count: number;
  private readonly offsets: Uint32Array;
  private readonly entries: Uint32Array;

  /** `words` holds `count` hashes of 8 words each (see hashes.ts pdqWords); it is kept, not copied. */
  constructor(
    readonly words: Uint32Array,
    count = words.length / 8,
  ) {
    this.count = count;
    this.offsets = new Uint32Array(CHUNKS * (VALUES + 1));
    this.entries = new Uint32Array(CHUNKS * count);
    for (let c = 0; c < CHUNKS; c++) {
      const off = c * (VALUES + 1);
      for (let i = 0; i < count; i++) this.offsets[off + chunkOf(words, i * 8, c) + 1]!++;
      for (let v = 0; v < VALUES; v++) this.offsets[off + v + 1]! += this.offsets[off + v]!;
      const fill = this.offsets.slice(off, off + VALUES);
      const base = c * count;
      for (let i = 0; i < count; i++) this.entries[base + fill[chunkOf(words, i * 8, c)]!++] = i;
    }
  }

  /** Every stored hash within `threshold` bits of q (8 words), in no particular order. */
  search(q: Uint32Array, threshold: number): Hit[] {
    const radius = Math.floor(threshold / CHUNKS);
    if (radius > MAX_MIH_RADIUS) return bruteForce(this.words, this.count, q, threshold);
    // A true match sits in several tables; candidates that fail are not remembered (remembering
    // costs one more random memory access per candidate, more than the rare repeated check).
    const hits: Hit[] = [];
    const found = new Set<number>();
    const { offsets, entries, words, count } = this;
    for (let c = 0; c < CHUNKS; c++) {
      const v = chunkOf(q, 0, c);
      const off = c * (VALUES + 1);
      const base = c * count;
      const probes = radius === 0 ? 1 : radius === 1 ? 17 : 137;
      for (let p = 0; p < probes; p++) {
        let key = v;
        if (p >= 1 && p <= 16) key = v ^ (1 << (p - 1));
        else if (p > 16) key = v ^ PAIRS[p - 17]!;
        const end = offsets[off + key + 1]!;
        for (let e = offsets[off + key]!; e < end; e++) {
          const i = entries[base + e]!;
          const d = distanceAt(words, i, q, threshold);
          if (d <= threshold && !found.has(i)) {
            found.add(i);
            hits.push({ index: i, distance: d });
          }
        }
      }
    }
    return hits;
  }
}

/** The 120 16-bit masks with two bits set (radius-2 probes). */
const PAIRS = (() => {
  const m: number[] = [];
  for (let a = 0; a < 16; a++) for (let b = a + 1; b < 16; b++) m.push((1 << a) | (1 << b));
  return Uint32Array.from(m);
})();
