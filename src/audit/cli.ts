import { readFileSync } from 'node:fs';
import { systemActor } from '../access/actor.js';
import type { Config } from '../config.js';
import { openDatabase } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { type Lang, t } from '../shared/i18n.js';
import { progressBar } from '../shared/progress.js';
import { parseAnchor } from './anchor.js';
import { bindAuditKey, loadExistingSecretKey } from './chain-key.js';
import { type AnchoredVerifyResult, verifyAuditChain, verifyAuditChainAgainst } from './verify.js';
import './messages.js';

/**
 * `lachan audit verify [--anchor FILE]`: prints one line and returns the exit code — 0 intact,
 * 2 broken (the chain, or the chain against the anchor). Reads only: never migrates, never
 * creates a secret key (a new key would make every entry look forged).
 */
export async function runAuditVerify(cfg: Config, opts: { anchor?: string }, lang: Lang, out: (s: string) => void, progressLabel: string): Promise<number> {
  const anchor = opts.anchor === undefined ? undefined : parseAnchor(readAnchorFile(opts.anchor));
  const secretKey = loadExistingSecretKey(cfg);
  if (!secretKey) throw new AppError(400, 'audit_key_missing');
  const db = openDatabase(cfg.databaseUrl, cfg.dataDir);
  bindAuditKey(db, secretKey);
  const bar = progressBar(progressLabel);
  try {
    const r: AnchoredVerifyResult = anchor ? await verifyAuditChainAgainst(db, anchor, bar.update) : await verifyAuditChain(db, bar.update);
    bar.stop();
    if (r.ok) {
      out(`${t(lang, anchor ? 'audit.verify.intact_anchor' : 'audit.verify.intact', { ...r, anchorSeq: anchor?.seq, anchoredAt: anchor?.anchoredAt })}\n`);
      return 0;
    }
    const code =
      r.reason === 'hash_mismatch' || r.reason === 'chain_broken' || r.reason === 'sequence_gap' ? 'audit.verify.broken' : `audit.verify.${r.reason}`;
    out(`${t(lang, code, { ...r })}\n`);
    return 2;
  } finally {
    bar.stop();
    await db.close();
  }
}

function readAnchorFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new AppError(400, 'audit_anchor_unreadable', { file, detail: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
  }
}

/** `lachan audit anchor [--out FILE]`: anchors the head now (by default into today's file in the data dir). */
export async function runAuditAnchor(cfg: Config, opts: { out?: string }, lang: Lang, out: (s: string) => void): Promise<void> {
  const { openPlatform } = await import('../platform.js');
  const p = await openPlatform(cfg, { seed: false });
  try {
    const { anchorAuditHead } = await import('./anchor-head.js');
    const { anchor, file } = await anchorAuditHead(p.deps, systemActor('cli:audit-anchor'), opts.out);
    out(`${t(lang, 'audit.anchor.written', { seq: anchor.seq, hash: anchor.hash, file, publicKey: anchor.publicKey })}\n`);
  } finally {
    await p.close();
  }
}
