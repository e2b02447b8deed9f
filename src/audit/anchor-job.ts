import { existsSync } from 'node:fs';
import { systemActor } from '../access/actor.js';
import type { Deps } from '../context.js';
import { anchorAuditHead, dailyAnchorFile } from './anchor-head.js';

export interface AnchorJobLog {
  error(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface AnchorJob {
  /** Writes today's anchor unless it exists; returns the file written, or null. Throws on failure. */
  runOnce(): Promise<string | null>;
  close(): Promise<void>;
}

/**
 * The daily anchor of `lachan start`: at start and then every hour, today's anchor file is
 * written if it is not there yet. Checking hourly rather than sleeping a day means a restart,
 * a full disk or a database outage costs at most an hour's delay, not a missed day. A failure
 * is logged as an error every time it happens — an anchor that silently stopped being written
 * would leave truncation unnoticed again.
 */
export function startAuditAnchorJob(deps: Pick<Deps, 'db' | 'config' | 'clock'>, log: AnchorJobLog, options: { checkEveryMs?: number } = {}): AnchorJob {
  let running: Promise<void> | null = null;
  const runOnce = async (): Promise<string | null> => {
    if (existsSync(dailyAnchorFile(deps.config.dataDir, deps.clock()))) return null;
    const { anchor, file } = await anchorAuditHead(deps, systemActor('audit:anchor'));
    log.info({ seq: anchor.seq, hash: anchor.hash, file }, 'audit trail anchored');
    return file;
  };
  const tick = () => {
    if (running) return;
    running = runOnce().then(
      () => undefined,
      (err: unknown) => log.error({ err }, 'audit anchor not written: truncation of the audit trail would go unnoticed until it is'),
    );
    void running.finally(() => {
      running = null;
    });
  };
  const first = setTimeout(tick, 0);
  const timer = setInterval(tick, options.checkEveryMs ?? 3600_000);
  first.unref();
  timer.unref();
  return {
    runOnce,
    async close() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
