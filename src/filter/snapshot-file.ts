import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { DomainTable } from './matcher.js';
import type { Snapshot } from './model.js';

/**
 * Reading the filter's files without the database: what `lachan filter` loads at start and on
 * every reload. This module (and everything it imports) must stay free of database drivers, web
 * frameworks and spreadsheet libraries: it is the whole module graph of the standalone DNS
 * process (see src/filter/standalone.ts).
 *
 *   <dataDir>/filter/snapshot.json         policies, networks, settings; names the .bin files
 *   <dataDir>/filter/domains-<sig>.bin     the enabled third-party lists compiled into one DomainTable
 *   <dataDir>/filter/city-<sig>.bin        the city's own small sources (confirmed harmful, guard
 *                                          decisions): rebuilt alone when one of them changes
 */
export const filterDir = (dataDir: string) => path.join(dataDir, 'filter');
export const listFile = (dataDir: string, id: string) => path.join(filterDir(dataDir), 'lists', `${id}.txt`);
export const snapshotFile = (dataDir: string) => path.join(filterDir(dataDir), 'snapshot.json');

/** Reads a compiled table straight into one ArrayBuffer (no intermediate Buffer, no copy). */
export function readTableFile(file: string): DomainTable {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const ab = new ArrayBuffer(size);
    const u8 = new Uint8Array(ab);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, u8, off, size - off, off);
      if (n <= 0) break;
      off += n;
    }
    if (off !== size) throw new Error(`${file}: short read`);
    return DomainTable.fromArrayBuffer(ab);
  } finally {
    closeSync(fd);
  }
}

/**
 * The snapshot's policies, networks and settings without its domain table, or null when there is
 * none (yet): for start-up decisions that need no table (reading one only to drop it would leave
 * megabytes of garbage in a process with a memory budget).
 */
export function readSnapshotJson(dataDir: string): { snapshot: Snapshot; mtimeMs: number } | null {
  const f = snapshotFile(dataDir);
  if (!existsSync(f)) return null;
  const mtimeMs = statSync(f).mtimeMs;
  return { snapshot: JSON.parse(readFileSync(f, 'utf8')) as Snapshot, mtimeMs };
}

/** The table files a snapshot names, in the order of its tables (a snapshot.json of before the city table names one). */
export function snapshotTableFiles(s: Pick<Snapshot, 'domainsFile' | 'cityDomainsFile'>): string[] {
  return [s.domainsFile, s.cityDomainsFile].filter((f): f is string => typeof f === 'string' && f.length > 0);
}

/**
 * The tables of the snapshot last loaded or written in this process, by file: a snapshot that
 * names the same big table again (a domain confirmed, a decision made: only the city's small table
 * is new) reuses it instead of reading 13 MB again. A file is only reused while its inode, size
 * and mtime are unchanged; only the files the latest snapshot names stay referenced (a process
 * with a memory budget keeps no old table).
 */
const lastLoaded = new Map<string, { stamp: string; table: DomainTable }>();

const stampOf = (file: string) => {
  const st = statSync(file);
  return `${st.ino}:${st.size}:${st.mtimeMs}`;
};

/** The table in `file`, reused from the last load when the file is the same one (stamped before it is read). */
export function readTableFileReusing(file: string): DomainTable {
  const stamp = stampOf(file);
  const hit = lastLoaded.get(file);
  return hit?.stamp === stamp ? hit.table : readTableFile(file);
}

/** Remembers the tables of the snapshot just loaded or written (files inside <dataDir>/filter). */
export function rememberTables(dataDir: string, files: readonly string[], tables: readonly DomainTable[]): void {
  const dir = filterDir(dataDir);
  const full = files.map((f) => path.join(dir, f));
  for (const f of [...lastLoaded.keys()]) if (path.dirname(f) === dir && !full.includes(f)) lastLoaded.delete(f);
  for (const [i, f] of full.entries()) {
    try {
      lastLoaded.set(f, { stamp: stampOf(f), table: tables[i]! });
    } catch {
      // already replaced by another publish: read again next time
    }
  }
}

/** Loads the snapshot written by the web process (or `lachan filter snapshot`), or null when there is none (yet). */
export function loadSnapshot(dataDir: string): { snapshot: Snapshot; tables: DomainTable[]; mtimeMs: number } | null {
  const json = readSnapshotJson(dataDir);
  if (!json) return null;
  const { snapshot, mtimeMs } = json;
  const files = snapshotTableFiles(snapshot);
  const tables = files.map((f) => readTableFileReusing(path.join(filterDir(dataDir), f)));
  rememberTables(dataDir, files, tables);
  return { snapshot, tables, mtimeMs };
}
