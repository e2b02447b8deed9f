import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db, Tx } from '../../../db/database.js';
import { DomainTable, TableBuilder } from '../../matcher.js';
import type { Snapshot } from '../../model.js';
import { filterDir, readTableFile, snapshotTableFiles } from '../../snapshot-file.js';
import { writeAtomic } from '../../store.js';
import { addDigests, decodeEntries, type EntryList, encodeEntries, tableDigest } from '../protocol.js';
import { diffTables, entriesOf, sumOfDiffs } from './table-diff.js';

/**
 * The fleet's policy versions: one row per published change, recorded after the filter's snapshot
 * is rebuilt (service.ts publish hook, and a watch of snapshot.json for publishes made by other
 * processes). The row commits before any node hears of it; the change bus only says "look".
 *
 * A row holds the city-wide policy JSON when it changed, and the domain tables' change as the
 * entries added and removed (one confirmed domain = one 9-byte entry), so a node that is a few
 * versions behind downloads bytes, not the 13 MB table. The filter compiles two tables that share
 * no entry (store.ts compileDomains): the big one of third-party lists and the city's small one
 * (confirmed harmful, guard decisions); a node holds their union, and the row's digest is the sum
 * of theirs. A version whose big table is the previous one's — a domain confirmed, a decision made
 * or revoked — diffs the small tables only and takes the big one's digest from the previous row or
 * from memory: nothing of the million-entry table is read again. The tables stay in the data dir
 * (shared by every central instance) under the names the snapshot gave them.
 */
export const fleetTablesDir = (dataDir: string) => path.join(filterDir(dataDir), 'fleet-tables');

/** A diff larger than this share of the table goes as the whole table (it compresses better). */
const MAX_DIFF_SHARE = 0.25;
/** A diff this small always goes as a diff (no need to know the table's size). */
const SMALL_DIFF = 1000;
/** Versions kept; a node further behind gets a full snapshot. */
const KEEP_VERSIONS = 1000;
const PG_FLEET_LOCK = 73618;

/** The policy a node may receive, without what is the snapshot's own bookkeeping. */
export type CityPolicy = Omit<Snapshot, 'version' | 'generatedAt' | 'domainsFile' | 'cityDomainsFile'>;

export function cityPolicyOf(s: Snapshot): CityPolicy {
  const { version: _v, generatedAt: _g, domainsFile: _d, cityDomainsFile: _c, ...rest } = s;
  return rest;
}

const tableCache = new Map<string, DomainTable>();

/** A table a version names (cached: the last few, each read once per process). */
function fleetTable(dataDir: string, file: string): DomainTable {
  const full = path.join(fleetTablesDir(dataDir), file);
  let t = tableCache.get(full);
  if (!t) {
    t = readTableFile(full);
    tableCache.set(full, t);
    while (tableCache.size > 6) tableCache.delete(tableCache.keys().next().value as string);
  }
  return t;
}

const unions = new Map<string, DomainTable>();

/**
 * What a node holds at a version: the union of its big and small tables as one table, for a full
 * snapshot (built once per pair of files; a node merges the same way when it applies a diff).
 */
export function fleetTables(dataDir: string, files: { tableFile: string | null; cityTableFile: string | null }): DomainTable {
  const { tableFile: base, cityTableFile: city } = files;
  if (!base || !city) return base || city ? fleetTable(dataDir, (base ?? city) as string) : DomainTable.empty();
  const key = `${base}+${city}`;
  let u = unions.get(key);
  if (!u) {
    const big = fleetTable(dataDir, base);
    const small = fleetTable(dataDir, city);
    const b = new TableBuilder(big.size + small.size);
    for (const t of [big, small]) t.forEachEntry((h1, h2, tag) => b.add(h1, h2, tag));
    u = b.build(big.bits);
    unions.set(key, u);
    while (unions.size > 2) unions.delete(unions.keys().next().value as string);
  }
  return u;
}

/** Keeps a compiled table under the fleet's own name (a hard link: no copy), out of the filter's clean-up. */
function keepTable(dataDir: string, file: string, table: DomainTable | undefined): void {
  const dest = path.join(fleetTablesDir(dataDir), file);
  if (existsSync(dest)) return;
  mkdirSync(fleetTablesDir(dataDir), { recursive: true });
  try {
    linkSync(path.join(filterDir(dataDir), file), dest);
  } catch (e) {
    // the filter replaced it already (another publish): written from memory, or this snapshot is stale
    if (!table) throw e;
    writeAtomic(dest, table.serialize());
  }
  if (table) tableCache.set(dest, table);
}

/** Digest and bucket count of a compiled table by its path: a file's content never changes under its name. */
const infoByFile = new Map<string, { digest: string; bits: number }>();

function rememberInfo(file: string, info: { digest: string; bits: number }): { digest: string; bits: number } {
  infoByFile.set(file, info);
  while (infoByFile.size > 16) infoByFile.delete(infoByFile.keys().next().value as string);
  return info;
}

/**
 * Diff of one table's entries between versions, or null when a node could not rebuild its table
 * from it: entries know only `bits` high bits of their hash (and the low 16), so every table on
 * either side must have the version's bucket count, or both at least 2^16 buckets.
 */
function diffOf(from: DomainTable | null, to: DomainTable | null, bits: number): { added: EntryList; removed: EntryList } | null {
  for (const t of [from, to]) if (t && t.size > 0 && t.bits !== bits && (t.bits < 16 || bits < 16)) return null;
  if (!from || !to) return { added: entriesOf(to), removed: entriesOf(from) };
  return diffTables(from, to);
}

/**
 * Records a published snapshot as the next version, or returns null when it brings nothing new
 * (same policy, same tables) or is older than the last one recorded (two publishes finishing out
 * of order). `tables` are the snapshot's (snapshotTableFiles order) when the caller has them; the
 * watch of snapshot.json passes none and only what is not known already is read. Serialised:
 * PostgreSQL advisory lock, SQLite's single writer.
 */
export async function recordPolicyVersion(
  db: Db,
  dataDir: string,
  snapshot: Snapshot,
  tables: readonly DomainTable[] | null,
  now: string,
): Promise<number | null> {
  const policyJson = JSON.stringify(cityPolicyOf(snapshot));
  const policyHash = createHash('sha256').update(policyJson).digest('hex').slice(0, 32);
  const baseFile = snapshot.domainsFile ?? null;
  const cityFile = snapshot.cityDomainsFile ?? null;
  const given = new Map<string, DomainTable>();
  snapshotTableFiles(snapshot).forEach((f, i) => {
    const t = tables?.[i];
    if (t) given.set(f, t);
  });
  for (const f of [baseFile, cityFile]) if (f) keepTable(dataDir, f, given.get(f));
  const load = (f: string | null) => (f ? (given.get(f) ?? fleetTable(dataDir, f)) : null);

  // the big table's digest: from memory, from the last row that names the same file, or read once
  const hint = await db.kysely
    .selectFrom('filter_fleet_versions')
    .select(['table_file', 'table_bits', 'base_digest'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  let base: { digest: string; bits: number } | null = null;
  if (baseFile) {
    const key = path.join(fleetTablesDir(dataDir), baseFile);
    base = infoByFile.get(key) ?? null;
    if (!base && hint?.table_file === baseFile && hint.base_digest) base = { digest: hint.base_digest, bits: Number(hint.table_bits) };
    if (!base) {
      const t = load(baseFile) as DomainTable;
      base = { digest: tableDigest(t), bits: t.bits };
    }
    rememberInfo(key, base);
  }
  const cityTable = load(cityFile);
  const digest = addDigests([base?.digest ?? null, cityTable ? tableDigest(cityTable) : null].filter((d): d is string => d !== null));
  // the city table is built with the big one's bucket count
  const bits = base?.bits ?? cityTable?.bits ?? DomainTable.empty().bits;

  const version = await db.kysely.transaction().execute(async (trx) => {
    if (db.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(PG_FLEET_LOCK)})`.execute(trx);
    const last = await trx.selectFrom('filter_fleet_versions').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
    if (last && last.generated_at > snapshot.generatedAt) return null;
    if (last && last.policy_hash === policyHash && last.table_digest === digest) return null;
    let change: 'same' | 'diff' | 'replace' = 'replace';
    let diff: { added: EntryList; removed: EntryList } | null = null;
    if (last?.table_digest === digest) change = 'same';
    else if (last) {
      try {
        const prevCity = last.city_table_file ? fleetTable(dataDir, last.city_table_file) : null;
        const cityDiff = diffOf(prevCity, cityTable, bits);
        if (last.table_file === baseFile) diff = cityDiff;
        else {
          // the big table changed too (a list refreshed, enabled, disabled): its diff as before
          const baseDiff = diffOf(last.table_file ? fleetTable(dataDir, last.table_file) : null, load(baseFile), bits);
          diff = baseDiff && cityDiff ? sumOfDiffs([baseDiff, cityDiff]) : null;
        }
      } catch {
        // a previous table is gone: nodes behind this version get a full snapshot
        diff = null;
      }
      const size = () => (load(baseFile)?.size ?? 0) + (cityTable?.size ?? 0);
      const n = diff ? diff.added.tags.length + diff.removed.tags.length : 0;
      if (diff && (n <= SMALL_DIFF || n <= size() * MAX_DIFF_SHARE)) change = 'diff';
      else diff = null;
    }
    const v = (last?.version ?? 0) + 1;
    await trx
      .insertInto('filter_fleet_versions')
      .values({
        version: v,
        created_at: now,
        generated_at: snapshot.generatedAt,
        policy: last?.policy_hash === policyHash ? null : policyJson,
        policy_hash: policyHash,
        table_file: baseFile,
        city_table_file: cityFile,
        table_bits: bits,
        table_digest: digest,
        base_digest: base?.digest ?? null,
        table_change: change,
        added: diff ? encodeEntries(diff.added).toString('base64') : null,
        removed: diff ? encodeEntries(diff.removed).toString('base64') : null,
      })
      .execute();
    return v;
  });
  if (version !== null) await prune(db.kysely, dataDir, version);
  return version;
}

/** Old versions (keeping the newest row that holds the policy) and tables no recent version names. */
async function prune(db: Tx, dataDir: string, latest: number): Promise<void> {
  if (latest % 50 === 0) {
    const withPolicy = await db
      .selectFrom('filter_fleet_versions')
      .select('version')
      .where('policy', 'is not', null)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    await db
      .deleteFrom('filter_fleet_versions')
      .where('version', '<=', latest - KEEP_VERSIONS)
      .where('version', '<', withPolicy?.version ?? 0)
      .execute();
  }
  const recent = await db.selectFrom('filter_fleet_versions').select(['table_file', 'city_table_file']).orderBy('version', 'desc').limit(5).execute();
  const keep = new Set(recent.flatMap((r) => [r.table_file, r.city_table_file]));
  let files: string[] = [];
  try {
    files = readdirSync(fleetTablesDir(dataDir));
  } catch {
    return;
  }
  for (const f of files) if (!keep.has(f)) rmSync(path.join(fleetTablesDir(dataDir), f), { force: true });
}

export async function latestVersion(db: Tx): Promise<number> {
  const r = await db
    .selectFrom('filter_fleet_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst();
  return Number(r?.v ?? 0);
}

export interface VersionRow {
  version: number;
  tableFile: string | null;
  cityTableFile: string | null;
  tableBits: number;
  tableDigest: string;
  tableChange: 'same' | 'diff' | 'replace';
  added: EntryList | null;
  removed: EntryList | null;
}

/** Versions in (from, to], oldest first, without their policy JSON. */
export async function versionsBetween(db: Tx, from: number, to: number): Promise<VersionRow[]> {
  const rows = await db
    .selectFrom('filter_fleet_versions')
    .select(['version', 'table_file', 'city_table_file', 'table_bits', 'table_digest', 'table_change', 'added', 'removed'])
    .where('version', '>', from)
    .where('version', '<=', to)
    .orderBy('version')
    .execute();
  const entries = (b64: string | null) => {
    if (b64 === null) return null;
    const raw = Buffer.from(b64, 'base64');
    return decodeEntries(raw, 0, raw.length / 9);
  };
  return rows.map((r) => ({
    version: Number(r.version),
    tableFile: r.table_file,
    cityTableFile: r.city_table_file,
    tableBits: Number(r.table_bits),
    tableDigest: r.table_digest,
    tableChange: r.table_change as VersionRow['tableChange'],
    added: entries(r.added),
    removed: entries(r.removed),
  }));
}

/** Parsed policies by version, per database (tests open several in one process). */
const policyCaches = new WeakMap<object, Map<number, CityPolicy>>();

/** The city policy in force at a version (the newest row at or before it that holds one). */
export async function cityPolicyAt(db: Tx, version: number): Promise<{ since: number; policy: CityPolicy } | null> {
  const row = await db
    .selectFrom('filter_fleet_versions')
    .select('version')
    .where('version', '<=', version)
    .where('policy', 'is not', null)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  const since = Number(row.version);
  let policyCache = policyCaches.get(db);
  if (!policyCache) {
    policyCache = new Map();
    policyCaches.set(db, policyCache);
  }
  let policy = policyCache.get(since);
  if (!policy) {
    const p = await db.selectFrom('filter_fleet_versions').select('policy').where('version', '=', since).executeTakeFirstOrThrow();
    policy = JSON.parse(p.policy as string) as CityPolicy;
    policyCache.set(since, policy);
    while (policyCache.size > 8) policyCache.delete(policyCache.keys().next().value as number);
  }
  return { since, policy };
}
