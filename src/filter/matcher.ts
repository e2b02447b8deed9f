/**
 * The domain matcher. A name is never stored as a JavaScript string: each entry is a 64-bit hash
 * (two 32-bit halves) of its labels read right to left, with one tag byte (category, exception,
 * subdomains-only). Look-ups hash the question's labels straight from the wire bytes, right to
 * left, so every suffix of the name (a.b.example.com → com, example.com, b.example.com, …) costs
 * one more label of hashing and one bucket probe. ~7 bytes per entry + ~2 bytes of bucket index.
 */

/** tag bits; the low bits hold the category's bit number */
export const TAG_EXCEPTION = 0x80;
export const TAG_SUBDOMAINS_ONLY = 0x40;

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

export interface MatchResult {
  /** categories blocked by the most specific rules (exceptions applied) */
  blocked: number;
  /** categories whose exceptions allowed the name */
  excepted: number;
  /** the level (0 = whole name) of the rule that decided, per first blocked category, or -1 */
  level: number;
}

/**
 * An immutable table of (hash, tag) entries, bucketed by the high `bits` bits of h1. Only the low
 * 16 bits of h1 are stored: the bucket holds the high ones, so with 2^16 buckets or more (tables
 * of ~200k names and up) the whole 64-bit hash is still compared; a small table compares
 * 48 + bits bits. 2 + 4 + 1 bytes per entry, plus a 4-byte index slot per bucket (one per two
 * to four entries). Entries may repeat with different tags (a name in two categories).
 */
export class DomainTable {
  constructor(
    /** low 16 bits of each entry's h1 */
    readonly lo: Uint16Array,
    readonly h2: Int32Array,
    readonly tags: Uint8Array,
    readonly index: Uint32Array,
    readonly bits: number,
  ) {}

  get size(): number {
    return this.tags.length;
  }

  get bytes(): number {
    return this.lo.byteLength + this.h2.byteLength + this.tags.byteLength + this.index.byteLength;
  }

  /** OR of the tags' category bits at one level, split into blocking and excepting rules. */
  probe(a: number, b: number, wholeName: boolean, out: { block: number; except: number }): void {
    const bucket = a >>> (32 - this.bits);
    const lo = a & 0xffff;
    const end = this.index[bucket + 1]!;
    const l = this.lo;
    for (let i = this.index[bucket]!; i < end; i++) {
      if (l[i] === lo && this.h2[i] === b) {
        const t = this.tags[i]!;
        if (wholeName && t & TAG_SUBDOMAINS_ONLY) continue;
        if (t & TAG_EXCEPTION) out.except |= 1 << (t & 31);
        else out.block |= 1 << (t & 31);
      }
    }
  }

  /** Tags of exact entries for one hash (used by small tables: safe search, custom lists). */
  firstTag(a: number, b: number): number {
    const bucket = a >>> (32 - this.bits);
    const lo = a & 0xffff;
    const end = this.index[bucket + 1]!;
    for (let i = this.index[bucket]!; i < end; i++) if (this.lo[i] === lo && this.h2[i] === b) return this.tags[i]!;
    return -1;
  }

  /** Serialised form (version 2): magic, version, count, bits, then lo, h2, tags, index (each 4-byte aligned). */
  serialize(): Buffer {
    const n = this.size;
    const header = Buffer.alloc(16);
    header.write('LCDT', 0, 'latin1');
    header.writeUInt32LE(2, 4);
    header.writeUInt32LE(n, 8);
    header.writeUInt32LE(this.bits, 12);
    const view = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    return Buffer.concat([header, view(this.lo), Buffer.alloc(pad4(n * 2)), view(this.h2), view(this.tags), Buffer.alloc(pad4(n)), view(this.index)]);
  }

  static deserialize(raw: Buffer): DomainTable {
    // typed-array views need an aligned, owned buffer
    const ab = new ArrayBuffer(raw.length);
    new Uint8Array(ab).set(raw);
    return DomainTable.fromArrayBuffer(ab);
  }

  /**
   * Views over a serialised table held in its own ArrayBuffer (no copy). A version 1 file (full
   * 32-bit h1, written before the compact layout) is read and converted, so a data dir from an
   * older release still loads.
   */
  static fromArrayBuffer(ab: ArrayBuffer): DomainTable {
    const raw = new Uint8Array(ab);
    const dv = new DataView(ab);
    if (raw.length < 16 || raw[0] !== 0x4c || raw[1] !== 0x43 || raw[2] !== 0x44 || raw[3] !== 0x54) throw new Error('not a domain table');
    const version = dv.getUint32(4, true);
    const n = dv.getUint32(8, true);
    const bits = dv.getUint32(12, true);
    if (bits < 1 || bits > 24) throw new Error('domain table has the wrong size');
    if (version === 1) {
      const need = 16 + n * 9 + pad4(n) + ((1 << bits) + 1) * 4;
      if (raw.length !== need) throw new Error('domain table has the wrong size');
      const b = new TableBuilder(n);
      const h1 = new Int32Array(ab, 16, n);
      const h2 = new Int32Array(ab, 16 + n * 4, n);
      const tags = new Uint8Array(ab, 16 + n * 8, n);
      for (let i = 0; i < n; i++) b.add(h1[i]!, h2[i]!, tags[i]!);
      return b.build();
    }
    if (version !== 2) throw new Error('not a domain table');
    const need = 16 + n * 2 + pad4(n * 2) + n * 4 + n + pad4(n) + ((1 << bits) + 1) * 4;
    if (raw.length !== need) throw new Error('domain table has the wrong size');
    let o = 16;
    const lo = new Uint16Array(ab, o, n);
    o += n * 2 + pad4(n * 2);
    const h2 = new Int32Array(ab, o, n);
    o += n * 4;
    const tags = new Uint8Array(ab, o, n);
    o += n + pad4(n);
    const index = new Uint32Array(ab, o, (1 << bits) + 1);
    if (index[0] !== 0 || index[1 << bits] !== n) throw new Error('domain table index is damaged');
    return new DomainTable(lo, h2, tags, index, bits);
  }

  /**
   * Every entry as (h1, h2, tag), h1 as far as the table knows it: its high `bits` bits (the
   * bucket) and low 16 bits; the bits between are 0 when bits < 16. Two tables of the same `bits`,
   * or both ≥ 16, give the same h1 for the same name — what the fleet's table deltas compare.
   */
  forEachEntry(fn: (h1: number, h2: number, tag: number) => void): void {
    const shift = 32 - this.bits;
    for (let bkt = 0, end = 1 << this.bits; bkt < end; bkt++)
      for (let i = this.index[bkt]!, e = this.index[bkt + 1]!; i < e; i++) fn((bkt << shift) | this.lo[i]! | 0, this.h2[i]!, this.tags[i]!);
  }

  /** Whether the table holds exactly this entry (h1 as forEachEntry gives it, same tag). */
  hasEntry(h1: number, h2: number, tag: number): boolean {
    const bucket = h1 >>> (32 - this.bits);
    const lo = h1 & 0xffff;
    for (let i = this.index[bucket]!, e = this.index[bucket + 1]!; i < e; i++) if (this.lo[i] === lo && this.h2[i] === h2 && this.tags[i] === tag) return true;
    return false;
  }

  static empty(): DomainTable {
    return new TableBuilder(0).build();
  }
}

const pad4 = (len: number) => (4 - (len % 4)) % 4;

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

  /**
   * Buckets the entries with one counting sort straight into the final arrays, then drops
   * duplicates (same hash and tag: a name listed twice in one category counts once) in place.
   * The builder's own arrays are released: peak memory is the builder + the table, once.
   */
  build(forcedBits?: number): DomainTable {
    const n = this.n;
    // two to four entries per bucket: a probe compares a few 16-bit halves in one cache line, and
    // the index costs 1 to 2 bytes per entry; at least 2 buckets, at most 2^22. A table rebuilt from
    // a delta keeps the centre's bucket count (forcedBits): its entries only know that many high bits.
    const bits = forcedBits ?? Math.min(22, Math.max(1, Math.ceil(Math.log2(Math.max(2, n))) - 2));
    const buckets = 1 << bits;
    const shift = 32 - bits;
    const src1 = this.h1;
    const src2 = this.h2;
    const srcT = this.tags;
    const index = new Uint32Array(buckets + 1);
    for (let i = 0; i < n; i++) index[(src1[i]! >>> shift) + 1]!++;
    for (let i = 0; i < buckets; i++) index[i + 1]! += index[i]!;
    const lo = new Uint16Array(n);
    const h2 = new Int32Array(n);
    const tags = new Uint8Array(n);
    // placement cursor per bucket
    const pos = index.slice(0, buckets);
    for (let i = 0; i < n; i++) {
      const a = src1[i]!;
      const d = pos[a >>> shift]!++;
      lo[d] = a & 0xffff;
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
        const a = lo[j]!;
        const b = h2[j]!;
        const t = tags[j]!;
        let dup = false;
        for (let k = start; k < kept; k++) {
          if (lo[k] === a && h2[k] === b && tags[k] === t) {
            dup = true;
            break;
          }
        }
        if (dup) continue;
        lo[kept] = a;
        h2[kept] = b;
        tags[kept++] = t;
      }
    }
    index[buckets] = kept;
    if (kept === n) return new DomainTable(lo, h2, tags, index, bits);
    return new DomainTable(lo.slice(0, kept), h2.slice(0, kept), tags.slice(0, kept), index, bits);
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
