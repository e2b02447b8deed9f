/**
 * DNS wire format on the hot path, by hand: the question is parsed without building objects for
 * the whole message, answers are assembled as bytes. dns-packet is used only off the hot path
 * (safe-search rewrites, tests).
 */

export const T = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, HINFO: 13, MX: 15, TXT: 16, AAAA: 28, SRV: 33, OPT: 41, SVCB: 64, HTTPS: 65, ANY: 255 } as const;
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5, BADVERS: 16 } as const;
/** RFC 8914 Extended DNS Error codes used here. */
export const EDE = { STALE_ANSWER: 3, BLOCKED: 15, CENSORED: 16, FILTERED: 17, PROHIBITED: 18, NOT_READY: 14, NETWORK_ERROR: 23 } as const;

/** The UDP payload size we advertise and accept at most (DNS flag day 2020). */
export const OUR_UDP_SIZE = 1232;

export interface Query {
  /** the message as received */
  buf: Buffer;
  id: number;
  flags: number;
  /** offsets of each label's length byte, left to right */
  labels: number[];
  /** offset just after the question name (its root byte included) */
  nameEnd: number;
  /** offset just after the question (name + type + class) */
  qEnd: number;
  qtype: number;
  qclass: number;
  edns: boolean;
  /** the client's UDP payload size (512 without EDNS) */
  udpSize: number;
  dnssecOk: boolean;
  /** EDNS version the client asked for (only 0 is supported) */
  ednsVersion: number;
}

/** Why a message could not be parsed: drop it, or answer with this RCODE. */
export type ParseFailure = { drop: true } | { drop: false; rcode: number; partial: { id: number; flags: number; qEnd: number } };

const DROP: ParseFailure = { drop: true };

/** Skips a (possibly compressed) name, returns the offset after it or -1. */
export function skipName(buf: Buffer, off: number): number {
  let hops = 0;
  for (;;) {
    if (off >= buf.length) return -1;
    const l = buf[off]!;
    if (l === 0) return off + 1;
    if ((l & 0xc0) === 0xc0) return off + 2 <= buf.length ? off + 2 : -1;
    if (l & 0xc0) return -1;
    off += l + 1;
    if (++hops > 127) return -1;
  }
}

/** A failure answered with an RCODE (a function, not a closure made for every parsed query). */
const failed = (rcode: number, id: number, flags: number, qEnd: number): ParseFailure => ({ drop: false, rcode, partial: { id, flags, qEnd } });

/** Big-endian 16-bit read; the caller has checked that both bytes are inside the buffer. */
const u16 = (buf: Buffer, o: number): number => (buf[o]! << 8) | buf[o + 1]!;

export function parseQuery(buf: Buffer): Query | ParseFailure {
  const len = buf.length;
  if (len < 12) return DROP;
  const id = u16(buf, 0);
  const flags = u16(buf, 2);
  if (flags & 0x8000) return DROP; // a response: never answer it (no loops, no reflection)
  const qd = u16(buf, 4);
  const opcode = (flags >> 11) & 0xf;
  if (qd !== 1) return failed(opcode === 0 ? RCODE.FORMERR : RCODE.NOTIMP, id, flags, 12);
  // question name, uncompressed, ≤ 255 bytes
  const labels: number[] = [];
  let off = 12;
  for (;;) {
    if (off >= len) return failed(RCODE.FORMERR, id, flags, 12);
    const l = buf[off]!;
    if (l === 0) break;
    if (l > 63) return failed(RCODE.FORMERR, id, flags, 12);
    labels.push(off);
    off += l + 1;
    if (off - 12 > 254) return failed(RCODE.FORMERR, id, flags, 12);
  }
  const nameEnd = off + 1;
  if (nameEnd + 4 > len) return failed(RCODE.FORMERR, id, flags, 12);
  const qtype = u16(buf, nameEnd);
  const qclass = u16(buf, nameEnd + 2);
  const qEnd = nameEnd + 4;
  if (opcode !== 0) return failed(RCODE.NOTIMP, id, flags, qEnd);
  // answer and authority sections are empty in a query; skip them if present, then look for OPT
  const an = u16(buf, 6);
  const ns = u16(buf, 8);
  const ar = u16(buf, 10);
  let edns = false;
  let udpSize = 512;
  let dnssecOk = false;
  let ednsVersion = 0;
  off = qEnd;
  for (let i = 0; i < an + ns + ar; i++) {
    const n = skipName(buf, off);
    if (n < 0 || n + 10 > len) return failed(RCODE.FORMERR, id, flags, qEnd);
    const type = u16(buf, n);
    const rdlen = u16(buf, n + 8);
    if (n + 10 + rdlen > len) return failed(RCODE.FORMERR, id, flags, qEnd);
    if (type === T.OPT) {
      if (edns || i < an + ns || n !== off + 1) return failed(RCODE.FORMERR, id, flags, qEnd);
      edns = true;
      udpSize = Math.max(512, u16(buf, n + 2));
      ednsVersion = buf[n + 5]!;
      dnssecOk = (buf[n + 6]! & 0x80) !== 0;
    }
    off = n + 10 + rdlen;
  }
  return { buf, id, flags, labels, nameEnd, qEnd, qtype, qclass, edns, udpSize, dnssecOk, ednsVersion };
}

export const isFailure = (q: Query | ParseFailure): q is ParseFailure => (q as ParseFailure).drop !== undefined;

/** The question name in lower case, dotted, without the final dot ('' for the root). */
export function qname(q: Query): string {
  let s = '';
  for (const o of q.labels) {
    const l = q.buf[o]!;
    s += (s ? '.' : '') + q.buf.toString('latin1', o + 1, o + 1 + l);
  }
  return s.toLowerCase();
}

/** Cache key: the question bytes in lower case, plus what changes the answer (DO bit). */
export function questionKey(q: Query): string {
  return q.buf.toString('latin1', 12, q.qEnd).toLowerCase() + (q.dnssecOk ? '\u0001' : '\u0000');
}

export interface EdeInfo {
  code: number;
  text: string;
}

/** An OPT record: our payload size, the DO bit echoed, optional extended error. */
export function optRecord(dnssecOk: boolean, ede?: EdeInfo | null, extRcode = 0): Buffer {
  const text = ede ? Buffer.from(ede.text, 'utf8') : null;
  const rdlen = ede ? 4 + 2 + text!.length : 0;
  const b = Buffer.alloc(11 + rdlen);
  b[0] = 0;
  b.writeUInt16BE(T.OPT, 1);
  b.writeUInt16BE(OUR_UDP_SIZE, 3);
  b[5] = extRcode;
  b[6] = 0;
  b.writeUInt16BE(dnssecOk ? 0x8000 : 0, 7);
  b.writeUInt16BE(rdlen, 9);
  if (ede) {
    b.writeUInt16BE(15, 11); // option code: Extended DNS Error
    b.writeUInt16BE(2 + text!.length, 13);
    b.writeUInt16BE(ede.code, 15);
    text!.copy(b, 17);
  }
  return b;
}

/** Response flags for a query: QR, opcode and RD copied, RA set, RCODE. */
export const responseFlags = (queryFlags: number, rcode: number, extra = 0): number => 0x8000 | (queryFlags & 0x7900) | 0x0080 | extra | (rcode & 0xf);

export interface SimpleRecord {
  type: number;
  ttl: number;
  rdata: Buffer;
}

/**
 * An answer made here (block, refusal, error, canary): header, the question as asked, records
 * owned by the question name (compression pointer to offset 12), and OPT when the client used EDNS.
 */
export function buildAnswer(
  q: { buf: Buffer; id: number; flags: number; qEnd: number; edns?: boolean; dnssecOk?: boolean },
  rcode: number,
  records: SimpleRecord[] = [],
  ede: EdeInfo | null = null,
  authority: Buffer | null = null,
): Buffer {
  const edns = q.edns === true;
  const opt = edns ? optRecord(q.dnssecOk === true, ede, rcode >> 4) : null;
  const qlen = q.qEnd - 12;
  let size = 12 + qlen + (opt?.length ?? 0) + (authority?.length ?? 0);
  for (const r of records) size += 12 + r.rdata.length;
  const b = Buffer.allocUnsafe(size);
  b.writeUInt16BE(q.id, 0);
  b.writeUInt16BE(responseFlags(q.flags, rcode), 2);
  b.writeUInt16BE(qlen > 0 ? 1 : 0, 4);
  b.writeUInt16BE(records.length, 6);
  b.writeUInt16BE(authority ? 1 : 0, 8);
  b.writeUInt16BE(opt ? 1 : 0, 10);
  q.buf.copy(b, 12, 12, q.qEnd);
  let off = 12 + qlen;
  for (const r of records) {
    b.writeUInt16BE(0xc00c, off);
    b.writeUInt16BE(r.type, off + 2);
    b.writeUInt16BE(1, off + 4);
    b.writeUInt32BE(r.ttl, off + 6);
    b.writeUInt16BE(r.rdata.length, off + 10);
    r.rdata.copy(b, off + 12);
    off += 12 + r.rdata.length;
  }
  if (authority) off += authority.copy(b, off);
  if (opt) opt.copy(b, off);
  return b;
}

/** A synthetic SOA for answers made here, so clients cache them negatively for `ttl` seconds. */
export function syntheticSoa(ttl: number): Buffer {
  // owner: root; mname "lachan.invalid", rname "hostmaster.lachan.invalid"
  const mname = encodeName('lachan.invalid');
  const rname = encodeName('hostmaster.lachan.invalid');
  const rdata = Buffer.alloc(mname.length + rname.length + 20);
  mname.copy(rdata, 0);
  rname.copy(rdata, mname.length);
  let o = mname.length + rname.length;
  for (const v of [1, 3600, 600, 86400, ttl]) {
    rdata.writeUInt32BE(v, o);
    o += 4;
  }
  const b = Buffer.alloc(1 + 10 + rdata.length);
  b[0] = 0;
  b.writeUInt16BE(T.SOA, 1);
  b.writeUInt16BE(1, 3);
  b.writeUInt32BE(ttl, 5);
  b.writeUInt16BE(rdata.length, 9);
  rdata.copy(b, 11);
  return b;
}

export function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, '').split('.').filter(Boolean);
  const b = Buffer.alloc(parts.reduce((n, p) => n + p.length + 1, 1));
  let o = 0;
  for (const p of parts) {
    b[o++] = p.length;
    o += b.write(p, o, 'latin1');
  }
  b[o] = 0;
  return b;
}

/** A query message for a name, as sent upstream or used for internal look-ups. */
export function buildQuery(id: number, name: string | Buffer, qtype: number, qclass = 1, dnssecOk = false, rd = true): Buffer {
  const qn = typeof name === 'string' ? encodeName(name) : name;
  const opt = optRecord(dnssecOk);
  const b = Buffer.allocUnsafe(12 + qn.length + 4 + opt.length);
  b.writeUInt16BE(id, 0);
  b.writeUInt16BE(rd ? 0x0100 : 0, 2);
  b.writeUInt16BE(1, 4);
  b.writeUInt32BE(0, 6);
  b.writeUInt16BE(1, 10);
  qn.copy(b, 12);
  b.writeUInt16BE(qtype, 12 + qn.length);
  b.writeUInt16BE(qclass, 14 + qn.length);
  opt.copy(b, 16 + qn.length);
  return b;
}

export interface ScannedResponse {
  rcode: number;
  truncated: boolean;
  /** offsets of the TTL fields of every record but OPT, in the stripped copy */
  ttlOffsets: number[];
  /** smallest TTL of the answer section (or of the negative-caching SOA) */
  ttl: number;
  /** the message without its OPT record */
  stripped: Buffer;
  answerCount: number;
}

/**
 * Checks an upstream response and prepares it for the cache: every record walked (bounds
 * checked), the OPT record removed (the client gets our own), TTL offsets noted for patching.
 */
export function scanResponse(buf: Buffer): ScannedResponse | null {
  if (buf.length < 12) return null;
  const flags = buf.readUInt16BE(2);
  if (!(flags & 0x8000)) return null;
  const qd = buf.readUInt16BE(4);
  const an = buf.readUInt16BE(6);
  const ns = buf.readUInt16BE(8);
  const ar = buf.readUInt16BE(10);
  let off = 12;
  for (let i = 0; i < qd; i++) {
    off = skipName(buf, off);
    if (off < 0 || off + 4 > buf.length) return null;
    off += 4;
  }
  const ttlOffsets: number[] = [];
  let minAnswerTtl = Number.POSITIVE_INFINITY;
  let soaTtl = Number.POSITIVE_INFINITY;
  let optStart = -1;
  let optEnd = -1;
  for (let i = 0; i < an + ns + ar; i++) {
    const start = off;
    const n = skipName(buf, off);
    if (n < 0 || n + 10 > buf.length) return null;
    const type = buf.readUInt16BE(n);
    const ttl = buf.readUInt32BE(n + 4) & 0x7fffffff;
    const rdlen = buf.readUInt16BE(n + 8);
    off = n + 10 + rdlen;
    if (off > buf.length) return null;
    if (type === T.OPT) {
      if (optStart >= 0) return null;
      optStart = start;
      optEnd = off;
      continue;
    }
    ttlOffsets.push(n + 4);
    if (i < an) minAnswerTtl = Math.min(minAnswerTtl, ttl);
    else if (i < an + ns && type === T.SOA && rdlen >= 22) {
      // RFC 2308: negative answers are cached for min(SOA TTL, SOA MINIMUM)
      soaTtl = Math.min(soaTtl, ttl, buf.readUInt32BE(n + 10 + rdlen - 4));
    }
  }
  let stripped = buf;
  if (optStart >= 0) {
    stripped = Buffer.concat([buf.subarray(0, optStart), buf.subarray(optEnd)]);
    stripped.writeUInt16BE(ar - 1, 10);
    const removed = optEnd - optStart;
    for (let i = 0; i < ttlOffsets.length; i++) if (ttlOffsets[i]! > optStart) ttlOffsets[i]! -= removed;
  } else {
    stripped = Buffer.from(buf.subarray(0, off));
  }
  const rcode = flags & 0xf;
  const ttl = an > 0 && rcode === 0 ? minAnswerTtl : soaTtl;
  return { rcode, truncated: (flags & 0x0200) !== 0, ttlOffsets, ttl: Number.isFinite(ttl) ? ttl : -1, stripped, answerCount: an };
}

/** Does a response's question equal the query's (case-insensitive name, type, class)? */
export function sameQuestion(resp: Buffer, query: Buffer, qStart = 12, qEnd?: number): boolean {
  if (resp.length < 12 || resp.readUInt16BE(4) !== 1) return false;
  const end = qEnd ?? skipName(query, 12) + 4;
  const len = end - qStart;
  if (resp.length < 12 + len) return false;
  for (let i = 0; i < len; i++) {
    let a = resp[12 + i]!;
    let b = query[qStart + i]!;
    if (a >= 65 && a <= 90) a |= 0x20;
    if (b >= 65 && b <= 90) b |= 0x20;
    if (a !== b) return false;
  }
  return true;
}

/** Header + question only, TC set: tells a UDP client to come back over TCP. */
export function truncatedOf(q: Query, resp: Buffer): Buffer {
  const opt = q.edns ? optRecord(q.dnssecOk) : null;
  const b = Buffer.allocUnsafe(q.qEnd + (opt?.length ?? 0));
  resp.copy(b, 0, 0, 4);
  b.writeUInt16BE(b.readUInt16BE(2) | 0x0200, 2);
  b.writeUInt16BE(1, 4);
  b.writeUInt32BE(0, 6);
  b.writeUInt16BE(opt ? 1 : 0, 10);
  q.buf.copy(b, 12, 12, q.qEnd);
  if (opt) opt.copy(b, q.qEnd);
  return b;
}

export function ipv4Bytes(ip: string): Buffer {
  return Buffer.from(ip.split('.').map(Number));
}

export function ipv6Bytes(ip: string): Buffer {
  const [head = '', tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
  const groups = tail !== undefined ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  const b = Buffer.alloc(16);
  groups.forEach((g, i) => {
    b.writeUInt16BE(Number.parseInt(g, 16) || 0, i * 2);
  });
  return b;
}
