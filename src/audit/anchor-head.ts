import { mkdir, open, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Actor } from '../access/actor.js';
import type { Deps } from '../context.js';
import { nowIso } from '../shared/time.js';
import { type AuditAnchor, signAnchor } from './anchor.js';
import { appendAuditReturning } from './append.js';
import { auditKeysOf } from './chain-key.js';

/** Where the daily anchors go: <data dir>/audit-anchors/YYYY-MM-DD.json, one file per day. */
export const anchorDir = (dataDir: string): string => path.join(dataDir, 'audit-anchors');

/** The day in Hanoi (UTC+7, no daylight saving): the city's operators look for "today's" file by their own date. */
export function anchorDay(d: Date): string {
  return new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

export const dailyAnchorFile = (dataDir: string, d: Date): string => path.join(anchorDir(dataDir), `${anchorDay(d)}.json`);

/**
 * Anchors the head of the audit chain: records the anchoring itself as an entry (so the trail
 * shows every anchor made), signs that entry's sequence number, hash and time, and writes the
 * anchor to `file` (by default today's file in the data dir) — written whole to a temporary
 * name, flushed and renamed, so a crash never leaves half an anchor.
 */
export async function anchorAuditHead(
  deps: Pick<Deps, 'db' | 'config' | 'clock'>,
  actor: Actor,
  file?: string,
): Promise<{ anchor: AuditAnchor; file: string }> {
  const out = path.resolve(file ?? dailyAnchorFile(deps.config.dataDir, deps.clock()));
  const keys = auditKeysOf(deps.db);
  // the folder first: the usual failure (a data dir that cannot hold it) must not leave an
  // `audit.anchored` entry behind without its file
  await mkdir(path.dirname(out), { recursive: true });
  const head = await appendAuditReturning(
    deps.db.kysely,
    { actor, action: 'audit.anchored', subjectType: 'audit', detail: { file: path.basename(out) } },
    deps.clock,
  );
  const anchor = signAnchor(head, nowIso(deps.clock), keys.signing, keys.publicKey);
  await writeWhole(out, `${JSON.stringify(anchor, null, 2)}\n`);
  return { anchor, file: out };
}

async function writeWhole(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w', 0o644);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
}
