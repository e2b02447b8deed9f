import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { type BandToken, parseBandTokens } from '../../engine/school-addresses.js';
import { DomainTable } from '../../matcher.js';
import type { Snapshot } from '../../model.js';
import { filterDir } from '../../snapshot-file.js';
import { addDigests, tableDigest } from '../protocol.js';

/**
 * A node's own files:
 *   <data>/filter/node.json                 central, nodeId, nodeToken, publicKey (mode 0600: the token is a secret)
 *   <data>/filter/node-policy/current.bin   the last good policy: "LCNP" | u32 LE head length |
 *                                           head JSON { version, digest, sizes, policy } | the domain tables
 *   <data>/filter/node-policy/addresses.json  { tokens: [{ schoolId, band, token }] }: the DoH/DoT
 *                                           address tokens of its schools (0600: each opens a school band)
 * One file, written to a temporary name, flushed, then renamed over the old one: a kill at any
 * moment leaves the old policy or the new one, never half of each.
 */
export interface NodeIdentityFile {
  central: string;
  nodeId: string;
  nodeToken: string;
  publicKey: string;
}

export interface LastGood {
  version: number;
  policy: Snapshot;
  /** the base table and, after small additions, a second small one (node/apply-table.ts) */
  tables: DomainTable[];
}

export const nodeFile = (dataDir: string) => path.join(filterDir(dataDir), 'node.json');
const policyDir = (dataDir: string) => path.join(filterDir(dataDir), 'node-policy');
export const lastGoodFile = (dataDir: string) => path.join(policyDir(dataDir), 'current.bin');

export function readNodeFile(dataDir: string): NodeIdentityFile | null {
  let text: string;
  try {
    text = readFileSync(nodeFile(dataDir), 'utf8');
  } catch {
    return null;
  }
  const j = JSON.parse(text) as NodeIdentityFile;
  if (typeof j.central !== 'string' || typeof j.nodeToken !== 'string' || typeof j.publicKey !== 'string')
    throw new Error(`${nodeFile(dataDir)}: hỏng, xoá tệp và ghi danh lại bằng mã mới / damaged, delete it and enrol again with a new token`);
  return j;
}

export function writeNodeFile(dataDir: string, f: NodeIdentityFile): void {
  mkdirSync(filterDir(dataDir), { recursive: true });
  writeDurably(nodeFile(dataDir), Buffer.from(JSON.stringify(f, null, 2)), 0o600);
}

export function saveLastGood(dataDir: string, g: LastGood): void {
  mkdirSync(policyDir(dataDir), { recursive: true });
  const tables = g.tables.map((t) => t.serialize());
  const head = Buffer.from(
    JSON.stringify({ version: g.version, digest: addDigests(g.tables.map(tableDigest)), sizes: tables.map((t) => t.length), policy: g.policy }),
    'utf8',
  );
  const pre = Buffer.alloc(8);
  pre.write('LCNP', 0, 'latin1');
  pre.writeUInt32LE(head.length, 4);
  writeDurably(lastGoodFile(dataDir), Buffer.concat([pre, head, ...tables]), 0o600);
}

/** The last good policy, or null when there is none; a file that does not check out is reported, not served. */
export function loadLastGood(dataDir: string): LastGood | null {
  // temporary files of a write that was killed
  try {
    for (const f of readdirSync(policyDir(dataDir))) if (f.endsWith('.tmp')) rmSync(path.join(policyDir(dataDir), f), { force: true });
  } catch {
    return null;
  }
  let raw: Buffer;
  try {
    raw = readFileSync(lastGoodFile(dataDir));
  } catch {
    return null;
  }
  if (raw.length < 8 || raw.toString('latin1', 0, 4) !== 'LCNP') throw new Error(`${lastGoodFile(dataDir)}: not a saved policy`);
  const len = raw.readUInt32LE(4);
  const head = JSON.parse(raw.subarray(8, 8 + len).toString('utf8')) as { version: number; digest: string; sizes: number[]; policy: Snapshot };
  const tables: DomainTable[] = [];
  let o = 8 + len;
  for (const size of head.sizes) {
    tables.push(DomainTable.deserialize(raw.subarray(o, o + size)));
    o += size;
  }
  if (o !== raw.length || addDigests(tables.map(tableDigest)) !== head.digest) throw new Error(`${lastGoodFile(dataDir)}: tables do not match their digest`);
  return { version: head.version, policy: head.policy, tables };
}

const addressFile = (dataDir: string) => path.join(policyDir(dataDir), 'addresses.json');

/** Kept beside the last good policy, durably, so a restart with the centre down serves the same addresses. */
export function saveAddressTokens(dataDir: string, tokens: readonly BandToken[]): void {
  mkdirSync(policyDir(dataDir), { recursive: true });
  writeDurably(addressFile(dataDir), Buffer.from(JSON.stringify({ tokens })), 0o600);
}

/** The saved tokens, or null when there are none; a file that does not check out is an error naming it. */
export function loadAddressTokens(dataDir: string): BandToken[] | null {
  let text: string;
  try {
    text = readFileSync(addressFile(dataDir), 'utf8');
  } catch {
    return null;
  }
  try {
    return parseBandTokens(JSON.parse(text));
  } catch (e) {
    throw new Error(`${addressFile(dataDir)}: ${(e as Error).message}`);
  }
}

function writeDurably(file: string, bytes: Buffer, mode: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', mode);
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  // the rename itself reaches the disk with the directory
  const dir = openSync(path.dirname(file), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
