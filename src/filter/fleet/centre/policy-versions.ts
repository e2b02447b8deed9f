import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db, Tx } from '../../../db/database.js';
import { DomainTable } from '../../matcher.js';
import type { Snapshot } from '../../model.js';
import { filterDir, readTableFile } from '../../snapshot-file.js';
import { writeAtomic } from '../../store.js';
import { decodeEntries, type EntryList, encodeEntries, tableDigest } from '../protocol.js';
import { diffTables } from './table-diff.js';

/**
 * The fleet's policy versions: one row per published change, recorded after the filter's snapshot
 * is rebuilt (service.ts publish hook, and a watch of snapshot.json for publishes made by other
 * processes). The row commits before any node hears of it; the change bus only says "look".
 *
 * A row holds the city-wide policy JSON when it changed, and the domain table's change as the
 * entries added and removed (one confirmed domain = one 9-byte entry), so a node that is a few
 * versions behind downloads bytes, not the 13 MB table. The table itself stays in the data dir
 * (shared by every central instance) under the name the snapshot gave it.
 */
export const fleetTablesDir = (dataDir: string) => path.join(filterDir(dataDir), 'fleet-tables');

/** A diff larger than this share of the table goes as the whole table (it compresses better). */
const MAX_DIFF_SHARE = 0.25;
/** Versions kept; a node further behind gets a full snapshot. */
const KEEP_VERSIONS = 1000;
const PG_FLEET_LOCK = 73618;

/** The policy a node may receive, without what is the snapshot's own bookkeeping. */
export type CityPolicy = Omit<Snapshot, 'version' | 'generatedAt' | 'domainsFile'>;

export function cityPolicyOf(s: Snapshot): CityPolicy {
  const { version: _v, generatedAt: _g, domainsFile: _d, ...rest } = s;
  return rest;
}

const tableCache = new Map<string, DomainTable>();

/** The table a version names (cached: the last few, each read once per process). */
export function fleetTable(dataDir: string, file: string | null): DomainTable {
  if (!file) return DomainTable.empty();
  const full = path.join(fleetTablesDir(dataDir), file);
  let t = tableCache.get(full);
  if (!t) {
    t = readTableFile(full);
    tableCache.set(full, t);
    while (tableCache.size > 3) tableCache.delete(tableCache.keys().next().value as string);
  }
  return t;
}

/** Keeps the compiled table under the fleet's own name (a hard link: no copy), out of the filter's clean-up. */
function keepTable(dataDir: string, file: string, table: DomainTable): void {
  const dest = path.join(fleetTablesDir(dataDir), file);
  if (existsSync(dest)) return;
  mkdirSync(fleetTablesDir(dataDir), { recursive: true });
  try {
    linkSync(path.join(filterDir(dataDir), file), dest);
  } catch {
    writeAtomic(dest, table.serialize());
  }
  tableCache.set(dest, table);
}

/**
 * Records a published snapshot as the next version, or returns null when it brings nothing new
 * (same policy, same table) or is older than the last one recorded (two publishes finishing out
 * of order). Serialised: PostgreSQL advisory lock, SQLite's single writer.
 */
export async function recordPolicyVersion(db: Db, dataDir: string, snapshot: Snapshot, table: DomainTable, now: string): Promise<number | null> {
  const policyJson = JSON.stringify(cityPolicyOf(snapshot));
  const policyHash = createHash('sha256').update(policyJson).digest('hex').slice(0, 32);
  const digest = tableDigest(table);
  if (snapshot.domainsFile) keepTable(dataDir, snapshot.domainsFile, table);
  const version = await db.kysely.transaction().execute(async (trx) => {
    if (db.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(PG_FLEET_LOCK)})`.execute(trx);
    const last = await trx.selectFrom('filter_fleet_versions').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
    if (last && last.generated_at > snapshot.generatedAt) return null;
    if (last && last.policy_hash === policyHash && last.table_digest === digest) return null;
    let change: 'same' | 'diff' | 'replace' = 'replace';
    let diff: { added: EntryList; removed: EntryList } | null = null;
    if (last?.table_digest === digest) change = 'same';
    else if (last) {
      let prev: DomainTable | null = null;
      try {
        prev = fleetTable(dataDir, last.table_file);
      } catch {
        // the previous table is gone: nodes behind this version get a full snapshot
      }
      diff = prev ? diffTables(prev, table) : null;
      if (diff && diff.added.tags.length + diff.removed.tags.length <= Math.max(1000, table.size * MAX_DIFF_SHARE)) change = 'diff';
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
        table_file: snapshot.domainsFile,
        table_bits: table.bits,
        table_digest: digest,
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
  const recent = await db.selectFrom('filter_fleet_versions').select('table_file').orderBy('version', 'desc').limit(5).execute();
  const keep = new Set(recent.map((r) => r.table_file));
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
    .select(['version', 'table_file', 'table_bits', 'table_digest', 'table_change', 'added', 'removed'])
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
