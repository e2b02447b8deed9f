import { statSync } from 'node:fs';
import http from 'node:http';
import type { Config } from '../config.js';
import type { Db, Tx } from '../db/database.js';
import { isConnectionFailure } from '../db/unavailable.js';
import { newId } from '../shared/ids.js';
import { JobRunner, stderrJobLog } from '../shared/jobs.js';
import type { EncryptedListeners } from './engine/encrypted-listeners.js';
import { FilterEngine } from './engine/engine.js';
import type { StatsDrain } from './engine/metrics.js';
import { type DnsServer, startDnsServer, type UdpMode } from './engine/server.js';
import { countLines, parseListFile, tableSink } from './lists/parse.js';
import { type DomainTable, TableBuilder } from './matcher.js';
import type { Snapshot } from './model.js';
import { checkAlerts } from './monitoring.js';
import { drainSpool, spoolStats } from './spool.js';
import { buildSnapshot, loadSnapshot, snapshotFile, storeStats } from './store.js';

/**
 * The DNS filter as a running service: engine + UDP/TCP listeners + statistics flush + reloads.
 * Under `npm start` it runs inside the web process and reloads when a use case publishes a new
 * snapshot; under `lachan filter` it runs alone and reloads when snapshot.json changes on disk.
 */
export interface FilterServiceOptions {
  db: Db;
  dataDir: string;
  host: string;
  port: number;
  upstreams?: string[] | null;
  blockpageIpv4?: string | null;
  blockpageIpv6?: string | null;
  rateLimitQps?: number | null;
  /** how UDP is served (LACHAN_DNS_UDP); default 'auto' */
  udp?: UdpMode;
  /** extra lists loaded at start: category code → file */
  extraLists?: Array<{ category: string; file: string }>;
  /** serve Prometheus metrics here (host:port) */
  metrics?: { host: string; port: number } | null;
  /** DNS-over-HTTPS / DNS-over-TLS (LACHAN_DOH_ADDR, LACHAN_DOT_ADDR; engine/encrypted-listeners.ts) */
  encrypted?: Config['filter']['encrypted'];
  /** poll snapshot.json for changes (standalone process) */
  watch?: boolean;
  statsFlushMs?: number;
  now?: () => number;
  /**
   * the job runner of the process (the web app's, under `npm start`): the statistics flush and the
   * snapshot watch run as its jobs, so their failures are logged, counted and shown on /readyz.
   * Without one, the service runs its own and logs to stderr.
   */
  jobs?: JobRunner;
}

export interface FilterService {
  engine: FilterEngine;
  server: DnsServer;
  /** DoH/DoT listeners, when configured and started */
  encrypted: EncryptedListeners | null;
  metricsUrl: string | null;
  /** rebuild the snapshot from the database and reload (web process) */
  refresh(): Promise<void>;
  flushStats(): Promise<void>;
  close(): Promise<void>;
}

const running = new Set<FilterService>();

/** Called by use cases after a change commits: rebuilds the snapshot; engines in this process reload. */
export async function publishSnapshot(db: Tx, dataDir: string): Promise<Snapshot> {
  const { snapshot, tables } = await buildSnapshot(db, dataDir, new Date().toISOString());
  for (const s of running) s.engine.reload(withOverrides(snapshot, s), [...tables, ...extraOf(s)]);
  for (const hook of publishHooks) {
    // the change is committed and served here already: a failing listener (the fleet centre,
    // whose own watch of snapshot.json records it again within seconds) must not fail the caller
    await hook(dataDir, snapshot, tables).catch((e: unknown) => process.stderr.write(`filter publish hook: ${e instanceof Error ? e.message : String(e)}\n`));
  }
  return snapshot;
}

/** `tables`: one per file the snapshot names, in snapshotTableFiles order (the big table, then the city's small one). */
type PublishHook = (dataDir: string, snapshot: Snapshot, tables: DomainTable[]) => Promise<void>;
const publishHooks = new Set<PublishHook>();

/** Runs after every publish in this process (the fleet centre records a version, issue 16); returns the removal. */
export function onPublish(hook: PublishHook): () => void {
  publishHooks.add(hook);
  return () => publishHooks.delete(hook);
}

const extras = new WeakMap<FilterService, DomainTable[]>();
const overrides = new WeakMap<FilterService, Partial<Snapshot['settings']>>();
const extraOf = (s: FilterService) => extras.get(s) ?? [];
const withOverrides = (snap: Snapshot, s: FilterService): Snapshot => ({ ...snap, settings: { ...snap.settings, ...overrides.get(s) } });

/** Loads `--list category=file` lists straight into a table (bytes, never a string per domain). */
export function loadExtraLists(
  lists: Array<{ category: string; file: string }>,
  snapshot: Snapshot,
): { table: DomainTable | null; counts: Array<{ file: string; accepted: number; rejected: number }> } {
  if (lists.length === 0) return { table: null, counts: [] };
  const cats = lists.map((l) => {
    const cat = snapshot.categories.find((c) => c.code === l.category);
    if (!cat) throw new Error(`unknown category '${l.category}' (${snapshot.categories.map((c) => c.code).join(', ')})`);
    return cat;
  });
  // pre-sized: one entry per line (a hosts line with several names grows the arrays once)
  const b = new TableBuilder(lists.reduce((n, l) => n + countLines(l.file), 0));
  const counts = [];
  for (const [i, l] of lists.entries()) {
    const stats = parseListFile(l.file, tableSink(b, cats[i]!.bit));
    counts.push({ file: l.file, accepted: stats.accepted, rejected: stats.rejected });
  }
  return { table: b.build(), counts };
}

/** Adds one drain's counters and top domains, then checks the self-harm alerts of the schools it names. */
export async function storeDrain(db: Tx, drain: StatsDrain): Promise<void> {
  await storeStats(db, drain);
  await checkDrainAlerts(db, drain);
}

async function checkDrainAlerts(db: Tx, drain: StatsDrain): Promise<void> {
  const schools = [...new Set(drain.counters.filter((c) => c.category === 'self_harm').map((c) => c.schoolId))];
  if (schools.length) await checkAlerts(db, drain.hour, schools, new Date().toISOString(), newId);
}

export async function startFilterService(o: FilterServiceOptions): Promise<FilterService> {
  let built: { snapshot: Snapshot; tables: DomainTable[] };
  try {
    built = await buildSnapshot(o.db.kysely, o.dataDir, new Date().toISOString());
  } catch (e) {
    // The database dropped the connection or is away just now: serve the policy last published
    // (snapshot.json in the data dir) rather than start without DNS; the next publish replaces it.
    const saved = isConnectionFailure(e) ? loadSnapshot(o.dataDir) : null;
    if (!saved) throw e;
    process.stderr.write(
      `Bộ lọc DNS dùng chính sách đã lưu (${saved.snapshot.generatedAt}) vì cơ sở dữ liệu không trả lời / DNS filter serving the saved policy (${saved.snapshot.generatedAt}): the database is not answering\n`,
    );
    built = saved;
  }
  const ov: Partial<Snapshot['settings']> = {};
  if (o.upstreams?.length) ov.upstreams = o.upstreams;
  if (o.blockpageIpv4) ov.blockpageIpv4 = o.blockpageIpv4;
  if (o.blockpageIpv6) ov.blockpageIpv6 = o.blockpageIpv6;
  if (o.rateLimitQps !== null && o.rateLimitQps !== undefined) ov.rateLimitQps = o.rateLimitQps;
  const snap0 = { ...built.snapshot, settings: { ...built.snapshot.settings, ...ov } };
  const extra = loadExtraLists(o.extraLists ?? [], snap0);
  const extraTables = extra.table ? [extra.table] : [];
  const engine = new FilterEngine(snap0, [...built.tables, ...extraTables], { now: o.now });
  const server = await startDnsServer(() => engine, { host: o.host, port: o.port, udp: o.udp ?? 'auto' });
  // loaded only when configured (TLS, HTTP/2); a port in use costs DoH/DoT, not the school networks' DNS
  let encrypted: EncryptedListeners | null = null;
  if (o.encrypted) {
    try {
      const { startEncryptedListeners } = await import('./engine/encrypted-listeners.js');
      encrypted = await startEncryptedListeners(engine, { ...o.encrypted, dataDir: o.dataDir, log: (l) => process.stderr.write(`${l}\n`) });
    } catch (e) {
      process.stderr.write(`DNS-over-HTTPS/TLS không chạy / DNS-over-HTTPS/TLS not started: ${(e as Error).message}\n`);
    }
  }

  let metricsServer: http.Server | null = null;
  let metricsUrl: string | null = null;
  if (o.metrics) {
    metricsServer = http.createServer((req, res) => {
      if (req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(engine.metrics.render({ lachan_dns_cache_entries: engine.cache.size, lachan_process_resident_memory_bytes: process.memoryUsage.rss() }));
    });
    await new Promise<void>((r) => metricsServer!.listen(o.metrics!.port, o.metrics!.host, () => r()));
    const a = metricsServer.address() as { port: number };
    metricsUrl = `http://${o.metrics.host}:${a.port}/metrics`;
  }

  let lastMtime = 0;
  try {
    lastMtime = statSync(snapshotFile(o.dataDir)).mtimeMs;
  } catch {
    lastMtime = 0;
  }
  const service: FilterService = {
    engine,
    server,
    encrypted,
    metricsUrl,
    async refresh() {
      await publishSnapshot(o.db.kysely, o.dataDir);
    },
    async flushStats() {
      const drain = engine.drainStats();
      try {
        await storeStats(o.db.kysely, drain);
      } catch (e) {
        // The database is out of reach: the minute's counters go to the spool on disk, and the
        // first flush that reaches the database adds them — an outage loses no statistics.
        // (Should the connection break during COMMIT, the spooled copy may be counted twice.)
        spoolStats(o.dataDir, drain);
        throw e;
      }
      await checkDrainAlerts(o.db.kysely, drain);
      // and what a standalone `lachan filter` spooled to disk
      await drainSpool(o.dataDir, (d) => storeDrain(o.db.kysely, d));
    },
    async close() {
      running.delete(service);
      await watchJob?.remove();
      // the last minute's counters: stored, or spooled to disk by flushStats when the database is
      // away (the runner logs and counts that failure like any other)
      await statsJob.remove({ finalRun: true });
      await ownJobs?.stop();
      await encrypted?.close();
      await server.close();
      engine.close();
      if (metricsServer) await new Promise<void>((r) => metricsServer!.close(() => r()));
    },
  };
  extras.set(service, extraTables);
  overrides.set(service, ov);
  running.add(service);

  const ownJobs = o.jobs ? null : new JobRunner(stderrJobLog);
  const jobs = o.jobs ?? (ownJobs as JobRunner);
  // A half-written or unreadable snapshot fails this run (logged once, counted) and the engine
  // keeps serving the current one; the next run that reads it whole reloads.
  const watchJob = o.watch
    ? jobs.add({
        name: 'filter.snapshot-watch',
        everyMs: 2000,
        atStart: false,
        run: async () => {
          const m = statSync(snapshotFile(o.dataDir)).mtimeMs;
          if (m === lastMtime) return;
          const loaded = loadSnapshot(o.dataDir);
          if (!loaded) throw new Error(`snapshot unreadable: ${snapshotFile(o.dataDir)}`);
          lastMtime = m;
          engine.reload(withOverrides(loaded.snapshot, service), [...loaded.tables, ...extraTables]);
        },
      })
    : null;
  // A flush that cannot reach the database has spooled its counters (above); the DNS goes on, and
  // the runner logs the failure once, when it begins, and the recovery.
  const statsJob = jobs.add({ name: 'filter.dns-stats', everyMs: o.statsFlushMs ?? 60_000, atStart: false, run: () => service.flushStats() });
  ownJobs?.start();
  return service;
}

export { loadSnapshot, running as runningFilterServices };
