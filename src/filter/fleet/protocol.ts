import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DomainTable } from '../matcher.js';
import type { Snapshot } from '../model.js';

/**
 * The fleet's wire format (issue 16): what the centre sends a filter node, signed. Lean on
 * purpose — node built-ins and the matcher only — because the node process loads it.
 *
 * Envelope, big-endian:
 *   "LCF1" | kind u8 (1 full, 2 delta) | flags u8 | u16 0 | version u64 | base u64 | issuedAt u64 (ms)
 *   | bodyLength u32 | body | Ed25519 signature (64 bytes) over every byte before it.
 * Body (gzip): u32 LE length of a JSON head | the head | binary parts the head describes:
 *   head = { policy: Snapshot | null, table: { kind: 'same' } | { kind: 'full', bytes }
 *            | { kind: 'diff', bits, added, removed, digest } }
 *   full: the DomainTable's serialised form; diff: added then removed entries, each list as
 *   h1 (n × i32 LE), h2 (n × i32 LE), tags (n bytes). One confirmed domain is one 9-byte entry.
 */
const MAGIC = 0x4c434631; // "LCF1"
const HEADER = 36;
const SIGNATURE = 64;
/** A signed body still expands within this (a full table of 1M names is ~13 MB). */
const MAX_BODY_EXPANDED = 256 * 1024 * 1024;

export type EnvelopeKind = 'full' | 'delta';

export interface Envelope {
  kind: EnvelopeKind;
  /** the centre's policy version this brings the node to */
  version: number;
  /** delta: the version it applies to; full: 0 */
  base: number;
  issuedAt: number;
  body: Buffer;
}

/** Why an envelope was refused: one word for the log line, the node keeps its last good policy. */
export type RefusalReason = 'truncated' | 'malformed' | 'signature' | 'replay' | 'base';

export class EnvelopeRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    detail: string,
  ) {
    super(detail);
  }
}

/** The entries a table gained or lost, h1 as DomainTable.forEachEntry gives it. */
export interface EntryList {
  h1: Int32Array;
  h2: Int32Array;
  tags: Uint8Array;
}

export type TableChange =
  | { kind: 'same' }
  | { kind: 'full'; table: DomainTable }
  /** rebuild with `bits` buckets from (base entries − removed) + added; the result must match `digest` */
  | { kind: 'diff'; bits: number; added: EntryList; removed: EntryList; digest: string };

export interface PolicyBody {
  /** the node's policy (its schools only); null in a delta when it did not change */
  policy: Snapshot | null;
  table: TableChange;
}

export function encodeEnvelope(e: Omit<Envelope, 'body'> & { body: PolicyBody }, sign: (bytes: Buffer) => Buffer): Buffer {
  return sealEnvelope(e, encodeBody(e.body), sign);
}

/** Header + an already encoded body (encodeBody) + the signature. */
export function sealEnvelope(e: Omit<Envelope, 'body'>, body: Buffer, sign: (bytes: Buffer) => Buffer): Buffer {
  const head = Buffer.alloc(HEADER);
  head.writeUInt32BE(MAGIC, 0);
  head.writeUInt8(e.kind === 'full' ? 1 : 2, 4);
  head.writeBigUInt64BE(BigInt(e.version), 8);
  head.writeBigUInt64BE(BigInt(e.base), 16);
  head.writeBigUInt64BE(BigInt(e.issuedAt), 24);
  head.writeUInt32BE(body.length, 32);
  const signed = Buffer.concat([head, body]);
  const sig = sign(signed);
  if (sig.length !== SIGNATURE) throw new Error('signature must be 64 bytes');
  return Buffer.concat([signed, sig]);
}

/** The centre's key as a node pins it (base64 of the raw 32 bytes, from enrolment). */
export function publicKeyFromRaw(base64: string): KeyObject {
  const raw = Buffer.from(base64, 'base64');
  if (raw.length !== 32) throw new Error('the centre public key must be 32 bytes');
  return createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]), format: 'der', type: 'spki' });
}

/**
 * Checks an envelope against the node's state, in the order that costs least for the worst input:
 * shape, then signature (before any decompression), then version and base. Throws EnvelopeRefused.
 */
export function decodeEnvelope(raw: Uint8Array, key: KeyObject, current: number): Envelope {
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (buf.length < HEADER + SIGNATURE) throw new EnvelopeRefused('truncated', `${buf.length} bytes`);
  if (buf.readUInt32BE(0) !== MAGIC) throw new EnvelopeRefused('malformed', 'not a fleet envelope');
  const kindByte = buf.readUInt8(4);
  if (kindByte !== 1 && kindByte !== 2) throw new EnvelopeRefused('malformed', `kind ${kindByte}`);
  const bodyLength = buf.readUInt32BE(32);
  if (buf.length < HEADER + bodyLength + SIGNATURE) throw new EnvelopeRefused('truncated', `${buf.length} of ${HEADER + bodyLength + SIGNATURE} bytes`);
  if (buf.length > HEADER + bodyLength + SIGNATURE) throw new EnvelopeRefused('malformed', 'bytes after the signature');
  const signed = buf.subarray(0, HEADER + bodyLength);
  if (!verify(null, signed, key, buf.subarray(HEADER + bodyLength))) throw new EnvelopeRefused('signature', 'not signed by the centre');
  const version = Number(buf.readBigUInt64BE(8));
  const base = Number(buf.readBigUInt64BE(16));
  const kind: EnvelopeKind = kindByte === 1 ? 'full' : 'delta';
  if (version <= current) throw new EnvelopeRefused('replay', `version ${version} ≤ ${current}`);
  if (kind === 'delta' && base !== current) throw new EnvelopeRefused('base', `delta on ${base}, node at ${current}`);
  return { kind, version, base, issuedAt: Number(buf.readBigUInt64BE(24)), body: Buffer.from(buf.subarray(HEADER, HEADER + bodyLength)) };
}

/**
 * The gzip body. A full table may come compressed already (`fullTableGz`: gzip of its serialised
 * form, `fullTableBytes` long): gzip members concatenate, so the centre compresses a 13 MB table
 * once per version and only each node's small policy head per request.
 */
export function encodeBody(b: PolicyBody, fullTable?: { gz: Buffer; bytes: number }): Buffer {
  const parts: Buffer[] = [];
  let table: unknown;
  if (b.table.kind === 'same') table = { kind: 'same' };
  else if (b.table.kind === 'full') {
    if (fullTable) table = { kind: 'full', bytes: fullTable.bytes };
    else {
      const bytes = b.table.table.serialize();
      parts.push(bytes);
      table = { kind: 'full', bytes: bytes.length };
    }
  } else {
    parts.push(encodeEntries(b.table.added), encodeEntries(b.table.removed));
    table = { kind: 'diff', bits: b.table.bits, added: b.table.added.tags.length, removed: b.table.removed.tags.length, digest: b.table.digest };
  }
  const head = Buffer.from(JSON.stringify({ policy: b.policy, table }), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length, 0);
  const gz = gzipSync(Buffer.concat([len, head, ...parts]));
  return fullTable ? Buffer.concat([gz, fullTable.gz]) : gz;
}

/** The body of a verified envelope. Throws EnvelopeRefused('malformed') on anything that does not add up. */
export function decodeBody(body: Buffer): PolicyBody {
  let raw: Buffer;
  try {
    raw = gunzipSync(body, { maxOutputLength: MAX_BODY_EXPANDED });
  } catch (e) {
    throw new EnvelopeRefused('malformed', `body: ${(e as Error).message}`);
  }
  try {
    if (raw.length < 4) throw new Error('short body');
    const headLen = raw.readUInt32LE(0);
    if (4 + headLen > raw.length) throw new Error('short head');
    const head = JSON.parse(raw.subarray(4, 4 + headLen).toString('utf8')) as {
      policy: Snapshot | null;
      table: { kind: string; bytes?: number; bits?: number; added?: number; removed?: number; digest?: string };
    };
    if (head.policy !== null && (typeof head.policy !== 'object' || !Array.isArray(head.policy.bands) || !Array.isArray(head.policy.networks)))
      throw new Error('policy');
    let o = 4 + headLen;
    const t = head.table;
    let table: TableChange;
    if (t?.kind === 'same') table = { kind: 'same' };
    else if (t?.kind === 'full' && Number.isInteger(t.bytes) && o + t.bytes! === raw.length) {
      table = { kind: 'full', table: DomainTable.deserialize(raw.subarray(o)) };
    } else if (t?.kind === 'diff' && Number.isInteger(t.bits) && t.bits! >= 1 && t.bits! <= 22 && typeof t.digest === 'string') {
      const added = decodeEntries(raw, o, t.added!);
      o += t.added! * 9;
      const removed = decodeEntries(raw, o, t.removed!);
      o += t.removed! * 9;
      if (o !== raw.length) throw new Error('diff length');
      table = { kind: 'diff', bits: t.bits!, added, removed, digest: t.digest };
    } else throw new Error('table');
    return { policy: head.policy, table };
  } catch (e) {
    throw new EnvelopeRefused('malformed', `body: ${(e as Error).message}`);
  }
}

/** Entries as h1 (n × i32 LE), h2 (n × i32 LE), tags (n bytes). */
export function encodeEntries(l: EntryList): Buffer {
  const n = l.tags.length;
  const out = Buffer.alloc(n * 9);
  for (let i = 0; i < n; i++) {
    out.writeInt32LE(l.h1[i]!, i * 4);
    out.writeInt32LE(l.h2[i]!, n * 4 + i * 4);
  }
  out.set(l.tags, n * 8);
  return out;
}

export function decodeEntries(raw: Buffer, o: number, n: number): EntryList {
  if (!Number.isInteger(n) || n < 0 || o + n * 9 > raw.length) throw new Error('entries');
  const h1 = new Int32Array(n);
  const h2 = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    h1[i] = raw.readInt32LE(o + i * 4);
    h2[i] = raw.readInt32LE(o + n * 4 + i * 4);
  }
  return { h1, h2, tags: Uint8Array.from(raw.subarray(o + n * 8, o + n * 9)) };
}

/**
 * An order-free fingerprint of a table's entries (count and two sums of a mix of each entry): the
 * node checks a table it rebuilt from a delta against the centre's, so a node whose table drifted
 * (a bug, a damaged file) asks for a full snapshot instead of serving a table nobody published.
 * Not a security check — the envelope's signature is.
 */
export function tableDigest(t: DomainTable): string {
  let d = digests.get(t);
  if (d === undefined) {
    d = computeDigest(t);
    digests.set(t, d);
  }
  return d;
}

/** Tables are immutable: each is fingerprinted once. */
const digests = new WeakMap<DomainTable, string>();

/** The digest of the union of tables that share no entry (the sums add up). */
export function addDigests(parts: readonly string[]): string {
  let n = 0;
  let s1 = 0;
  let s2 = 0;
  for (const p of parts) {
    const [a, b, c] = p.split('.');
    n += Number(a);
    s1 = (s1 + Number.parseInt(b!, 16)) | 0;
    s2 = (s2 + Number.parseInt(c!, 16)) | 0;
  }
  return `${n}.${(s1 >>> 0).toString(16)}.${(s2 >>> 0).toString(16)}`;
}

function computeDigest(t: DomainTable): string {
  let n = 0;
  let s1 = 0;
  let s2 = 0;
  t.forEachEntry((h1, h2, tag) => {
    let x = Math.imul(h1 ^ Math.imul(h2, 0x9e3779b1) ^ Math.imul(tag + 1, 0x85ebca6b), 0xc2b2ae35);
    x ^= x >>> 16;
    s1 = (s1 + x) | 0;
    s2 = (s2 + Math.imul(x, x | 1)) | 0;
    n++;
  });
  return `${n}.${(s1 >>> 0).toString(16)}.${(s2 >>> 0).toString(16)}`;
}
