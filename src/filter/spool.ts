import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StatsDrain } from './engine/metrics.js';
import { filterDir } from './snapshot-file.js';

/**
 * Statistics from a DNS process without a database (`lachan filter`): each drain is written to
 * `<data>/filter/spool/stats-<pid>-<ms>.json`; whoever has the database (the web process every
 * minute, or a short-lived `lachan filter flush-stats` child) claims a file by renaming it, adds
 * it to the counters and deletes it. A rename is atomic: two readers never count a file twice.
 */
export const spoolDir = (dataDir: string) => path.join(filterDir(dataDir), 'spool');

export function spoolStats(dataDir: string, drain: StatsDrain): boolean {
  if (drain.counters.length === 0 && drain.top.length === 0) return false;
  const dir = spoolDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const name = `stats-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  writeFileSync(path.join(dir, `${name}.tmp`), JSON.stringify(drain));
  renameSync(path.join(dir, `${name}.tmp`), path.join(dir, `${name}.json`));
  return true;
}

export function spoolPending(dataDir: string): boolean {
  try {
    return readdirSync(spoolDir(dataDir)).some((f) => f.endsWith('.json'));
  } catch {
    return false;
  }
}

/** Claims every spooled drain (rename), hands it to `store`, deletes it once stored. */
export async function drainSpool(dataDir: string, store: (d: StatsDrain) => Promise<void>): Promise<number> {
  const dir = spoolDir(dataDir);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /^stats-.*\.json$/.test(f));
  } catch {
    return 0;
  }
  let n = 0;
  for (const f of files) {
    const claimed = path.join(dir, `${f}.claimed-${process.pid}`);
    try {
      renameSync(path.join(dir, f), claimed);
    } catch {
      continue; // another reader took it
    }
    let drain: StatsDrain;
    try {
      drain = JSON.parse(readFileSync(claimed, 'utf8')) as StatsDrain;
    } catch {
      rmSync(claimed, { force: true });
      continue;
    }
    try {
      await store(drain);
    } catch (e) {
      // give it back for the next attempt
      renameSync(claimed, path.join(dir, f));
      throw e;
    }
    rmSync(claimed, { force: true });
    n++;
  }
  return n;
}
