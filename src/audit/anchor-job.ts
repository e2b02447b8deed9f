import { existsSync } from 'node:fs';
import { systemActor } from '../access/actor.js';
import type { Deps } from '../context.js';
import type { JobSpec } from '../shared/jobs.js';
import { anchorAuditHead, dailyAnchorFile } from './anchor-head.js';

interface AnchorJobLog {
  info(obj: object, msg: string): void;
}

/** Writes today's anchor unless it exists; returns the file written, or null. Throws on failure. */
async function writeTodaysAnchor(deps: Pick<Deps, 'db' | 'config' | 'clock'>, log: AnchorJobLog): Promise<string | null> {
  if (existsSync(dailyAnchorFile(deps.config.dataDir, deps.clock()))) return null;
  const { anchor, file } = await anchorAuditHead(deps, systemActor('audit:anchor'));
  log.info({ seq: anchor.seq, hash: anchor.hash, file }, 'audit trail anchored');
  return file;
}

/**
 * The daily anchor of `lachan start`, for the app's job runner: at start and then every hour,
 * today's anchor file is written if it is not there yet. Checking hourly rather than sleeping
 * until a time of day means a restart, a full disk or a database outage costs at most an hour's
 * delay, not a missed day. A failure is logged by the runner when the streak begins, counted in
 * /metrics on every run and shown on /readyz (`audit.anchor`) — an anchor that silently stopped
 * being written would leave truncation unnoticed again.
 */
export function auditAnchorJob(deps: Pick<Deps, 'db' | 'config' | 'clock'>, log: AnchorJobLog, options: { checkEveryMs?: number } = {}): JobSpec {
  return { name: 'audit.anchor', everyMs: options.checkEveryMs ?? 3600_000, run: () => writeTodaysAnchor(deps, log) };
}
