import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.js';
import { jsonOr } from '../shared/json.js';
import { fromRoot } from '../shared/paths.js';
import { guardAppliesTo } from './guard/guard-set.js';
import { loadGuard } from './guard/read-guard.js';
import { recheckStoredLists } from './guard/recheck-lists.js';
import { seedGuard } from './guard/seed-guard.js';
import { normalisedSink, parseList, parseNormalisedFile, tableSink } from './lists/parse.js';
import { DomainTable, TableBuilder } from './matcher.js';
import {
  BANDS,
  type Band,
  type BandPolicyData,
  BUILTIN_CATEGORIES,
  BUNDLED_LISTS,
  type CategoryDef,
  DEFAULT_SETTINGS,
  defaultBandPolicy,
  type FilterSettingsData,
  type Snapshot,
} from './model.js';
import { filterDir, listFile, loadSnapshot, readTableFileReusing, rememberTables, snapshotFile, snapshotTableFiles } from './snapshot-file.js';

/**
 * The filter's state on disk and in the database.
 *
 *   <dataDir>/filter/lists/<listId>.txt   normalised rules of each list (one per line)
 *   <dataDir>/filter/domains-<sig>.bin     the enabled third-party lists compiled into one DomainTable
 *   <dataDir>/filter/city-<sig>.bin        the city's own small sources compiled (compileDomains)
 *   <dataDir>/filter/snapshot.json         policies, networks, settings; names the .bin files
 *
 * The web process writes the snapshot after every change; the DNS process (in the same process
 * under `npm start`, or `lachan filter`) reloads when snapshot.json changes. Files are written to a
 * temporary name and renamed, so a reader never sees half a file.
 */
export { filterDir, listFile, loadSnapshot, snapshotFile };

export function writeAtomic(file: string, data: Buffer | string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

export async function readSettings(db: Tx): Promise<FilterSettingsData> {
  const row = await db.selectFrom('filter_settings').select('value').where('key', '=', 'settings').executeTakeFirst();
  return { ...DEFAULT_SETTINGS, ...(row ? jsonOr<Partial<FilterSettingsData>>(row.value, {}) : {}) };
}

export async function readBandPolicies(db: Tx): Promise<BandPolicyData[]> {
  const rows = await db.selectFrom('filter_band_policies').selectAll().execute();
  return BANDS.map((band) => {
    const row = rows.find((r) => r.band === band);
    return row ? { ...defaultBandPolicy(band), ...jsonOr<Partial<BandPolicyData>>(row.data, {}), band } : defaultBandPolicy(band);
  });
}

export async function readCategories(db: Tx): Promise<CategoryDef[]> {
  const rows = await db.selectFrom('filter_categories').selectAll().orderBy('bit').execute();
  return rows.map((r) => ({ code: r.code, bit: r.bit, kind: r.kind, mandatory: r.mandatory === 1, vi: r.name_vi, en: r.name_en }));
}

/** Categories, band defaults, bundled lists. Idempotent; adds only what is missing. */
export async function seedFilter(
  db: Db,
  dataDir: string,
  now: string,
  newId: () => string,
  options: { demoNetwork?: boolean } = {},
): Promise<{ categories: number; lists: number; networks: number }> {
  const seeded = await db.kysely.transaction().execute(async (trx) => {
    const have = new Set((await trx.selectFrom('filter_categories').select('code').execute()).map((r) => r.code));
    const missing = BUILTIN_CATEGORIES.filter((c) => !have.has(c.code));
    if (missing.length) {
      await trx
        .insertInto('filter_categories')
        .values(
          missing.map((c) => ({
            code: c.code,
            bit: c.bit,
            kind: c.kind,
            mandatory: c.mandatory ? 1 : 0,
            name_vi: c.vi,
            name_en: c.en,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
    const bands = new Set((await trx.selectFrom('filter_band_policies').select('band').execute()).map((r) => r.band));
    for (const band of BANDS) {
      if (bands.has(band)) continue;
      const { band: _b, ...data } = defaultBandPolicy(band);
      await trx
        .insertInto('filter_band_policies')
        .values({ band, data: JSON.stringify(data), updated_at: now })
        .execute();
    }
    const lists = new Set((await trx.selectFrom('filter_lists').select('code').execute()).map((r) => r.code));
    let added = 0;
    for (const l of BUNDLED_LISTS) {
      if (lists.has(l.code)) continue;
      const id = newId();
      const raw = readFileSync(fromRoot('seed', 'blocklists', l.file));
      const sink = normalisedSink();
      const stats = parseList(raw, sink);
      writeAtomic(listFile(dataDir, id), sink.result());
      await trx
        .insertInto('filter_lists')
        .values({
          id,
          code: l.code,
          name: l.name,
          category_code: l.category,
          source_type: 'bundled',
          source: `seed/blocklists/${l.file}`,
          enabled: 1,
          entry_count: stats.accepted,
          exception_count: stats.exceptions,
          rejected_count: stats.rejected,
          last_refreshed_at: now,
          last_error: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      added++;
    }
    // the demo: this machine (loopback) is a demo primary school's network, so dig @127.0.0.1 is filtered
    let networks = 0;
    if (options.demoNetwork !== false) {
      const anyNet = await trx.selectFrom('filter_networks').select('id').limit(1).executeTakeFirst();
      const demo = await trx.selectFrom('schools').select('id').where('code', '=', 'DEMO-TH-01').executeTakeFirst();
      const seeded = await trx.selectFrom('filter_settings').select('key').where('key', '=', 'demo_network_seeded').executeTakeFirst();
      if (!anyNet && demo && !seeded) {
        for (const cidr of ['127.0.0.0/8', '::1/128']) {
          await trx
            .insertInto('filter_networks')
            .values({ id: newId(), school_id: demo.id, band: 'primary', cidr, note: 'demo: loopback', created_at: now, updated_at: now })
            .execute();
          networks++;
        }
        await trx.insertInto('filter_settings').values({ key: 'demo_network_seeded', value: 'true', updated_at: now }).execute();
      }
    }
    await seedGuard(trx, now);
    return { categories: missing.length, lists: added, networks };
  });
  // every bundled and stored list is re-checked against the guard list at start (issue 11)
  await recheckStoredLists(db.kysely, dataDir);
  return seeded;
}

/** Part of the compiled tables' names: bump when the bucket layout or what a table holds changes, so tables are rebuilt. */
const TABLE_LAYOUT = 3;

/**
 * Lists compiled into the city's small table rather than the big one: the city's own, which change
 * one entry at a time (the centre's confirmed-harmful list). Everything else — bundled, imported,
 * downloaded lists — is third-party and changes with a refresh.
 */
export const isCityList = (l: { source_type: string }): boolean => l.source_type === 'centre';

export interface CompiledTable {
  /** file name inside <dataDir>/filter, null = nothing to compile */
  file: string | null;
  table: DomainTable;
}

/**
 * Compiles the enabled lists into two tables (or reuses the compiled files for the same inputs):
 *   - base: the third-party lists, less the names the guard protects — megabytes with a city list
 *     of a million names; its signature depends on those lists and the guard list only;
 *   - city: the city's own small sources, the centre's confirmed-harmful list and the guard
 *     decisions (names blocked although guarded), built with the base table's bucket count and
 *     without the entries the base table has already.
 * So a domain confirmed, a decision made or revoked rebuilds the small table alone. The two share
 * no entry and have the same bucket count: a fleet node may hold their union as one table, and
 * the digest of the union is the sum of theirs (fleet/protocol.ts addDigests).
 */
export async function compileDomains(db: Tx, dataDir: string): Promise<{ base: CompiledTable; city: CompiledTable }> {
  const lists = await db
    .selectFrom('filter_lists')
    .select(['id', 'code', 'source_type', 'category_code', 'updated_at', 'entry_count'])
    .where('enabled', '=', 1)
    .orderBy('id')
    .execute();
  const categories = await readCategories(db);
  const cats = new Map(categories.map((c) => [c.code, c.bit]));
  const kinds = new Map(categories.map((c) => [c.code, c.kind]));
  // guarded names are refused from third-party lists at every compile; the city's decisions block them anyway
  const guard = await loadGuard(db);
  const addLists = (b: TableBuilder, of: typeof lists) => {
    for (const l of of) {
      const bit = cats.get(l.category_code);
      const f = listFile(dataDir, l.id);
      if (bit === undefined || !existsSync(f)) continue;
      // stored lists are normalised (seedFilter, lists/import): read without checking them again
      // guarded lists: one hash per line serves the guard's check and the table (GuardSet.tableSink)
      parseNormalisedFile(f, guardAppliesTo(l, kinds.get(l.category_code) ?? 'block') ? guard.set.tableSink(b, bit) : tableSink(b, bit));
    }
  };
  const listSig = (of: typeof lists) => of.map((l) => [l.id, l.category_code, cats.get(l.category_code), l.updated_at]);

  const baseLists = lists.filter((l) => !isCityList(l));
  const base = compiledFile(dataDir, 'domains', baseLists.length > 0, [TABLE_LAYOUT, guard.entriesSig, listSig(baseLists)], () => {
    const b = new TableBuilder(baseLists.reduce((n, l) => n + l.entry_count, 16));
    addLists(b, baseLists);
    return b.build();
  });

  const cityLists = lists.filter(isCityList);
  const decisions = guard.decisions.map((d) => ({ domain: d.domain, bit: cats.get(d.category) }));
  const citySig = [TABLE_LAYOUT, base.file, guard.entriesSig, guard.decisionsSig, decisions.map((d) => d.bit), listSig(cityLists)];
  const city = compiledFile(dataDir, 'city', cityLists.length > 0 || decisions.length > 0, citySig, () => {
    const b = new TableBuilder(cityLists.reduce((n, l) => n + l.entry_count, 16 + decisions.length));
    addLists(b, cityLists);
    for (const d of decisions) if (d.bit !== undefined) b.addName(d.domain, d.bit);
    // the base table's bucket count: a node rebuilding one table from both keeps every entry exact
    const bits = base.file ? base.table.bits : undefined;
    const own = b.build(bits);
    if (!base.file) return own;
    const rest = new TableBuilder(own.size);
    own.forEachEntry((h1, h2, tag) => {
      if (!base.table.hasEntry(h1, h2, tag)) rest.add(h1, h2, tag);
    });
    return rest.count === own.size ? own : rest.build(bits);
  });
  return { base, city };
}

/**
 * The table of `prefix`-<signature>.bin: read when a file of that signature exists, else built
 * and written (the older files of the prefix go: no snapshot names them any more). An empty table
 * has no file.
 */
function compiledFile(dataDir: string, prefix: 'domains' | 'city', any: boolean, sigOf: unknown, build: () => DomainTable): CompiledTable {
  if (!any) return { file: null, table: DomainTable.empty() };
  const sig = createHash('sha256').update(JSON.stringify(sigOf)).digest('hex').slice(0, 16);
  const name = `${prefix}-${sig}.bin`;
  const file = path.join(filterDir(dataDir), name);
  if (existsSync(file)) {
    try {
      // the table of the last snapshot in memory when it is this file still: no 13 MB read per publish
      return { file: name, table: readTableFileReusing(file) };
    } catch {
      // rebuilt below
    }
  }
  const table = build();
  const kept = table.size > 0 ? name : null;
  if (kept) writeAtomic(file, table.serialize());
  const old = new RegExp(`^${prefix}-[0-9a-f]+\\.bin$`);
  for (const f of readdirSync(filterDir(dataDir))) if (old.test(f) && f !== kept) rmSync(path.join(filterDir(dataDir), f), { force: true });
  return { file: kept, table };
}

/** Reads everything the engine needs from the database; writes snapshot.json (+ the .bin). */
export async function buildSnapshot(db: Tx, dataDir: string, now: string): Promise<{ snapshot: Snapshot; tables: DomainTable[] }> {
  const [categories, bands, settings, domains] = await Promise.all([readCategories(db), readBandPolicies(db), readSettings(db), compileDomains(db, dataDir)]);
  const rules = await db.selectFrom('filter_school_rules').selectAll().execute();
  const networks = await db.selectFrom('filter_networks').select(['cidr', 'school_id', 'band']).execute();
  // every school, not only those with a network or rule: a school-issued tablet reaches its school's
  // band over DoH/DoT (engine/school-addresses.ts) before the school has a network of its own
  const schools = await db.selectFrom('schools').select(['id', 'code', 'name']).orderBy('id').execute();
  const snapshot: Snapshot = {
    version: '',
    generatedAt: now,
    categories,
    bands,
    schools,
    additions: rules.map((r) => ({
      schoolId: r.school_id,
      band: r.band as Band | 'all',
      blockedCategories: jsonOr<string[]>(r.blocked_categories, []),
      blockDomains: jsonOr<string[]>(r.block_domains, []),
      allowDomains: jsonOr<string[]>(r.allow_domains, []),
    })),
    networks: networks.map((n) => ({ cidr: n.cidr, schoolId: n.school_id, band: n.band as Band })),
    settings,
    domainsFile: domains.base.file,
    cityDomainsFile: domains.city.file,
  };
  snapshot.version = createHash('sha256')
    .update(JSON.stringify({ ...snapshot, generatedAt: '' }))
    .digest('hex')
    .slice(0, 16);
  writeAtomic(snapshotFile(dataDir), JSON.stringify(snapshot));
  // one table per file the snapshot names, in its order (snapshotTableFiles)
  const tables = [domains.base, domains.city].filter((c) => c.file !== null).map((c) => c.table);
  rememberTables(dataDir, snapshotTableFiles(snapshot), tables);
  return { snapshot, tables };
}

/** Adds hourly counters and top blocked domains (upsert: add to what is there). */
export async function storeStats(
  db: Tx,
  drain: {
    hour: string;
    counters: Array<{ schoolId: string; band: string; category: string; count: number }>;
    top: Array<{ schoolId: string; domain: string; category: string; count: number }>;
  },
): Promise<void> {
  if (drain.counters.length === 0 && drain.top.length === 0) return;
  // inside a caller's transaction (a fleet node's batch is counted with its receipt: fleet/nodes) or its own
  const inTx = (run: (trx: Tx) => Promise<void>) => (db.isTransaction ? run(db) : db.transaction().execute(run));
  await inTx(async (trx) => {
    for (const c of drain.counters) {
      await trx
        .insertInto('filter_counters')
        .values({ hour: drain.hour, school_id: c.schoolId, band: c.band, category: c.category, count: c.count })
        .onConflict((oc) => oc.columns(['hour', 'school_id', 'band', 'category']).doUpdateSet({ count: sql`filter_counters.count + ${c.count}` }))
        .execute();
    }
    const day = drain.hour.slice(0, 10);
    for (const t of drain.top) {
      await trx
        .insertInto('filter_top_blocked')
        .values({ day, school_id: t.schoolId, domain: t.domain, category: t.category, count: t.count })
        .onConflict((oc) => oc.columns(['day', 'school_id', 'domain']).doUpdateSet({ count: sql`filter_top_blocked.count + ${t.count}` }))
        .execute();
    }
  });
}
