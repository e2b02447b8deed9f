import { EDE, OUR_UDP_SIZE, optRecord, type Query, type ScannedResponse } from '../dns/wire.js';

/**
 * Answers kept as wire bytes, keyed by question (+ DO bit). A hit copies the bytes, writes the
 * client's ID and question (its letter case), and lowers every TTL by the entry's age. Negative
 * answers are cached for the SOA's negative TTL (RFC 2308). Expired entries are kept a while to
 * serve stale (RFC 8767) when every upstream is down.
 *
 * The key is a 32-bit hash of the question bytes (lower-cased) and the DO bit, computed from the
 * packet: no string is made per query. A key names at most one entry; a hit is confirmed by
 * comparing the stored question with the asked one, so two questions whose hashes collide only
 * ever cost a miss (the later one replaces the earlier), never a wrong answer.
 */
interface Entry {
  wire: Buffer;
  /** length of the question (name + type + class) at offset 12 of wire */
  qlen: number;
  dnssecOk: boolean;
  ttlOffsets: number[];
  ttls: number[];
  storedAt: number;
  expiresAt: number;
  staleUntil: number;
}

export interface CacheOptions {
  maxEntries?: number;
  maxTtl?: number;
  maxNegativeTtl?: number;
  /** seconds an expired answer may still be served when upstreams fail */
  staleSeconds?: number;
}

const OPT_PLAIN = optRecord(false);
const OPT_DO = optRecord(true);

/** FNV-1a over the question bytes, ASCII letters folded to lower case, then the DO bit. */
export function questionHash(q: Query): number {
  const buf = q.buf;
  let h = 0x811c9dc5;
  for (let i = 12; i < q.qEnd; i++) {
    let c = buf[i]!;
    if (c >= 65 && c <= 90) c |= 0x20;
    h = Math.imul(h ^ c, 0x01000193);
  }
  h = Math.imul(h ^ (q.dnssecOk ? 1 : 0), 0x01000193);
  return h ^ (h >>> 15);
}

/** Does the stored question (at offset 12 of wire) equal the query's, ignoring letter case? */
function sameQuestionBytes(e: Entry, q: Query): boolean {
  if (e.qlen !== q.qEnd - 12 || e.dnssecOk !== q.dnssecOk) return false;
  const a = e.wire;
  const b = q.buf;
  for (let i = 12; i < q.qEnd; i++) {
    let x = a[i]!;
    let y = b[i]!;
    if (x === y) continue;
    if (x >= 65 && x <= 90) x |= 0x20;
    if (y >= 65 && y <= 90) y |= 0x20;
    if (x !== y) return false;
  }
  return true;
}

export class DnsCache {
  private readonly map = new Map<number, Entry>();
  private readonly maxEntries: number;
  private readonly maxTtl: number;
  private readonly maxNegativeTtl: number;
  private readonly staleMs: number;
  hits = 0;
  misses = 0;

  constructor(opts: CacheOptions = {}) {
    this.maxEntries = opts.maxEntries ?? 100_000;
    this.maxTtl = opts.maxTtl ?? 86_400;
    this.maxNegativeTtl = opts.maxNegativeTtl ?? 3_600;
    this.staleMs = (opts.staleSeconds ?? 86_400) * 1000;
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
  }

  /** Stores an upstream answer to q if it may be cached; returns the TTL used (-1: not cached). */
  set(q: Query, r: ScannedResponse, now: number): number {
    if (r.truncated) return -1;
    let ttl: number;
    if (r.rcode === 0 && r.answerCount > 0) ttl = Math.min(r.ttl, this.maxTtl);
    else if (r.rcode === 3 || r.rcode === 0) ttl = r.ttl < 0 ? 0 : Math.min(r.ttl, this.maxNegativeTtl);
    else return -1; // SERVFAIL, REFUSED…: never cached
    if (ttl <= 0) return -1;
    const wire = r.stripped;
    // the stored answer's question must be the asked one (upstream answers are checked for it)
    if (wire.length < q.qEnd || wire.readUInt16BE(4) !== 1) return -1;
    const key = questionHash(q);
    const entry: Entry = {
      wire,
      qlen: q.qEnd - 12,
      dnssecOk: q.dnssecOk,
      ttlOffsets: r.ttlOffsets,
      ttls: r.ttlOffsets.map((o) => wire.readUInt32BE(o)),
      storedAt: now,
      expiresAt: now + ttl * 1000,
      staleUntil: now + ttl * 1000 + this.staleMs,
    };
    if (!sameQuestionBytes(entry, q)) return -1;
    if (!this.map.delete(key) && this.map.size >= this.maxEntries) {
      // drop the oldest insertion (Map keeps insertion order)
      const first = this.map.keys().next().value;
      if (first !== undefined) this.map.delete(first);
    }
    this.map.set(key, entry);
    return ttl;
  }

  private entry(q: Query): Entry | null {
    const e = this.map.get(questionHash(q));
    return e !== undefined && sameQuestionBytes(e, q) ? e : null;
  }

  /** A fresh answer for the query, or null. */
  get(q: Query, now: number): Buffer | null {
    const e = this.entry(q);
    if (!e || e.expiresAt <= now) {
      this.misses++;
      if (e && e.staleUntil <= now) this.map.delete(questionHash(q));
      return null;
    }
    this.hits++;
    return render(e, q, now, false);
  }

  /** An expired answer still within the stale window (TTL 30 s, EDE 3 Stale Answer), or null. */
  getStale(q: Query, now: number): Buffer | null {
    const e = this.entry(q);
    if (!e || e.staleUntil <= now) return null;
    return render(e, q, now, e.expiresAt <= now);
  }
}

function render(e: Entry, q: Query, now: number, stale: boolean): Buffer {
  return renderWire(e.wire, e.ttlOffsets, e.ttls, q, Math.floor((now - e.storedAt) / 1000), stale);
}

/** A stored answer made fit for one client: its ID, its question's letter case, aged TTLs, its OPT. */
export function renderWire(wire: Buffer, offs: readonly number[], ttls: readonly number[], q: Query, age: number, stale: boolean): Buffer {
  const opt = q.edns ? (stale ? optRecord(q.dnssecOk, { code: EDE.STALE_ANSWER, text: '' }) : q.dnssecOk ? OPT_DO : OPT_PLAIN) : null;
  const len = wire.length;
  const out = Buffer.allocUnsafe(len + (opt ? opt.length : 0));
  out.set(wire, 0);
  // ID, then RD as asked
  out[0] = q.id >>> 8;
  out[1] = q.id & 0xff;
  out[2] = (out[2]! & 0xfe) | ((q.flags >> 8) & 0x01);
  // the question as the client wrote it (its letter case)
  const qb = q.buf;
  for (let i = 12; i < q.qEnd; i++) out[i] = qb[i]!;
  for (let i = 0; i < offs.length; i++) {
    let t = stale ? 30 : ttls[i]! - age;
    if (t < 0) t = 0;
    const o = offs[i]!;
    out[o] = t >>> 24;
    out[o + 1] = (t >>> 16) & 0xff;
    out[o + 2] = (t >>> 8) & 0xff;
    out[o + 3] = t & 0xff;
  }
  if (opt) {
    out.set(opt, len);
    const ar = ((out[10]! << 8) | out[11]!) + 1;
    out[10] = ar >>> 8;
    out[11] = ar & 0xff;
  }
  return out;
}

/** The largest UDP answer this client accepts. */
export const udpLimit = (q: Query): number => (q.edns ? Math.min(Math.max(512, q.udpSize), 4096) : 512);
export { OUR_UDP_SIZE };
