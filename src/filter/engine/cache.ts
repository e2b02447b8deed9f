import { EDE, OUR_UDP_SIZE, optRecord, type Query, type ScannedResponse } from '../dns/wire.js';

/**
 * Answers kept as wire bytes, keyed by question (+ DO bit). A hit copies the bytes, writes the
 * client's ID and question (its letter case), and lowers every TTL by the entry's age. Negative
 * answers are cached for the SOA's negative TTL (RFC 2308). Expired entries are kept a while to
 * serve stale (RFC 8767) when every upstream is down.
 */
interface Entry {
  wire: Buffer;
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

export class DnsCache {
  private readonly map = new Map<string, Entry>();
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

  /** Stores an upstream answer if it may be cached; returns the TTL used (-1: not cached). */
  set(key: string, r: ScannedResponse, now: number): number {
    if (r.truncated) return -1;
    let ttl: number;
    if (r.rcode === 0 && r.answerCount > 0) ttl = Math.min(r.ttl, this.maxTtl);
    else if (r.rcode === 3 || r.rcode === 0) ttl = r.ttl < 0 ? 0 : Math.min(r.ttl, this.maxNegativeTtl);
    else return -1; // SERVFAIL, REFUSED…: never cached
    if (ttl <= 0) return -1;
    if (this.map.size >= this.maxEntries) {
      // drop the oldest insertion (Map keeps insertion order)
      const first = this.map.keys().next().value;
      if (first !== undefined) this.map.delete(first);
    }
    const wire = r.stripped;
    this.map.delete(key);
    this.map.set(key, {
      wire,
      ttlOffsets: r.ttlOffsets,
      ttls: r.ttlOffsets.map((o) => wire.readUInt32BE(o)),
      storedAt: now,
      expiresAt: now + ttl * 1000,
      staleUntil: now + ttl * 1000 + this.staleMs,
    });
    return ttl;
  }

  /** A fresh answer for the query, or null. */
  get(key: string, q: Query, now: number): Buffer | null {
    const e = this.map.get(key);
    if (!e || e.expiresAt <= now) {
      this.misses++;
      if (e && e.staleUntil <= now) this.map.delete(key);
      return null;
    }
    this.hits++;
    return render(e, q, now, false);
  }

  /** An expired answer still within the stale window (TTL 30 s, EDE 3 Stale Answer), or null. */
  getStale(key: string, q: Query, now: number): Buffer | null {
    const e = this.map.get(key);
    if (!e || e.staleUntil <= now) return null;
    return render(e, q, now, e.expiresAt <= now);
  }
}

function render(e: Entry, q: Query, now: number, stale: boolean): Buffer {
  return renderWire(e.wire, e.ttlOffsets, e.ttls, q, Math.floor((now - e.storedAt) / 1000), stale);
}

/** A stored answer made fit for one client: its ID, its question's letter case, aged TTLs, its OPT. */
export function renderWire(wire: Buffer, offs: number[], ttls: number[], q: Query, age: number, stale: boolean): Buffer {
  const e = { wire };
  const opt = q.edns ? (stale ? optRecord(q.dnssecOk, { code: EDE.STALE_ANSWER, text: '' }) : q.dnssecOk ? OPT_DO : OPT_PLAIN) : null;
  const len = e.wire.length;
  const out = Buffer.allocUnsafe(len + (opt ? opt.length : 0));
  e.wire.copy(out, 0, 0, len);
  out.writeUInt16BE(q.id, 0);
  out[2] = (out[2]! & 0xfe) | ((q.flags >> 8) & 0x01); // RD as asked
  q.buf.copy(out, 12, 12, q.qEnd);
  for (let i = 0; i < offs.length; i++) {
    const t = stale ? 30 : ttls[i]! - age;
    out.writeUInt32BE(Math.max(t, 0), offs[i]!);
  }
  if (opt) {
    opt.copy(out, len);
    out.writeUInt16BE(out.readUInt16BE(10) + 1, 10);
  }
  return out;
}

/** The largest UDP answer this client accepts. */
export const udpLimit = (q: Query): number => (q.edns ? Math.min(Math.max(512, q.udpSize), 4096) : 512);
export { OUR_UDP_SIZE };
