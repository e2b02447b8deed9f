import type { NormalizedText } from './normalize.js';

/**
 * Hashed sparse features for the linear model: word 1..n-grams on the folded tokens, character
 * n-grams on the folded text (and optionally on the accented text), emoji. Each feature is hashed
 * (FNV-1a, a different seed per kind) into 2^bits buckets; counts get sublinear TF (1 + ln tf),
 * an IDF weight learnt at training time, and the vector is L2-normalised.
 */
export type FeatureConfig = {
  bits: number;
  wordMaxN: number;
  charMinN: number;
  charMaxN: number;
  /** Also take character n-grams of the text with diacritics ("lồn" and "lon" differ there). */
  charOnAccented: boolean;
  /** Also take word 1..wordMaxN-grams of the text with diacritics: the same distinction for ~10 features instead of ~200. */
  wordsOnAccented?: boolean;
};

export const DEFAULT_FEATURES: FeatureConfig = { bits: 18, wordMaxN: 2, charMinN: 2, charMaxN: 5, charOnAccented: true };

const FNV_PRIME = 0x01000193;
const SEED_WORD = 0x811c9dc5;
const SEED_CHAR = 0x050c5d1f;
const SEED_CHAR_ACC = 0x2f0c3a9b;
const SEED_EMOJI = 0x6b43a9b5;
const SEED_WORD_ACC = 0x1b873593;
/** The longest text (in UTF-16 units) the character n-grams look at; normalizeText already caps input at 64 Ki. */
const MAX_CHAR_SPAN = 4096;
/** The most words of one text that become features. */
const MAX_WORDS = 8192;

/** A sparse vector: parallel arrays of bucket indices and values. */
export type SparseVector = { idx: Int32Array; val: Float32Array };

/** The longest word n-gram the extractor supports. */
export const MAX_WORD_N = 4;

/** At most this many distinct features per text (further new ones are ignored). */
const MAX_DISTINCT = 1 << 16;
const SMALL_SLOTS_BITS = 12;

/**
 * Reusable scratch space. One pass over the folded string hashes words and character n-grams
 * straight from the char codes (no token strings, no n-gram strings) and counts them in a small
 * open-addressing table (4,096 slots, 24 KB: stays in the L1 cache) that grows only for long texts.
 * One extractor per thread.
 */
export class FeatureExtractor {
  /** Distinct buckets of the current text, in first-seen order, and their counts. */
  readonly touched = new Int32Array(MAX_DISTINCT);
  readonly counts = new Uint16Array(MAX_DISTINCT);
  /** How many of `touched` are in use. */
  count = 0;
  readonly mask: number;
  private readonly wordHashes = new Int32Array(MAX_WORD_N);
  private readonly slotOf = new Int32Array(MAX_DISTINCT);
  private slotsBits = SMALL_SLOTS_BITS;
  /** Open addressing: bucket + 1 per slot (0 = empty), and its index in `touched`. */
  private keys = new Int32Array(1 << SMALL_SLOTS_BITS);
  private index = new Int32Array(1 << SMALL_SLOTS_BITS);
  private readonly small = { keys: this.keys, index: this.index };

  constructor(readonly config: FeatureConfig) {
    if (config.wordMaxN < 1 || config.wordMaxN > MAX_WORD_N) throw new Error(`wordMaxN must be 1..${MAX_WORD_N}`);
    this.mask = (1 << config.bits) - 1;
  }

  private add(h: number): void {
    const b = h & this.mask;
    const keys = this.keys;
    const m = keys.length - 1;
    let i = Math.imul(b, 0x9e3779b1) >>> (32 - this.slotsBits);
    for (;;) {
      const k = keys[i]!;
      if (k === b + 1) {
        this.counts[this.index[i]!]! += 1;
        return;
      }
      if (k === 0) break;
      i = (i + 1) & m;
    }
    if (this.count >= MAX_DISTINCT) return; // bounded: further new buckets are ignored
    if (this.count * 2 >= keys.length) {
      this.grow();
      this.add(h);
      return;
    }
    keys[i] = b + 1;
    this.index[i] = this.count;
    this.slotOf[this.count] = i;
    this.touched[this.count] = b;
    this.counts[this.count++] = 1;
  }

  /** Doubles the table (up to 2 × MAX_DISTINCT slots) and re-inserts what is there. */
  private grow(): void {
    this.slotsBits++;
    this.keys = new Int32Array(1 << this.slotsBits);
    this.index = new Int32Array(1 << this.slotsBits);
    const m = this.keys.length - 1;
    for (let p = 0; p < this.count; p++) {
      const b = this.touched[p]!;
      let i = Math.imul(b, 0x9e3779b1) >>> (32 - this.slotsBits);
      while (this.keys[i] !== 0) i = (i + 1) & m;
      this.keys[i] = b + 1;
      this.index[i] = p;
      this.slotOf[p] = i;
    }
  }

  /** Empties the table for the next text. */
  private reset(): void {
    if (this.slotsBits !== SMALL_SLOTS_BITS) {
      this.slotsBits = SMALL_SLOTS_BITS;
      this.keys = this.small.keys;
      this.index = this.small.index;
      this.keys.fill(0);
    } else for (let p = 0; p < this.count; p++) this.keys[this.slotOf[p]!] = 0;
    this.count = 0;
  }

  private chars(s: string, seed: number): void {
    const { charMinN, charMaxN } = this.config;
    const n = Math.min(s.length, MAX_CHAR_SPAN);
    // " " + s + " ": word edges become part of the n-grams.
    for (let i = -1; i < n; i++) {
      let h = seed;
      for (let k = 0; k < charMaxN; k++) {
        const j = i + k;
        if (j > n) break;
        const c = j < 0 || j === n ? 32 : s.charCodeAt(j);
        h = Math.imul(h ^ c, FNV_PRIME);
        if (k + 1 >= charMinN) this.add(h ^ (k + 1));
      }
    }
  }

  /** Word 1..wordMaxN-grams of `folded` (words are separated by single spaces), at most 8,192 words. */
  private words(folded: string, seed: number): void {
    const maxN = this.config.wordMaxN;
    const ring = this.wordHashes;
    let words = 0;
    let h = seed;
    let inWord = false;
    for (let i = 0; i <= folded.length; i++) {
      const c = i < folded.length ? folded.charCodeAt(i) : 32;
      if (c !== 32) {
        h = Math.imul(h ^ c, FNV_PRIME);
        inWord = true;
        continue;
      }
      if (!inWord) continue;
      ring[words % MAX_WORD_N] = h;
      words++;
      this.add(h);
      // n-grams ending at this word: hash of (n, h_{i-n+1}, …, h_i)
      for (let n = 2; n <= maxN && n <= words; n++) {
        let g = Math.imul(seed ^ n, FNV_PRIME);
        for (let k = words - n; k < words; k++) g = Math.imul(g ^ ring[k % MAX_WORD_N]!, FNV_PRIME);
        this.add(g);
      }
      h = seed;
      inWord = false;
      if (words >= MAX_WORDS) break;
    }
  }

  /** Counts the features of one text into the scratch space: `touched[0..count)` and `counts[0..count)`. */
  collect(n: NormalizedText): void {
    this.reset();
    this.words(n.folded, SEED_WORD);
    this.chars(n.folded, SEED_CHAR);
    if (n.lower !== n.folded) {
      if (this.config.charOnAccented) this.chars(n.lower, SEED_CHAR_ACC);
      if (this.config.wordsOnAccented) this.words(n.lower, SEED_WORD_ACC);
    }
    for (const e of n.emoji) {
      let h = SEED_EMOJI;
      for (let j = 0; j < e.length; j++) h = Math.imul(h ^ e.charCodeAt(j), FNV_PRIME);
      this.add(h);
    }
  }

  /** Raw counts, then sublinear TF × idf, L2-normalised. `idf` may be null while learning it. */
  extract(n: NormalizedText, idf: Float32Array | null): SparseVector {
    this.collect(n);
    const idx = new Int32Array(this.count);
    const val = new Float32Array(this.count);
    let norm = 0;
    for (let i = 0; i < this.count; i++) {
      const b = this.touched[i]!;
      const t = sublinearTf(this.counts[i]!);
      const v = idf ? t * idf[b]! : t;
      idx[i] = b;
      val[i] = v;
      norm += v * v;
    }
    if (norm > 0) {
      const inv = 1 / Math.sqrt(norm);
      for (let i = 0; i < val.length; i++) val[i]! *= inv;
    }
    return { idx, val };
  }
}

/** 1 + ln(count): a word said ten times is not ten times the evidence. */
export const sublinearTf = (count: number): number => (count === 1 ? 1 : 1 + Math.log(count));
