// DNS filter benchmark (issue 3): lachan filter side by side with dnsmasq, Unbound (1 and 2
// threads) and a bare Node.js UDP echo, in one run, with dnsperf, on the same 1,000,000-domain
// block list, the same loopback upstream and the same query mix (70 % allowed and cached,
// 30 % blocked). Phase 1, each server alone, --runs times: time from start to the first correct
// answers, RSS once loaded. Phase 2, all servers resident: warm-up, a correctness spot check, then
// --rounds rounds in which each server gets a --slice-second dnsperf run in turn (ratios per round).
//   npx tsx bench/dns/run.ts [--runs 3] [--rounds 6] [--slice 8] [--only dnsmasq,lachan,…] [--domains 1000000]
//                            [--lachan-args "--list adult={list}"] [--no-chart]
// Needs: bash bench/setup.sh (dnsperf, dnsmasq-base, unbound); lachan is included when
// `node bin/lachan.js filter --help` works (npm run build first).
import type { ChildProcess } from 'node:child_process';
import { execFile, execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  args,
  fmt,
  fmtK,
  fmtX,
  launch,
  log,
  median,
  memoryOf,
  outputOf,
  ROOT,
  ratio,
  sleep,
  stop,
  svgBarChart,
  table,
  which,
  writeResult,
} from '../lib/common.js';
import { compileScript } from '../lib/compile.js';
import { type DnsData, ensureData } from './gen.js';
import { type Answer, query, RCODE, TYPE } from './wire.js';

const a = args();
const RUNS = Number(a.get('runs') ?? 3);
const ROUNDS = Number(a.get('rounds') ?? 6);
const SLICE = Number(a.get('slice') ?? 8);
const CLIENTS = Number(a.get('clients') ?? 4);
const OUTSTANDING = Number(a.get('outstanding') ?? 200);
const MAX_QPS = Number(a.get('max-qps') ?? 500_000);
const DOMAINS = Number(a.get('domains') ?? 1_000_000);
const ONLY = a.get('only')?.split(',') ?? null;
// ports: the upstream, then one per server; moved up by 20 while any of them is taken (another run)
let UPSTREAM_PORT = Number(a.get('upstream-port') ?? 5390);
let BASE_PORT = UPSTREAM_PORT + 1;
const HERE = path.join(ROOT, 'bench', 'dns');

interface Launch {
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

interface Server {
  id: string;
  label: string;
  /** 'filter': blocked probe must be blocked and allowed probe resolved; 'any': any answer */
  kind: 'filter' | 'any';
  /** warm the cache before measuring */
  warm: boolean;
  /** measured in the load phase only (start-up and memory), after one unmeasured start */
  restartOnly?: boolean;
  prepare(port: number, work: string): Launch;
}

function fill(tmpl: string, vars: Record<string, string | number>): string {
  return tmpl.replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    if (!(k in vars)) throw new Error(`template variable ${k} missing`);
    return String(vars[k]);
  });
}

function servers(data: DnsData): Server[] {
  const dnsmasqT = readFileSync(path.join(HERE, 'conf', 'dnsmasq.conf.tmpl'), 'utf8');
  const unboundT = readFileSync(path.join(HERE, 'conf', 'unbound.conf.tmpl'), 'utf8');
  const list: Server[] = [
    {
      id: 'dnsmasq',
      label: 'dnsmasq (address=/…/)',
      kind: 'filter',
      warm: true,
      prepare(port, work) {
        const conf = path.join(work, 'dnsmasq.conf');
        writeFileSync(conf, fill(dnsmasqT, { PORT: port, UPSTREAM_PORT, BLOCK_CONF: data.dnsmasqConf }));
        return { cmd: 'dnsmasq', args: ['-k', `--conf-file=${conf}`] };
      },
    },
    {
      // For comparison only: the 1M names as a hosts file. One hash look-up in dnsmasq's cache, but
      // exact names only: a subdomain of a listed name is forwarded (the spot check counts it wrong).
      id: 'dnsmasq-hosts',
      label: 'dnsmasq (addn-hosts, exact)',
      kind: 'filter',
      warm: true,
      prepare(port, work) {
        const conf = path.join(work, 'dnsmasq-hosts.conf');
        const base = fill(dnsmasqT, { PORT: port, UPSTREAM_PORT, BLOCK_CONF: '/dev/null' }).replace(/^conf-file=.*$/m, `addn-hosts=${data.dnsmasqHosts}`);
        writeFileSync(conf, base);
        return { cmd: 'dnsmasq', args: ['-k', `--conf-file=${conf}`] };
      },
    },
    ...[1, 2].map(
      (threads): Server => ({
        id: `unbound-${threads}t`,
        label: `Unbound (${threads} thread${threads > 1 ? 's' : ''})`,
        kind: 'filter',
        warm: true,
        prepare(port, work) {
          const conf = path.join(work, `unbound-${threads}.conf`);
          writeFileSync(conf, fill(unboundT, { PORT: port, UPSTREAM_PORT, BLOCK_CONF: data.unboundConf, THREADS: threads, DIR: work }));
          return { cmd: 'unbound', args: ['-d', '-c', conf] };
        },
      }),
    ),
    {
      id: 'echo',
      label: 'Node.js UDP echo (ceiling)',
      kind: 'any',
      warm: false,
      // bundled to plain JavaScript first, so no TypeScript loader (nor its esbuild child) runs beside it
      prepare: (port) => ({ cmd: process.execPath, args: [compileScript(path.join(HERE, 'echo.ts')), String(port)] }),
    },
  ];
  list.push(...lachanServers(data));
  return list;
}

/** lachan is measured when its filter command exists (the filter lands separately). */
function lachanServers(data: DnsData): Server[] {
  if (a.has('no-lachan')) return [];
  let help = '';
  try {
    help = execFileSync(process.execPath, ['bin/lachan.js', 'filter', '--help'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, LACHAN_LANG: 'en' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch {
    help = '';
  }
  // an unknown command with --help prints the top-level help (exit 0): look for the filter's own usage line
  if (!/Usage: lachan filter/.test(help)) {
    log('lachan: `node bin/lachan.js filter` does not exist yet (or npm run build is needed); skipping it');
    return [];
  }
  // How the 1M list is handed over: --lachan-args wins; otherwise the documented --list flag.
  const template = a.get('lachan-args') ?? (/--list\b/.test(help) ? '--list adult={list}' : null);
  if (!template) {
    log('lachan: filter --help shows no --list option; pass --lachan-args "…{list}…"; skipping it');
    return [];
  }
  const extraEnv: NodeJS.ProcessEnv = {};
  for (const kv of (a.get('lachan-env') ?? '').split(',').filter(Boolean)) {
    const [k, v] = kv.split('=', 2) as [string, string];
    extraEnv[k] = v;
  }
  const lachan = (id: string, label: string, dataDirOf: (work: string) => string, restartOnly: boolean, extraArgs: string[] = []): Server => ({
    id,
    label,
    kind: 'filter',
    warm: true,
    restartOnly,
    prepare(port, work) {
      const dataDir = dataDirOf(work);
      mkdirSync(dataDir, { recursive: true });
      return {
        cmd: process.execPath,
        args: ['bin/lachan.js', 'filter', ...template.replaceAll('{list}', data.blocklist).split(/\s+/).filter(Boolean), ...extraArgs],
        env: {
          ...process.env,
          LACHAN_DATA_DIR: dataDir,
          LACHAN_DNS_ADDR: `127.0.0.1:${port}`,
          LACHAN_DNS_UPSTREAMS: `127.0.0.1:${UPSTREAM_PORT}`,
          LACHAN_HTTP_ADDR: '127.0.0.1:0',
          LACHAN_LOG_LEVEL: 'warn',
          LACHAN_LANG: 'en',
          // the per-client query limit (default 1000 q/s) would cap one load generator on loopback
          LACHAN_DNS_RATE_LIMIT: '0',
          LACHAN_DNS_METRICS_ADDR: '127.0.0.1:0',
          ...extraEnv,
        },
      };
    },
  });
  // a fresh data dir at every start (migrations, seed, list compiled), and a restart on a data dir
  // that already holds the compiled list
  const persistent = mkdtempSync(path.join(os.tmpdir(), 'lachan-bench-restart-'));
  process.on('exit', () => rmSync(persistent, { recursive: true, force: true }));
  return [
    lachan('lachan', 'lachan filter', (work) => path.join(work, 'lachan-data'), false),
    lachan('lachan-restart', 'lachan filter (restart)', () => persistent, true),
    // node:cluster workers sharing the UDP port, when the filter offers them
    ...(/--workers\b/.test(help)
      ? [lachan('lachan-2w', 'lachan filter (2 workers)', (work) => path.join(work, 'lachan-data'), false, ['--workers', '2'])]
      : []),
  ];
}

const fromUpstream = (x: Answer | null) =>
  x !== null && x.rcode === RCODE.NOERROR && x.address !== null && (x.address.startsWith('198.51.100.') || x.address.startsWith('2001:db8:'));
const isBlocked = (x: Answer | null) => x !== null && (x.rcode === RCODE.NXDOMAIN || (x.rcode === RCODE.NOERROR && !fromUpstream(x)));

/** Polls until the server answers correctly: the last listed domain blocked and an allowed name resolved. */
async function waitReady(
  child: ChildProcess,
  port: number,
  data: DnsData,
  kind: Server['kind'],
  t0: number,
  timeoutS = 180,
): Promise<{ readyS: number; blockedAnswer: string }> {
  while (performance.now() - t0 < timeoutS * 1000) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`exited (${child.exitCode ?? child.signalCode}) before answering:\n${outputOf(child).slice(-2000)}`);
    if (kind === 'any') {
      if (await query(port, data.manifest.probes.allowed, TYPE.A, 200)) return { readyS: (performance.now() - t0) / 1000, blockedAnswer: 'n/a' };
    } else {
      const b = await query(port, data.manifest.probes.blocked, TYPE.A, 300);
      if (isBlocked(b) && fromUpstream(await query(port, data.manifest.probes.allowed, TYPE.A, 1000))) {
        const readyS = (performance.now() - t0) / 1000;
        return { readyS, blockedAnswer: b?.rcode === RCODE.NXDOMAIN ? 'NXDOMAIN' : `NOERROR ${b?.address ?? '(no data)'}` };
      }
    }
    await sleep(20);
  }
  throw new Error(`not ready after ${timeoutS} s`);
}

interface Perf {
  qps: number;
  sent: number;
  completed: number;
  lost: number;
  rcodes: Record<string, number>;
  avgLatencyMs: number;
}

function dnsperf(port: number, file: string, opts: { seconds?: number; once?: boolean; outstanding?: number }): Promise<Perf> {
  const argv = ['-s', '127.0.0.1', '-p', String(port), '-d', file, '-c', String(CLIENTS), '-q', String(opts.outstanding ?? OUTSTANDING), '-t', '2'];
  if (opts.once) argv.push('-n', '1');
  else argv.push('-l', String(opts.seconds ?? SLICE), '-Q', String(MAX_QPS));
  return new Promise((resolve, reject) => {
    execFile('dnsperf', argv, { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      const out = `${stdout}${stderr}`;
      const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? Number.NaN);
      const qps = num(/Queries per second:\s+([\d.]+)/);
      if (err && !Number.isFinite(qps)) return reject(new Error(`dnsperf failed: ${out.slice(-1000)}`));
      const rcodes: Record<string, number> = {};
      for (const m of (/Response codes:\s+(.*)/.exec(out)?.[1] ?? '').matchAll(/([A-Z]+) (\d+)/g)) rcodes[m[1] as string] = Number(m[2]);
      resolve({
        qps,
        sent: num(/Queries sent:\s+(\d+)/),
        completed: num(/Queries completed:\s+(\d+)/),
        lost: num(/Queries lost:\s+(\d+)/),
        rcodes,
        avgLatencyMs: num(/Average Latency \(s\):\s+([\d.]+)/) * 1000,
      });
    });
  });
}

/** Asks the first 400 names of the query file one by one: blocked names must be blocked, allowed ones resolved. */
async function spotCheck(port: number, data: DnsData): Promise<{ checked: number; wrong: number; examples: string[] }> {
  const allowed = new Set(readFileSync(data.allowed, 'utf8').split('\n'));
  const lines = readFileSync(data.queries, 'utf8').split('\n').slice(0, 400).filter(Boolean);
  let wrong = 0;
  const examples: string[] = [];
  for (const line of lines) {
    const [name, type] = line.split(' ') as [string, 'A' | 'AAAA'];
    const ans = await query(port, name, TYPE[type], 1000);
    const ok = allowed.has(name) ? fromUpstream(ans) : isBlocked(ans);
    if (!ok) {
      wrong++;
      if (examples.length < 5)
        examples.push(
          `${name} ${type}: ${ans ? `rcode ${ans.rcode} ${ans.address ?? ''}` : 'timeout'} (expected ${allowed.has(name) ? 'resolved' : 'blocked'})`,
        );
    }
  }
  return { checked: lines.length, wrong, examples };
}

interface LoadSample {
  run: number;
  server: string;
  readyS: number;
  blockedAnswer: string;
  rssMB: number;
  pssMB: number;
  processes: number;
  error?: string;
}

interface Running {
  s: Server;
  port: number;
  child: ChildProcess;
  work: string;
}

async function startServer(s: Server, port: number, data: DnsData): Promise<Running & { readyS: number; blockedAnswer: string }> {
  const work = mkdtempSync(path.join(os.tmpdir(), `lachan-bench-${s.id}-`));
  const l = s.prepare(port, work);
  const t0 = performance.now();
  const child = launch(l.cmd, l.args, { ...(l.env ? { env: l.env } : {}), logFile: path.join(work, 'server.log') });
  try {
    const r = await waitReady(child, port, data, s.kind, t0);
    return { s, port, child, work, ...r };
  } catch (e) {
    await stopServer({ s, port, child, work });
    throw e;
  }
}

async function stopServer(r: Running): Promise<void> {
  await stop(r.child, 5000);
  rmSync(r.work, { recursive: true, force: true });
}

/** Phase 1, each server alone: start → first correct answers (ready), then RSS once loaded. */
async function loadPhase(all: Server[], data: DnsData): Promise<LoadSample[]> {
  const out: LoadSample[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const order = all.map((_, i) => all[(i + run - 1) % all.length] as Server);
    for (const s of order) {
      try {
        if (s.restartOnly && run === 1) await stopServer(await startServer(s, BASE_PORT + all.indexOf(s), data));
        const r = await startServer(s, BASE_PORT + all.indexOf(s), data);
        await sleep(1000);
        const mem = memoryOf(r.child.pid as number);
        await stopServer(r);
        out.push({ run, server: s.id, readyS: r.readyS, blockedAnswer: r.blockedAnswer, rssMB: mem.rssMB, pssMB: mem.pssMB, processes: mem.processes });
        log(
          `load ${run}/${RUNS} · ${s.label}: ready in ${r.readyS.toFixed(2)} s, RSS ${fmt(mem.rssMB, 0)} MB${mem.processes > 1 ? ` in ${mem.processes} processes` : ''}`,
        );
      } catch (e) {
        log(`load ${run}/${RUNS} · ${s.label}: FAILED ${(e as Error).message.split('\n')[0]}`);
        out.push({
          run,
          server: s.id,
          readyS: Number.NaN,
          blockedAnswer: '',
          rssMB: Number.NaN,
          pssMB: Number.NaN,
          processes: 0,
          error: (e as Error).message.slice(0, 2000),
        });
      }
    }
  }
  return out;
}

interface Slice {
  round: number;
  server: string;
  perf: Perf;
}

/**
 * Phase 2: every server started, warmed and spot-checked, then ROUNDS rounds in which each server
 * in turn gets a SLICE-second dnsperf run (order rotated each round). Servers compared within one
 * round were measured seconds apart, under the same background load; the ratios are per round.
 */
async function throughputPhase(all: Server[], data: DnsData) {
  const running: Running[] = [];
  const spots: Record<string, Awaited<ReturnType<typeof spotCheck>> | null> = {};
  const warmups: Record<string, Perf | null> = {};
  const slices: Slice[] = [];
  const rssAfter: Record<string, number> = {};
  try {
    for (const s of all.filter((x) => !x.restartOnly)) {
      try {
        const r = await startServer(s, BASE_PORT + all.indexOf(s), data);
        running.push(r);
        warmups[s.id] = null;
        if (s.warm) {
          // twice: a name whose first forward was dropped gets cached on the second pass
          await dnsperf(r.port, data.warmup, { once: true, outstanding: 50 });
          warmups[s.id] = await dnsperf(r.port, data.warmup, { once: true, outstanding: 50 });
        }
        spots[s.id] = s.kind === 'filter' ? await spotCheck(r.port, data) : null;
        const sp = spots[s.id];
        log(`started ${s.label}${sp ? `: spot check ${sp.checked - sp.wrong}/${sp.checked} right${sp.wrong ? `, e.g. wrong: ${sp.examples[0]}` : ''}` : ''}`);
      } catch (e) {
        log(`${s.label}: FAILED to start: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    for (let round = 1; round <= ROUNDS; round++) {
      const order = running.map((_, i) => running[(i + round - 1) % running.length] as Running);
      const line: string[] = [];
      for (const r of order) {
        if (r.child.exitCode !== null || r.child.signalCode !== null) continue;
        const perf = await dnsperf(r.port, data.queries, { seconds: SLICE });
        slices.push({ round, server: r.s.id, perf });
        line.push(`${r.s.id} ${fmtK(perf.qps)}`);
      }
      log(`round ${round}/${ROUNDS}: ${line.join(' · ')}`);
    }
    for (const r of running) rssAfter[r.s.id] = memoryOf(r.child.pid as number).rssMB;
  } finally {
    for (const r of running) await stopServer(r);
  }
  return { slices, spots, warmups, rssAfter };
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const u = dgram.createSocket('udp4');
    u.once('error', () => resolve(false));
    u.bind(port, '127.0.0.1', () => {
      const t = net.createServer();
      t.once('error', () => u.close(() => resolve(false)));
      t.listen(port, '127.0.0.1', () => t.close(() => u.close(() => resolve(true))));
    });
  });
}

async function pickPorts(count: number): Promise<void> {
  for (let tries = 0; tries < 50; tries++, UPSTREAM_PORT += 20) {
    let ok = true;
    for (let p = UPSTREAM_PORT; p <= UPSTREAM_PORT + count && ok; p++) ok = await portFree(p);
    if (ok) {
      BASE_PORT = UPSTREAM_PORT + 1;
      return;
    }
  }
  throw new Error('no free block of loopback ports');
}

async function main() {
  for (const tool of ['dnsperf', 'dnsmasq', 'unbound']) if (!which(tool)) throw new Error(`${tool} missing: run bash bench/setup.sh`);
  const data = ensureData({ domains: DOMAINS });
  let all = servers(data);
  if (ONLY) all = all.filter((s) => ONLY.includes(s.id));
  await pickPorts(all.length);
  log(
    `servers: ${all.map((s) => s.id).join(', ')}; load phase ${RUNS} runs; throughput ${ROUNDS} rounds × ${SLICE} s; list ${data.manifest.domains.toLocaleString('en-US')} domains`,
  );

  const upstream = launch(process.execPath, [compileScript(path.join(HERE, 'upstream.ts')), String(UPSTREAM_PORT)]);
  const up0 = performance.now();
  while (!(await query(UPSTREAM_PORT, data.manifest.probes.allowed, TYPE.A, 200))) {
    if (performance.now() - up0 > 30_000 || upstream.exitCode !== null) throw new Error(`upstream did not start: ${outputOf(upstream)}`);
    await sleep(50);
  }
  log(`upstream (Node UDP responder) on 127.0.0.1:${UPSTREAM_PORT}`);

  let upstreamDirect: Perf | null = null;
  let loads: LoadSample[] = [];
  let tp: Awaited<ReturnType<typeof throughputPhase>>;
  try {
    // The upstream's own throughput, uncached, for the record: the resolvers only hit it during warm-up.
    upstreamDirect = await dnsperf(UPSTREAM_PORT, data.queries, { seconds: SLICE });
    log(`upstream direct (no cache, every query answered by the responder): ${fmtK(upstreamDirect.qps)} q/s`);
    loads = await loadPhase(all, data);
    tp = await throughputPhase(all, data);
  } finally {
    await stop(upstream);
  }

  const rounds = [...Array(ROUNDS).keys()].map((i) => i + 1);
  const qpsOf = (id: string, round: number) => tp.slices.find((x) => x.server === id && x.round === round)?.perf.qps ?? Number.NaN;
  const summary = all.map((s) => {
    const mine = tp.slices.filter((x) => x.server === s.id);
    const ld = loads.filter((x) => x.server === s.id && !x.error);
    const spot = tp.spots[s.id];
    return {
      server: s.id,
      label: s.label,
      qpsMedian: median(mine.map((x) => x.perf.qps)),
      qpsMin: Math.min(...mine.map((x) => x.perf.qps)),
      qpsMax: Math.max(...mine.map((x) => x.perf.qps)),
      vsDnsmasq: median(rounds.map((r) => ratio(qpsOf(s.id, r), qpsOf('dnsmasq', r)))),
      vsUnbound1: median(rounds.map((r) => ratio(qpsOf(s.id, r), qpsOf('unbound-1t', r)))),
      vsEcho: median(rounds.map((r) => ratio(qpsOf(s.id, r), qpsOf('echo', r)))),
      rssMB: median(ld.map((x) => x.rssMB)),
      pssMB: median(ld.map((x) => x.pssMB)),
      rssAfterRunMB: tp.rssAfter[s.id] ?? Number.NaN,
      processes: Math.max(0, ...ld.map((x) => x.processes)),
      readyS: median(ld.map((x) => x.readyS)),
      readyRuns: ld.map((x) => Math.round(x.readyS * 100) / 100),
      lostPct: median(mine.map((x) => (100 * x.perf.lost) / Math.max(1, x.perf.sent))),
      nxdomainPct: median(mine.map((x) => (100 * (x.perf.rcodes.NXDOMAIN ?? 0)) / Math.max(1, x.perf.completed))),
      avgLatencyMs: median(mine.map((x) => x.perf.avgLatencyMs)),
      spotCheck: spot ? { checked: spot.checked, wrong: spot.wrong, examples: spot.examples } : null,
      blockedAnswer: ld.find((x) => x.blockedAnswer)?.blockedAnswer ?? '',
      errors: loads.filter((x) => x.server === s.id && x.error).map((x) => x.error?.split('\n')[0]),
    };
  });

  const header = ['server', 'q/s (median)', 'min–max', '× dnsmasq', '× Unbound 1t', '× echo', 'RSS MB', 'ready s', 'lost %', 'blocked answer', 'wrong'];
  const rows = summary.map((x) => [
    x.label,
    fmtK(x.qpsMedian),
    `${fmtK(x.qpsMin)}–${fmtK(x.qpsMax)}`,
    fmtX(x.vsDnsmasq),
    fmtX(x.vsUnbound1),
    fmtX(x.vsEcho),
    `${fmt(x.rssMB, 0)}${x.processes > 1 ? ` (${x.processes} proc)` : ''}`,
    x.server === 'echo' ? '—' : fmt(x.readyS, 2),
    fmt(x.lostPct, 2),
    x.server === 'echo' ? '—' : x.blockedAnswer,
    x.spotCheck ? `${x.spotCheck.wrong}/${x.spotCheck.checked}` : '—',
  ]);
  const tableText = table(header, rows);
  const cmd = `npx tsx bench/dns/run.ts${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
  process.stdout.write(
    `\nDNS filter, ${data.manifest.domains.toLocaleString('en-US')} listed domains; ready/RSS: median of ${RUNS} starts; q/s: median of ${ROUNDS} interleaved ${SLICE}-s dnsperf runs (-c ${CLIENTS} -q ${OUTSTANDING})\n`,
  );
  process.stdout.write(`upstream direct (uncached): ${fmtK(upstreamDirect?.qps ?? Number.NaN)} q/s\n\n${tableText}\n`);
  for (const x of summary) if (x.errors.length) process.stdout.write(`${x.label}: ${x.errors.length} failed start(s): ${x.errors[0]}\n`);
  const file = writeResult('dns', {
    command: cmd,
    settings: {
      loadRuns: RUNS,
      rounds: ROUNDS,
      sliceS: SLICE,
      clients: CLIENTS,
      outstanding: OUTSTANDING,
      maxQps: MAX_QPS,
      upstream: 'bench/dns/upstream.ts (Node UDP responder)',
    },
    data: data.manifest,
    upstreamDirect,
    summary,
    loads,
    slices: tp.slices,
    warmups: tp.warmups,
    versions: versions(),
  });
  writeFileSync(path.join(ROOT, 'bench', 'results', 'dns.md'), `${tableText}\n`);
  if (!a.has('no-chart')) writeChart(summary);
  process.stdout.write(`\nresults: ${file}${a.has('no-chart') ? '' : ', chart: docs/perf/dns-throughput.svg'}\n`);
}

/** docs/perf/dns-throughput.svg from a summary (also: --chart-only redraws it from bench/results/dns.json). */
function writeChart(summary: { server: string; label: string; qpsMedian: number; vsDnsmasq: number }[], date = new Date().toISOString()): void {
  const svg = svgBarChart({
    title: 'DNS filter throughput, 1,000,000 listed domains (dnsperf, median of rounds)',
    subtitle: `70 % allowed (cached) / 30 % blocked · 2 cores shared with dnsperf · ${date.slice(0, 10)} · bench/dns/run.ts`,
    unit: 'q/s',
    bars: summary.map((x) => ({
      label: x.label,
      value: x.qpsMedian,
      note: x.server === 'dnsmasq' ? '' : `${fmtX(x.vsDnsmasq)} dnsmasq`,
      highlight: x.server.startsWith('lachan'),
    })),
  });
  mkdirSync(path.join(ROOT, 'docs', 'perf'), { recursive: true });
  writeFileSync(path.join(ROOT, 'docs', 'perf', 'dns-throughput.svg'), svg);
}

function versions(): Record<string, string> {
  const v = (cmd: string, argv: string[]) => {
    try {
      return (
        execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
          .split('\n')[0]
          ?.trim() ?? ''
      );
    } catch (e) {
      return String((e as { stdout?: string }).stdout ?? '').split('\n')[0] ?? '';
    }
  };
  return {
    dnsmasq: v('dnsmasq', ['--version']),
    unbound: v('unbound', ['-V']),
    dnsperf: v('sh', ['-c', 'dnsperf -h 2>&1 | grep -m1 Version']),
    node: process.version,
  };
}

if (a.has('chart-only')) {
  const saved = JSON.parse(readFileSync(path.join(ROOT, 'bench', 'results', 'dns.json'), 'utf8')) as {
    date: string;
    summary: Parameters<typeof writeChart>[0];
  };
  writeChart(
    saved.summary.map((x) => (x.server === 'dnsmasq' ? { ...x, label: 'dnsmasq (address=/…/)' } : x)),
    saved.date,
  );
  process.exit(0);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
