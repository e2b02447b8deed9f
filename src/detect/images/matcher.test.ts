import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalHash, hammingHex, pdqWords, popcount32, wordsToHex } from './hashes.js';
import { bruteForce, PdqIndex } from './matcher.js';

/** A hash `bits` bit-flips away from `words[at..at+8)`, at the positions `flips` (mod 256). */
function perturb(words: Uint32Array, at: number, flips: number[]): Uint32Array {
  const q = words.slice(at, at + 8);
  for (const f of new Set(flips.map((x) => x % 256))) q[f >> 5] = (q[f >> 5]! ^ (1 << (f & 31))) >>> 0;
  return q;
}

const key = (hits: { index: number; distance: number }[]) => hits.map((h) => `${h.index}:${h.distance}`).sort();

describe('multi-index hashing matcher', () => {
  it('finds exactly what brute force finds (property: random banks, planted near-duplicates, any threshold)', () => {
    fc.assert(
      fc.property(
        fc.uint32Array({ minLength: 8, maxLength: 8 * 300 }).filter((a) => a.length % 8 === 0),
        fc.nat(299),
        fc.array(fc.nat(1023), { maxLength: 60 }),
        fc.integer({ min: 0, max: 70 }),
        (words, pick, flips, threshold) => {
          const n = words.length / 8;
          const index = new PdqIndex(words);
          const q = perturb(words, (pick % n) * 8, flips);
          expect(key(index.search(q, threshold))).toEqual(key(bruteForce(words, n, q, threshold)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('agrees with brute force on a clustered bank where chunks collide (many near-identical hashes)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.nat(255), { maxLength: 40 }), { minLength: 1, maxLength: 200 }),
        fc.array(fc.nat(255), { maxLength: 40 }),
        (variants, qFlips) => {
          const base = new Uint32Array(8).fill(0xdeadbeef);
          const words = new Uint32Array(variants.length * 8);
          for (const [i, flips] of variants.entries()) words.set(perturb(base, 0, flips), i * 8);
          const q = perturb(base, 0, qFlips);
          const index = new PdqIndex(words);
          for (const t of [0, 15, 31, 32, 47]) expect(key(index.search(q, t)), `t=${t}`).toEqual(key(bruteForce(words, variants.length, q, t)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('returns the same results twice (epoch stamps reset between queries) and handles an empty bank', () => {
    const words = new Uint32Array(8 * 50).map((_, i) => Math.imul(i + 1, 2654435761) >>> 0);
    const index = new PdqIndex(words);
    const q = words.slice(8, 16);
    const a = key(index.search(q, 31));
    expect(a).toContain('1:0');
    expect(key(index.search(q, 31))).toEqual(a);
    expect(new PdqIndex(new Uint32Array(0)).search(q, 31)).toEqual([]);
  });
});

describe('hash helpers', () => {
  it('popcount and hex round-trips agree with a naive count', () => {
    fc.assert(
      fc.property(fc.uint32Array({ minLength: 8, maxLength: 8 }), fc.uint32Array({ minLength: 8, maxLength: 8 }), (a, b) => {
        const ha = wordsToHex(a);
        const hb = wordsToHex(b);
        expect(wordsToHex(pdqWords(ha))).toBe(ha);
        let naive = 0;
        for (let i = 0; i < 8; i++) naive += [...((a[i]! ^ b[i]!) >>> 0).toString(2)].filter((c) => c === '1').length;
        expect(hammingHex(ha, hb)).toBe(naive);
        expect(popcount32(a[0]!)).toBe([...a[0]!.toString(2)].filter((c) => c === '1').length);
      }),
    );
  });

  it('refuses malformed hex in hammingHex and canonicalHash', () => {
    expect(() => hammingHex('zz'.repeat(32), '00'.repeat(32))).toThrow(RangeError);
    expect(() => hammingHex('00'.repeat(32), '00'.repeat(16))).toThrow(RangeError);
    expect(canonicalHash('pdq', ` ${'AB'.repeat(32)} `)).toBe('ab'.repeat(32));
    expect(canonicalHash('pdq', 'ab'.repeat(31))).toBeNull();
    expect(canonicalHash('md5', 'ab'.repeat(32))).toBeNull();
    expect(canonicalHash('sha256', `${'ab'.repeat(31)}g0`)).toBeNull();
  });
});
