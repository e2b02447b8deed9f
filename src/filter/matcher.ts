/**
 * The domain matcher. A name is never stored as a JavaScript string: each entry is a 64-bit hash
 * (two 32-bit halves) of its labels read right to left, with one tag byte (category, exception,
 * subdomains-only). Look-ups hash the question's labels straight from the wire bytes, right to
 * left, so every suffix of the name (a.b.example.com → com, example.com, b.example.com, …) costs
 * one more label of hashing and one bucket probe. ~9 bytes per entry + a bucket index.
 */

/** tag bits */
export const TAG_EXCEPTION = 0x80;
export const TAG_SUBDOMAINS_ONLY = 0x40;
export const TAG_CATEGORY = 0x3f;

const SEED1 = 0x811c9dc5;
const SEED2 = 0x9747b28c;
const DOT = 0x2e;

/** Suffix hashes of a name, most specific first: h1[0]/h2[0] is the whole name. */
export interface NameHashes {
  h1: Int32Array;
  h2: Int32Array;
  n: number;
}

const MAX_LABELS = 128;

export function newHashes(): NameHashes {
  return { h1: new Int32Array(MAX_LABELS), h2: new Int32Array(MAX_LABELS), n: 0 };
}

/** Hashes a name given as wire labels (offsets of each length byte), lower-casing on the fly. */
export function hashWireLabels(buf: Uint8Array, labels: readonly number[], out: NameHashes): NameHashes {
  let a = SEED1;
  let b = SEED2;
  const n = labels.length;
  for (let i = n - 1; i >= 0; i--) {
    const o = labels[i]!;
    const end = o + 1 + buf[o]!;
    for (let p = o + 1; p < end; p++) {
      let c = buf[p]!;
      if (c >= 65 && c <= 90) c |= 0x20;
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    a = Math.imul(a ^ DOT, 0x01000193);
    b = Math.imul(b ^ DOT, 0x5bd1e995);
    b ^= b >>> 15;
    // level index: 0 = whole name
    out.h1[i] = a ^ (a >>> 13);
    out.h2[i] = b;
  }
  out.n = n;
  return out;
}

/** Hashes a dotted ASCII name (no trailing dot), every suffix level, lower-casing on the fly. */
export function hashName(name: string, out: NameHashes = newHashes()): NameHashes {
  const bytes = Buffer.from(name, 'latin1');
  const labels: number[] = [];
  const wire = Buffer.allocUnsafe(bytes.length + 1);
  let start = 0;
  let w = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === DOT) {
      labels.push(w);
      wire[w++] = i - start;
      bytes.copy(wire, w, start, i);
      w += i - start;
      start = i + 1;
    }
  }
  return hashWireLabels(wire, labels, out);
}

/**
 * Whole-name hash of a dotted name held in bytes [s, e), without making a string: labels are
 * taken right to left, bytes within a label left to right (the same order as hashWireLabels).
 * Writes h1 into out[0], h2 into out[1].
 */
export function hashDotted(buf: Uint8Array, s: number, e: number, out: Int32Array): void {
  let a = SEED1;
  let b = SEED2;
  let end = e;
  for (let p = e - 1; p >= s - 1; p--) {
    if (p === s - 1 || buf[p] === DOT) {
      for (let q = p + 1; q < end; q++) {
        let c = buf[q]!;
        if (c >= 65 && c <= 90) c |= 0x20;
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995);
        b ^= b >>> 15;
      }
      a = Math.imul(a ^ DOT, 0x01000193);
      b = Math.imul(b ^ DOT, 0x5bd1e995);
      b ^= b >>> 15;
      end = p;
    }
  }
  out[0] = a ^ (a >>> 13);
  out[1] = b;
}

/** Hash of a whole name, for building tables: [h1, h2]. */
export function nameKey(name: string): [number, number] {
  const h = hashName(name);
  return [h.h1[0]!, h.h2[0]!];
}

export interface MatchResult {
  /** categories blocked by the most specific rules (exceptions applied) */
  blocked: number;
  /** categories whose exceptions allowed the name */
  excepted: number;
  /** the level (0 = whole name) of the rule that decided, per first blocked category, or -1 */
  level: number;
}

/**
 * An immutable table of (hash, tag) entries, bucketed by the high bits of h1.
 * Entries may repeat with different tags (a name in two categories).
 */
export class DomainTable {
  constructor(
    readonly h1: Int32Array,
    readonly h2: Int32Array,
    readonly tags: Uint8Array,
    readonly index: Uint32Array,
    readonly bits: number,
  ) {}

  get size(): number {
    return this.tags.length;
  }

  get bytes(): number {
    return this.h1.byteLength + this.h2.byteLength + this.tags.byteLength + this.index.byteLength;
  }

  /** OR of the tags' category bits at one level, split into blocking and excepting rules. */
  probe(a: number, b: number, wholeName: boolean, out: { block: number; except: number }): void {
    const bucket = (a >>> 0) >>> (32 - this.bits);
    const end = this.index[bucket + 1]!;
    const h1 = this.h1;
    for (let i = this.index[bucket]!; i < end; i++) {
      if (h1[i] === a && this.h2[i] === b) {
        const t = this.tags[i]!;
        if (wholeName && t & TAG_SUBDOMAINS_ONLY) continue;
        if (t & TAG_EXCEPTION) out.except |= 1 << (t & 31);
        else out.block |= 1 << (t & 31);
      }
    }
  }

  /** Tags of exact entries for one hash (used by small tables: safe search, custom lists). */
  firstTag(a: number, b: number): number {
    const bucket = (a >>> 0) >>> (32 - this.bits);
    const end = this.index[bucket + 1]!;
    for (let i = this.index[bucket]!; i < end; i++) if (this.h1[i] === a && this.h2[i] === b) return this.tags[i]!;
    return -1;
  }

  /** Serialised form: magic, version, count, bits, then the arrays (4-byte aligned). */
  serialize(): Buffer {
    const n = this.size;
    const header = Buffer.alloc(16);
    header.write('LCDT', 0, 'latin1');
    header.writeUInt32LE(1, 4);
    header.writeUInt32LE(n, 8);
    header.writeUInt32LE(this.bits, 12);
    const pad = (4 - (n % 4)) % 4;
    return Buffer.concat([
      header,
      Buffer.from(this.h1.buffer, this.h1.byteOffset, this.h1.byteLength),
      Buffer.from(this.h2.buffer, this.h2.byteOffset, this.h2.byteLength),
      Buffer.from(this.tags.buffer, this.tags.byteOffset, this.tags.byteLength),
      Buffer.alloc(pad),
      Buffer.from(this.index.buffer, this.index.byteOffset, this.index.byteLength),
    ]);
  }

  static deserialize(raw: Buffer): DomainTable {
    // typed-array views need an aligned, owned buffer
    const ab = new ArrayBuffer(raw.length);
    new Uint8Array(ab).set(raw);
    return DomainTable.fromArrayBuffer(ab);
  }

  /** Views over a serialised table held in its own ArrayBuffer (no copy). */
  static fromArrayBuffer(ab: ArrayBuffer): DomainTable {
    const raw = new Uint8Array(ab);
    const dv = new DataView(ab);
    if (raw.length < 16 || raw[0] !== 0x4c || raw[1] !== 0x43 || raw[2] !== 0x44 || raw[3] !== 0x54 || dv.getUint32(4, true) !== 1)
      throw new Error('not a domain table');
    const n = dv.getUint32(8, true);
    const bits = dv.getUint32(12, true);
    const pad = (4 - (n % 4)) % 4;
    const need = 16 + n * 9 + pad + ((1 << bits) + 1) * 4;
    if (raw.length !== need || bits < 1 || bits > 24) throw new Error('domain table has the wrong size');
    let o = 16;
    const h1 = new Int32Array(ab, o, n);
    o += n * 4;
    const h2 = new Int32Array(ab, o, n);
    o += n * 4;
    const tags = new Uint8Array(ab, o, n);
    o += n + pad;
    const index = new Uint32Array(ab, o, (1 << bits) + 1);
    return new DomainTable(h1, h2, tags, index, bits);
  }

  static empty(): DomainTable {
    return new TableBuilder(0).build();
  }
}

/** Collects entries (growing typed arrays), then buckets them with one counting sort. */
export class TableBuilder {
  private h1: Int32Array;
  private h2: Int32Array;
  private tags: Uint8Array;
  private n = 0;

  constructor(capacity = 1024) {
    const c = Math.max(16, capacity);
    this.h1 = new Int32Array(c);
    this.h2 = new Int32Array(c);
    this.tags = new Uint8Array(c);
  }

  get count(): number {
    return this.n;
  }

  add(a: number, b: number, tag: number): void {
    if (this.n === this.tags.length) {
      const c = Math.max(16, this.n * 2);
      const h1 = new Int32Array(c);
      h1.set(this.h1);
      const h2 = new Int32Array(c);
      h2.set(this.h2);
      const t = new Uint8Array(c);
      t.set(this.tags);
      this.h1 = h1;
      this.h2 = h2;
      this.tags = t;
    }
    this.h1[this.n] = a;
    this.h2[this.n] = b;
    this.tags[this.n++] = tag;
  }

  addName(name: string, tag: number): void {
    const h = hashName(name);
    this.add(h.h1[0]!, h.h2[0]!, tag);
  }

  addTable(t: DomainTable): void {
    for (let i = 0; i < t.size; i++) this.add(t.h1[i]!, t.h2[i]!, t.tags[i]!);
  }

  /**
   * Buckets the entries with one counting sort straight into the final arrays, then drops
   * duplicates (same hash and tag: a name listed twice in one category counts once) in place.
   * The builder's own arrays are released: peak memory is the builder + the table, once.
   */
  build(): DomainTable {
    const n = this.n;
    // about one to two entries per bucket (a probe compares ~1.5 hashes; the index costs
    // 2 bytes per entry instead of 4); at least 2 buckets, at most 2^22
    const bits = Math.min(22, Math.max(1, Math.ceil(Math.log2(Math.max(2, n))) - 1));
    const buckets = 1 << bits;
    const shift = 32 - bits;
    const src1 = this.h1;
    const src2 = this.h2;
    const srcT = this.tags;
    const index = new Uint32Array(buckets + 1);
    for (let i = 0; i < n; i++) index[((src1[i]! >>> 0) >>> shift) + 1]!++;
    for (let i = 0; i < buckets; i++) index[i + 1]! += index[i]!;
    const h1 = new Int32Array(n);
    const h2 = new Int32Array(n);
    const tags = new Uint8Array(n);
    // placement cursor per bucket (reuses index[0..buckets-1] shifted: pos[b] = index[b] + placed)
    const pos = index.slice(0, buckets);
    for (let i = 0; i < n; i++) {
      const d = pos[(src1[i]! >>> 0) >>> shift]!++;
      h1[d] = src1[i]!;
      h2[d] = src2[i]!;
      tags[d] = srcT[i]!;
    }
    // release the builder's arrays before compacting
    this.h1 = new Int32Array(0);
    this.h2 = new Int32Array(0);
    this.tags = new Uint8Array(0);
    this.n = 0;
    let kept = 0;
    let j = 0;
    for (let bkt = 0; bkt < buckets; bkt++) {
      const start = kept;
      const end = index[bkt + 1]!;
      index[bkt] = start;
      for (; j < end; j++) {
        const a = h1[j]!;
        const b = h2[j]!;
        const t = tags[j]!;
        let dup = false;
        for (let k = start; k < kept; k++) {
          if (h1[k] === a && h2[k] === b && tags[k] === t) {
            dup = true;
            break;
          }
        }
        if (dup) continue;
        h1[kept] = a;
        h2[kept] = b;
        tags[kept++] = t;
      }
    }
    index[buckets] = kept;
    if (kept === n) return new DomainTable(h1, h2, tags, index, bits);
    return new DomainTable(h1.slice(0, kept), h2.slice(0, kept), tags.slice(0, kept), index, bits);
  }
}

const probeOut = { block: 0, except: 0 };

/**
 * Looks a name up in several tables. Walks from the whole name to the top-level domain; an
 * exception at a more specific level wins over a block at a less specific one, for its category.
 */
export function matchTables(tables: readonly DomainTable[], h: NameHashes, result: MatchResult): MatchResult {
  let blocked = 0;
  let excepted = 0;
  let level = -1;
  for (let lv = 0; lv < h.n; lv++) {
    probeOut.block = 0;
    probeOut.except = 0;
    const a = h.h1[lv]!;
    const b = h.h2[lv]!;
    for (let t = 0; t < tables.length; t++) tables[t]!.probe(a, b, lv === 0, probeOut);
    if (probeOut.except) excepted |= probeOut.except;
    const newly = probeOut.block & ~excepted & ~blocked;
    if (newly) {
      if (blocked === 0) level = lv;
      blocked |= newly;
    }
  }
  result.blocked = blocked;
  result.excepted = excepted;
  result.level = level;
  return result;
}
