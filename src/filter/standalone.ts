import { spawn, spawnSync } from 'node:child_process';
import cluster from 'node:cluster';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Config } from '../config.js';
import { JobRunner, stderrJobLog } from '../shared/jobs.js';
import type { EncryptedListeners } from './engine/encrypted-listeners.js';
import { FilterEngine } from './engine/engine.js';
import { type DnsServer, startDnsServer } from './engine/server.js';
import { countLines, parseListFile, tableSink } from './lists/parse.js';
import { type DomainTable, TableBuilder } from './matcher.js';
import { BUILTIN_CATEGORIES, type CategoryDef, type Snapshot } from './model.js';
import { filterDir, loadSnapshot, readSnapshotJson, readTableFile, snapshotFile } from './snapshot-file.js';
import { spoolPending, spoolStats } from './spool.js';

/**
 * `lachan filter`: the DNS filter as its own process, lean. Its module graph is this file, the
 * engine, the matcher, the list parser and node: built-ins — no database driver, no Fastify, no
 * spreadsheet library. It reads what the web process publishes:
 *
 *   <data>/filter/snapshot.json + domains-<sig>.bin   (reloaded when snapshot.json changes)
 *
 * When there is no snapshot yet (the filter started before any web process), it runs
 * `lachan filter snapshot` once as a child process — that child opens the database, migrates,
 * seeds, writes the snapshot and exits — so the DNS process itself never loads a driver.
 * Statistics go to a spool directory (src/filter/spool.ts); a short-lived
 * `lachan filter flush-stats` child (or the web process) adds them to the database.
 *
 * `--workers N` (N > 1) runs N node:cluster workers sharing one UDP socket (and the TCP port);
 * each worker loads its own copy of the tables (Node processes cannot share memory).
 */
export interface StandaloneOptions {
  list?: string[];
  workers?: string;
}

type Say = (vi: string, en: string) => string;

export function parseListOptions(values: string[] = []): Array<{ category: string; file: string }> {
  return values.map((v) => {
    const i = v.indexOf('=');
    if (i <= 0) throw new Error(`--list expects category=file, got '${v}'`);
    return { category: v.slice(0, i), file: v.slice(i + 1) };
  });
}

/** --workers: a number ≥ 1, or 'auto' (one per CPU). Default 1: see src/filter/README.md (measured). */
export function parseWorkers(v: string | undefined): number {
  if (v === undefined || v === '') return 1;
  if (v === 'auto') return Math.max(1, availableParallelism());
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`--workers expects a number from 1 to 64 or 'auto', got '${v}'`);
  return n;
}

const rssMB = () => Math.round(process.memoryUsage.rss() / 1048576);

/** What the list cache needs of a snapshot: the category codes and their bits. */
type Categories = { readonly categories: readonly CategoryDef[] };

/**
 * The categories to compile --list files against: the snapshot's, or, before the first snapshot
 * exists, the built-in ones (their bits never change) — so a first start can compile the lists
 * while `lachan filter snapshot` sets up the database.
 */
function categoriesFor(dataDir: string): Categories {
  return readSnapshotJson(dataDir)?.snapshot ?? { categories: BUILTIN_CATEGORIES };
}

/** `lachan filter compile category=file…`: compiles the --list files into the cache and exits. */
export function runCompile(cfg: Config, opts: StandaloneOptions): void {
  const t = loadListsCached(cfg.dataDir, parseListOptions(opts.list), categoriesFor(cfg.dataDir));
  process.stdout.write(`compiled ${t?.size ?? 0} entries\n`);
}

/** The command that re-enters this CLI (same node flags, same config file). */
function selfCommand(configFile: string | undefined, args: string[]): [string, string[]] {
  return [process.execPath, [...process.execArgv, process.argv[1]!, ...(configFile ? ['-c', configFile] : []), ...args]];
}

/** Writes the snapshot from the database in a child process when none exists. */
export function ensureSnapshot(cfg: Config, configFile: string | undefined, say: Say): void {
  try {
    statSync(snapshotFile(cfg.dataDir));
    return;
  } catch {
    // none yet
  }
  process.stdout.write(
    `${say('Chưa có snapshot.json: đang tạo từ cơ sở dữ liệu (lachan filter snapshot)…', 'No snapshot.json yet: writing it from the database (lachan filter snapshot)…')}\n`,
  );
  const [cmd, args] = selfCommand(configFile, ['filter', 'snapshot']);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
  if (r.status !== 0)
    throw new Error(say('không tạo được snapshot của bộ lọc (lachan filter snapshot)', 'could not write the filter snapshot (lachan filter snapshot)'));
}

/** `--list category=file`: streamed into one pre-sized table (bytes, never a string per domain). */
export function loadListFiles(lists: Array<{ category: string; file: string }>, snapshot: Categories): DomainTable | null {
  if (lists.length === 0) return null;
  const bits = listBits(lists, snapshot);
  const b = new TableBuilder(lists.reduce((n, l) => n + countLines(l.file), 0));
  for (const [i, l] of lists.entries()) parseListFile(l.file, tableSink(b, bits[i]!));
  return b.build();
}

function listBits(lists: Array<{ category: string; file: string }>, snapshot: Categories): number[] {
  return lists.map((l) => {
    const cat = snapshot.categories.find((c) => c.code === l.category);
    if (!cat) throw new Error(`unknown category '${l.category}' (${snapshot.categories.map((c) => c.code).join(', ')})`);
    return cat.bit;
  });
}

/** Bump when the parser or the table format changes: compiled --list caches are rebuilt. */
const LIST_CACHE_VERSION = 3;

/**
 * 16 hex digits naming a cache file (64-bit FNV-1a of the text). Not a secret and not an integrity
 * check — the operator's own paths, sizes and times — so no cryptographic hash: node:crypto would
 * initialise OpenSSL, 1.3 MB of the filter's memory budget, for two hashes at start-up.
 */
function cacheKey(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

/**
 * `--list` files compiled once into `<data>/filter/list-cache/<which>-<version>.bin`, keyed by
 * each file's path, size and modification time and its category's bit. A restart with the same
 * files reads the compiled table (one read into one ArrayBuffer, ~13 MB for 1M names) instead of
 * parsing 1M lines again: faster, and no parse-time memory peak left in the process.
 */
export function listCacheFile(dataDir: string, lists: Array<{ category: string; file: string }>, snapshot: Categories): { file: string; stem: string } {
  const bits = listBits(lists, snapshot);
  const which = cacheKey(JSON.stringify(lists.map((l, i) => [path.resolve(l.file), bits[i]])));
  const version = cacheKey(
    JSON.stringify([
      LIST_CACHE_VERSION,
      lists.map((l) => {
        const st = statSync(l.file);
        return [st.size, st.mtimeMs];
      }),
    ]),
  );
  return { file: path.join(filterDir(dataDir), 'list-cache', `${which}-${version}.bin`), stem: which };
}

export function loadListsCached(
  dataDir: string,
  lists: Array<{ category: string; file: string }>,
  snapshot: Categories,
  /** compile in a child process (`lachan filter compile`), so this process never holds the parse-time peak */
  compileInChild?: () => void,
): DomainTable | null {
  if (lists.length === 0) return null;
  const { file, stem } = listCacheFile(dataDir, lists, snapshot);
  try {
    return readTableFile(file);
  } catch {
    // missing or damaged: compile below
  }
  if (compileInChild) {
    try {
      compileInChild();
      return readTableFile(file);
    } catch {
      // the child failed (or the data dir is read-only): compile here
    }
  }
  const table = loadListFiles(lists, snapshot)!;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, table.serialize());
    renameSync(tmp, file);
    // older compilations of the same files
    for (const f of readdirSync(path.dirname(file)))
      if (f.startsWith(`${stem}-`) && path.join(path.dirname(file), f) !== file && f.endsWith('.bin'))
        rmSync(path.join(path.dirname(file), f), { force: true });
  } catch {
    // a read-only data dir: serve anyway, compile again next time
  }
  return table;
}

interface Running {
  engine: FilterEngine;
  server: DnsServer;
  /** DoH/DoT, when LACHAN_DOH_ADDR / LACHAN_DOT_ADDR is set */
  encrypted: EncryptedListeners | null;
  metricsUrl: string | null;
  close(): Promise<void>;
}

/** One DNS-serving process: engine + listeners + reloads + spooled statistics. */
export async function serve(
  cfg: Config,
  opts: { lists: Array<{ category: string; file: string }>; shared: boolean; metrics: boolean; onSpool?: () => void; compileInChild?: () => void },
): Promise<Running> {
  const loaded = loadSnapshot(cfg.dataDir);
  if (!loaded) throw new Error(`${snapshotFile(cfg.dataDir)} missing`);
  const ov: Partial<Snapshot['settings']> = {};
  const f = cfg.filter;
  if (f.upstreams?.length) ov.upstreams = f.upstreams;
  if (f.blockpageIpv4) ov.blockpageIpv4 = f.blockpageIpv4;
  if (f.blockpageIpv6) ov.blockpageIpv6 = f.blockpageIpv6;
  if (f.rateLimitQps !== null && f.rateLimitQps !== undefined) ov.rateLimitQps = f.rateLimitQps;
  const withOv = (s: Snapshot): Snapshot => ({ ...s, settings: { ...s.settings, ...ov } });
  const snap0 = withOv(loaded.snapshot);
  const extra = loadListsCached(cfg.dataDir, opts.lists, snap0, opts.compileInChild);
  const extraTables = extra ? [extra] : [];
  const engine = new FilterEngine(snap0, [...loaded.tables, ...extraTables]);
  const server = await startDnsServer(() => engine, { host: cfg.dns.host, port: cfg.dns.port, exclusive: !opts.shared, udp: cfg.filter.udp });
  // loaded only when configured: TLS and HTTP/2 (and OpenSSL) stay out of a filter that does not use them
  const encrypted = cfg.filter.encrypted
    ? await (await import('./engine/encrypted-listeners.js')).startEncryptedListeners(engine, {
        ...cfg.filter.encrypted,
        dataDir: cfg.dataDir,
        shared: opts.shared,
        log: (l) => process.stderr.write(`${l}\n`),
      })
    : null;

  let metricsServer: http.Server | null = null;
  let metricsUrl: string | null = null;
  const m = cfg.filter.metrics ?? { host: '127.0.0.1', port: 9153 };
  if (opts.metrics && m) {
    metricsServer = http.createServer((req, res) => {
      if (req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      const mem = process.memoryUsage();
      const udp = server.udp.stats();
      res.end(
        engine.metrics.render({
          // recvmmsg transport: datagrams / batches = datagrams read per system call; dropped = answers the full send buffer refused
          ...(udp ? { lachan_dns_udp_batches: udp.batches, lachan_dns_udp_datagrams: udp.messages, lachan_dns_udp_send_dropped: udp.dropped } : {}),
          lachan_dns_cache_entries: engine.cache.size,
          lachan_process_resident_memory_bytes: mem.rss,
          // where the memory is: the V8 heap, and buffers outside it (the domain tables are array buffers)
          lachan_process_heap_total_bytes: mem.heapTotal,
          lachan_process_heap_used_bytes: mem.heapUsed,
          lachan_process_array_buffers_bytes: mem.arrayBuffers,
        }),
      );
    });
    await new Promise<void>((r) => metricsServer!.listen({ port: m.port, host: m.host, exclusive: true }, () => r()));
    metricsUrl = `http://${m.host}:${(metricsServer.address() as { port: number }).port}/metrics`;
  }

  // Background jobs of this process (shared/jobs.ts, no prom-client: this process keeps its imports
  // small): a failure streak is one line on stderr when it begins and one when it ends.
  const jobs = new JobRunner(stderrJobLog);
  let lastMtime = loaded.mtimeMs;
  jobs.add({
    name: 'filter.snapshot-watch',
    everyMs: 2000,
    atStart: false,
    // a half-written or unreadable snapshot fails this run; the engine keeps serving the current one
    run: async () => {
      const mt = statSync(snapshotFile(cfg.dataDir)).mtimeMs;
      if (mt === lastMtime) return;
      const next = loadSnapshot(cfg.dataDir);
      if (!next) throw new Error(`snapshot unreadable: ${snapshotFile(cfg.dataDir)}`);
      lastMtime = mt;
      engine.reload(withOv(next.snapshot), [...next.tables, ...extraTables]);
    },
  });
  // a full disk fails this run: the minute's counters are lost, serving goes on
  const spoolJob = jobs.add({
    name: 'filter.dns-stats-spool',
    everyMs: 60_000,
    atStart: false,
    run: async () => {
      if (spoolStats(cfg.dataDir, engine.drainStats())) opts.onSpool?.();
    },
  });
  jobs.start();
  return {
    engine,
    server,
    encrypted,
    metricsUrl,
    async close() {
      await spoolJob.remove({ finalRun: true });
      await jobs.stop();
      await encrypted?.close();
      await server.close();
      engine.close();
      if (metricsServer) await new Promise<void>((r) => metricsServer!.close(() => r()));
    },
  };
}

/** At most one `lachan filter flush-stats` child at a time, only when something is spooled. */
/**
 * Moves the spooled statistics into the database, in a child (`lachan filter flush-stats`): the
 * database driver never loads in a serving process. Resolves when the child succeeded; a child that
 * fails (database away) rejects, so the job runner logs and counts it — the spool stays on disk for
 * the next run.
 */
function flusher(cfg: Config, configFile: string | undefined): () => Promise<void> {
  return () =>
    new Promise<void>((resolve, reject) => {
      if (!spoolPending(cfg.dataDir)) return resolve();
      const [cmd, args] = selfCommand(configFile, ['filter', 'flush-stats']);
      const child = spawn(cmd, args, { stdio: 'ignore', env: process.env });
      child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`lachan filter flush-stats: ${code ?? signal}`))));
      child.on('error', reject);
      child.unref();
    });
}

interface WorkerReady {
  type: 'lachan-ready';
  domains: number;
  rssMB: number;
  address: string;
  udp: string;
  metricsUrl: string | null;
}

export async function runStandalone(cfg: Config, opts: StandaloneOptions, configFile: string | undefined, say: Say): Promise<void> {
  const started = Date.now();
  const lists = parseListOptions(opts.list);
  const workers = parseWorkers(opts.workers ?? process.env.LACHAN_DNS_WORKERS);

  if (cluster.isWorker) {
    // a worker: serve, report, stop on the primary's word
    const r = await serve(cfg, { lists, shared: true, metrics: cluster.worker!.id === 1 });
    const msg: WorkerReady = {
      type: 'lachan-ready',
      domains: r.engine.metrics.domains,
      rssMB: rssMB(),
      address: `${r.server.address.host}:${r.server.address.port}`,
      udp: r.server.udp.kind,
      metricsUrl: r.metricsUrl,
    };
    process.send!(msg);
    process.on('SIGTERM', () => void r.close().then(() => process.exit(0)));
    process.on('SIGINT', () => {}); // the primary decides
    return;
  }

  // --list files not compiled yet: a child compiles them (the parse-time memory peak dies with it)
  const compileArgs = ['filter', 'compile', ...(opts.list ?? [])];
  const compileInChild = () => {
    const [cmd, args] = selfCommand(configFile, compileArgs);
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
    if (r.status !== 0) throw new Error('lachan filter compile failed');
  };
  const compiled = (c: Categories): boolean => {
    try {
      return statSync(listCacheFile(cfg.dataDir, lists, c).file).isFile();
    } catch {
      return false;
    }
  };
  // First start (no snapshot yet) with lists of built-in categories: compile them while the
  // snapshot child sets up the database — the two children run on two cores at once.
  let compiling: Promise<void> | null = null;
  const builtinOnly = lists.every((l) => BUILTIN_CATEGORIES.some((c) => c.code === l.category));
  if (lists.length && builtinOnly && !readSnapshotJson(cfg.dataDir) && !compiled({ categories: BUILTIN_CATEGORIES })) {
    const [cmd, args] = selfCommand(configFile, compileArgs);
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
    // a failure is not fatal here: serve() compiles again (in a child, then in-process)
    compiling = new Promise<void>((resolve) => {
      child.on('exit', () => resolve());
      child.on('error', () => resolve());
    });
  }
  ensureSnapshot(cfg, configFile, say);
  if (compiling) await compiling;
  if (lists.length) {
    const loaded = readSnapshotJson(cfg.dataDir);
    if (loaded && !compiled(loaded.snapshot)) compileInChild();
  }
  // not at start: the first minute belongs to loading and answering
  const flushJobs = new JobRunner(stderrJobLog);
  const flushJob = flushJobs.add({ name: 'filter.stats-flush', everyMs: 60_000, atStart: false, run: flusher(cfg, configFile) });
  flushJobs.start();
  // runNow never rejects: a failed flush is logged and counted by the runner
  const flush = () => void flushJob.runNow();

  if (workers <= 1) {
    const r = await serve(cfg, { lists, shared: false, metrics: true, onSpool: flush, compileInChild });
    const snap = r.engine.snapshot;
    const a = r.server.address;
    const e = r.encrypted;
    const tlsNote = e ? `${e.doh ? ` · DoH ${e.doh.host}:${e.doh.port}` : ''}${e.dot ? ` · DoT ${e.dot.host}:${e.dot.port}` : ''}` : '';
    process.stdout.write(
      `${say('Bộ lọc DNS sẵn sàng sau', 'DNS filter ready in')} ${Date.now() - started} ms — ${a.host}:${a.port} (UDP+TCP)${tlsNote} · ${r.engine.metrics.domains} ${say('tên miền', 'domains')} · ${snap.networks.length} ${say('dải mạng', 'networks')} · UDP ${r.server.udp.kind} · upstream ${snap.settings.upstreams.join(',')} · ${r.metricsUrl ?? ''} · RSS ${rssMB()} MB\n`,
    );
    const stop = (signal: string) => {
      process.stdout.write(`${say('Đang dừng', 'Stopping')} (${signal})…\n`);
      r.close().then(
        () => {
          flush();
          process.exit(0);
        },
        () => process.exit(1),
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    return;
  }

  // the primary: no tables, no engine; forks the workers, restarts one that dies
  cluster.setupPrimary({ args: process.argv.slice(2), silent: false });
  let stopping = false;
  const ready = new Map<number, WorkerReady>();
  const fork = () => {
    const w = cluster.fork({ LACHAN_DNS_WORKERS: String(workers) });
    w.on('message', (m: WorkerReady) => {
      if (m?.type !== 'lachan-ready') return;
      ready.set(w.id, m);
      if (ready.size === workers) {
        const all = [...ready.values()];
        const total = rssMB() + all.reduce((n, x) => n + x.rssMB, 0);
        process.stdout.write(
          `${say('Bộ lọc DNS sẵn sàng sau', 'DNS filter ready in')} ${Date.now() - started} ms — ${all[0]!.address} (UDP+TCP) · ${workers} workers · UDP ${all[0]!.udp} · ${all[0]!.domains} ${say('tên miền', 'domains')} · ${all.find((x) => x.metricsUrl)?.metricsUrl ?? ''} · RSS ${say('tiến trình chính', 'primary')} ${rssMB()} MB + workers ${all.map((x) => x.rssMB).join(' + ')} MB = ${total} MB\n`,
        );
      }
    });
  };
  cluster.on('exit', (w, code, signal) => {
    ready.delete(w.id);
    if (stopping) return;
    process.stderr.write(`worker ${w.process.pid} ${say('dừng', 'exited')} (${code ?? signal}); ${say('khởi động lại', 'restarting')}\n`);
    setTimeout(fork, 500).unref();
  });
  for (let i = 0; i < workers; i++) fork();
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${say('Đang dừng', 'Stopping')} (${signal})…\n`);
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    const done = () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        flush();
        process.exit(0);
      }
    };
    cluster.on('exit', done);
    setTimeout(() => process.exit(0), 5000).unref();
    done();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
