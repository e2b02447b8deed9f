// The filter fleet against one central process (issue 16): N subscribed nodes on
// GET /fleet/stream (lightweight readers, bench/fleet/readers.ts, in a few processes), S schools,
// the 1,000,000-domain list of the DNS benchmark in the city policy. Measured per N:
//   - propagation of one change to every node: a domain confirmed harmful (the detection desk's
//     path: addConfirmedHarmful + publishConfirmed) → the event received by each node; p50/p99
//     over all (node, change) pairs of --changes changes made one at a time, and the time until
//     the last node had each change;
//   - the centre's RSS and CPU: idle with N streams open, and during a burst of --burst changes
//     made back to back (and how long until every node held the last one);
//   - bytes a node downloads: the full policy (GET /fleet/policy?since=0) and one change (the event).
// Reference (not measured): AdGuard Home refreshes its lists every 24 h by default, Blocky every 4 h.
//   npx tsx bench/fleet/run.ts [--nodes 3000,19000] [--schools 3000] [--domains 1000000] [--changes 20] [--changes-large 5]
//                              [--burst 100] [--readers 4] [--name fleet]
// One process may hold at most `ulimit -n` sockets: the centre needs one per node (this box: 20,000,
// a hard limit a container cannot raise), so the top of --nodes is capped just below it.
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ensureData } from '../dns/gen.js';
import { args, fmt, log, median, memoryOf, ROOT, sleep, table, writeResult } from '../lib/common.js';
import { freePort } from '../lib/lachan.js';

const a = args();
const NODES = (a.get('nodes') ?? '3000,19000').split(',').map(Number);
const SCHOOLS = Number(a.get('schools') ?? 3000);
const DOMAINS = Number(a.get('domains') ?? 1_000_000);
const CHANGES = Number(a.get('changes') ?? 20);
/** single changes above 5,000 nodes (each may take a minute there) */
const CHANGES_LARGE = Number(a.get('changes-large') ?? 5);
const BURST = Number(a.get('burst') ?? 100);
const READERS = Number(a.get('readers') ?? 4);
const SOURCES = 40;
const NAME = a.get('name') ?? 'fleet';

const fdLimit = Number(readFileSync('/proc/self/limits', 'utf8').match(/Max open files\s+(\d+)/)?.[1] ?? 1024);
const TSX = ['--import', 'tsx'];

function percentile(xs: number[], p: number): number {
  const v = [...xs].sort((x, y) => x - y);
  if (v.length === 0) return Number.NaN;
  return v[Math.min(v.length - 1, Math.floor((p / 100) * v.length))] as number;
}

/** CPU seconds (user + system) of a process so far, from /proc. */
function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / 100;
}

/** One message of `type` from a child (with a deadline). */
function next<T>(child: ChildProcess, type: string, ms = 600_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no '${type}' from the child within ${ms} ms`)), ms);
    const onMsg = (m: { type: string; message?: string }) => {
      if (m.type === 'error') done(new Error(m.message));
      else if (m.type === type) done(null, m as T);
    };
    const onExit = (code: number | null) => done(new Error(`child exited (${code}) while waiting for '${type}'`));
    const done = (e: Error | null, v?: T) => {
      clearTimeout(timer);
      child.off('message', onMsg);
      child.off('exit', onExit);
      e ? reject(e) : resolve(v as T);
    };
    child.on('message', onMsg);
    child.on('exit', onExit);
  });
}

function ask<T>(child: ChildProcess, msg: Record<string, unknown>, type: string, ms?: number): Promise<T> {
  const p = next<T>(child, type, ms);
  child.send(msg);
  return p;
}

function download(url: string, token: string): Promise<{ status: number; bytes: number; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
        let bytes = 0;
        res.on('data', (b: Buffer) => {
          bytes += b.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - t0 }));
      })
      .on('error', reject);
  });
}

interface Status {
  connected: number;
  atLeast: number;
  reconnects: number;
  refused: number;
}
interface Times {
  times: number[];
  missing: number;
  events: number[];
  bytes: { wire: number; envelope: number } | null;
}

async function statusAll(readers: ChildProcess[], version: number): Promise<Status> {
  const all = await Promise.all(readers.map((r) => ask<Status>(r, { type: 'status', version }, 'status', 30_000)));
  return all.reduce((s, x) => ({
    connected: s.connected + x.connected,
    atLeast: s.atLeast + x.atLeast,
    reconnects: s.reconnects + x.reconnects,
    refused: s.refused + x.refused,
  }));
}

async function timesAll(readers: ChildProcess[], version: number): Promise<Times> {
  const all = await Promise.all(readers.map((r) => ask<Times>(r, { type: 'times', version }, 'times', 60_000)));
  return {
    times: all.flatMap((x) => x.times),
    missing: all.reduce((s, x) => s + x.missing, 0),
    events: all.flatMap((x) => x.events),
    bytes: all.find((x) => x.bytes)?.bytes ?? null,
  };
}

/** Waits until every node holds `version` (or the deadline); returns how many do. */
async function waitAll(readers: ChildProcess[], version: number, n: number, ms: number): Promise<number> {
  const until = Date.now() + ms;
  let s = await statusAll(readers, version);
  while (s.atLeast < n && Date.now() < until) {
    await sleep(50);
    s = await statusAll(readers, version);
  }
  return s.atLeast;
}

const data = ensureData({ domains: DOMAINS });
log(
  `fleet bench: nodes ${NODES.join(', ')}; ${SCHOOLS} schools; list ${data.manifest.domains.toLocaleString('en-US')} domains; ${CHANGES} single changes, a burst of ${BURST}; fd limit ${fdLimit}`,
);

const results: Array<Record<string, unknown>> = [];
for (const wanted of NODES) {
  // the centre's other files (database, tables, DNS sockets) and headroom: near the limit, libuv
  // accepts and closes connections at once (EMFILE), and a few nodes never subscribe
  let n = Math.min(wanted, fdLimit - 2000);
  if (n < wanted)
    log(
      `${wanted.toLocaleString('en-US')} nodes need ${wanted} sockets in the centre; this box allows ${fdLimit} files per process: measuring ${n.toLocaleString('en-US')}`,
    );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lachan-fleet-bench-'));
  const port = await freePort();
  const tokensFile = path.join(dir, 'tokens.txt');
  log(`[${n}] set-up: ${SCHOOLS} schools, ${n} nodes, import of the list, first publish …`);
  const centre = fork(
    path.join(ROOT, 'bench', 'fleet', 'centre.ts'),
    [JSON.stringify({ dataDir: path.join(dir, 'data'), port, nodes: n, schools: SCHOOLS, list: data.blocklist, tokensFile })],
    {
      execArgv: TSX,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const readers: ChildProcess[] = [];
  try {
    const setup = await next<{ ms: number; importMs: number }>(centre, 'setup', 900_000);
    log(`[${n}] set-up done in ${fmt(setup.ms / 1000, 1)} s (list import + publish ${fmt(setup.importMs / 1000, 1)} s); starting the centre`);
    const { url } = await next<{ url: string }>(centre, 'listening', 300_000);
    const tokens = readFileSync(tokensFile, 'utf8').split('\n');
    // the first version is recorded from snapshot.json by the centre's job (every 2 s)
    let full = await download(`${url}/api/v1/fleet/policy?since=0`, tokens[0] as string);
    for (let i = 0; i < 100 && full.status !== 200; i++) {
      await sleep(200);
      full = await download(`${url}/api/v1/fleet/policy?since=0`, tokens[0] as string);
    }
    if (full.status !== 200) throw new Error(`GET /fleet/policy?since=0 answered ${full.status}`);
    const { version: v0 } = await ask<{ version: number }>(centre, { type: 'version' }, 'version');
    log(`[${n}] full policy for one node: ${fmt(full.bytes / 1e6, 2)} MB in ${fmt(full.ms, 0)} ms (version ${v0})`);

    // ── N nodes subscribe ──
    const per = Math.ceil(n / READERS);
    const t0 = performance.now();
    for (let r = 0; r < READERS; r++) {
      const child = fork(path.join(ROOT, 'bench', 'fleet', 'readers.ts'), [], { execArgv: TSX, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      readers.push(child);
      child.send({
        type: 'start',
        port,
        tokens: tokens.slice(r * per, (r + 1) * per),
        since: v0,
        firstSource: 1 + r * (SOURCES / READERS),
        sources: SOURCES / READERS,
      });
    }
    let s = await statusAll(readers, 0);
    while (s.connected < n && performance.now() - t0 < 300_000) {
      await sleep(1000);
      s = await statusAll(readers, 0);
      log(`[${n}] subscribed ${s.connected.toLocaleString('en-US')} / ${n.toLocaleString('en-US')}${s.refused ? ` (refused ${s.refused})` : ''}`);
    }
    const subscribeS = (performance.now() - t0) / 1000;
    if (s.connected < n) {
      log(`[${n}] only ${s.connected} subscribed after ${fmt(subscribeS, 0)} s: measuring those`);
      n = s.connected;
    }

    // ── idle ──
    await sleep(2000);
    const idleCpu0 = cpuSeconds(centre.pid as number);
    const idleT0 = performance.now();
    await sleep(10_000);
    const idleCpu = (cpuSeconds(centre.pid as number) - idleCpu0) / ((performance.now() - idleT0) / 1000);
    const idleMem = memoryOf(centre.pid as number);
    log(`[${n}] idle with ${n} streams: CPU ${fmt(idleCpu * 100, 1)} %, RSS ${fmt(idleMem.rssMB, 0)} MB`);

    // ── single changes ──
    const lat: number[] = [];
    const toAll: number[] = [];
    const publishMs: number[] = [];
    let oneChange: Times['bytes'] = null;
    let lost = 0;
    const changes = n > 5000 ? CHANGES_LARGE : CHANGES;
    for (let c = 1; c <= changes; c++) {
      const ch = await ask<{ t0: number; doneAt: number; version: number }>(centre, { type: 'change' }, 'changed');
      const held = await waitAll(readers, ch.version, n, 180_000);
      const t = await timesAll(readers, ch.version);
      lost += n - held;
      for (const x of t.times) lat.push(x - ch.t0);
      toAll.push(Math.max(...t.times) - ch.t0);
      publishMs.push(ch.doneAt - ch.t0);
      oneChange ??= t.bytes;
      log(
        `[${n}] change ${c}/${changes} (v${ch.version}): confirm+publish ${ch.doneAt - ch.t0} ms; all ${held.toLocaleString('en-US')} nodes by ${fmt(Math.max(...t.times) - ch.t0, 0)} ms (p50 ${fmt(percentile(t.times, 50) - ch.t0, 0)} ms)`,
      );
      await sleep(300);
    }

    // ── where a change's time goes: one delta envelope per school, built in turn ──
    const enc = await ask<{ firstMsPerSchool: number; againMsPerSchool: number; schools: number }>(centre, { type: 'encode' }, 'encoded', 900_000);
    log(
      `[${n}] one delta envelope per school, in turn: ${fmt(enc.firstMsPerSchool, 2)} ms each (${fmt((enc.firstMsPerSchool * enc.schools) / 1000, 1)} s for ${enc.schools}); built again: ${fmt(enc.againMsPerSchool, 2)} ms each`,
    );

    // ── a burst ──
    const cpu0 = cpuSeconds(centre.pid as number);
    const b0 = performance.now();
    let peakRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, memoryOf(centre.pid as number).rssMB);
    }, 200);
    const burst = await ask<{ t0: number; doneAt: number; version: number }>(centre, { type: 'burst', count: BURST }, 'burst', 900_000);
    const heldBurst = await waitAll(readers, burst.version, n, 600_000);
    clearInterval(sampler);
    const burstCpu = (cpuSeconds(centre.pid as number) - cpu0) / ((performance.now() - b0) / 1000);
    const tb = await timesAll(readers, burst.version);
    const burstAll = Math.max(...tb.times) - burst.doneAt;
    const burstEvents = median(tb.events);
    log(
      `[${n}] burst of ${BURST}: made in ${fmt((burst.doneAt - burst.t0) / 1000, 1)} s; last version at all ${heldBurst} nodes ${fmt(burstAll, 0)} ms after the last change; CPU ${fmt(burstCpu * 100, 0)} %, peak RSS ${fmt(peakRss, 0)} MB`,
    );
    const st = await statusAll(readers, 0);
    results.push({
      nodes: n,
      asked: wanted,
      subscribeS,
      fullPolicy: full,
      oneChange,
      idle: { cpu: idleCpu, rssMB: idleMem.rssMB },
      single: {
        p50: percentile(lat, 50),
        p99: percentile(lat, 99),
        toAllMedian: median(toAll),
        toAllMax: Math.max(...toAll),
        publishMedian: median(publishMs),
        lost,
      },
      burst: {
        count: BURST,
        madeMs: burst.doneAt - burst.t0,
        lastToAllMs: burstAll,
        cpu: burstCpu,
        peakRssMB: peakRss,
        eventsPerNodeMedian: burstEvents,
        held: heldBurst,
      },
      reconnects: st.reconnects,
      encode: enc,
    });
    report(false);
  } finally {
    for (const r of readers) r.send({ type: 'stop' });
    centre.send({ type: 'stop' });
    await Promise.race([new Promise((r) => centre.once('exit', r)), sleep(15_000)]);
    if (centre.exitCode === null) centre.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(final: boolean): void {
  const rows = results.map((r) => {
    const x = r as {
      nodes: number;
      single: Record<string, number>;
      idle: Record<string, number>;
      burst: Record<string, number>;
      oneChange: { wire: number } | null;
      fullPolicy: { bytes: number };
    };
    return [
      x.nodes.toLocaleString('en-US'),
      `${fmt(x.single.p50 ?? Number.NaN, 0)} / ${fmt(x.single.p99 ?? Number.NaN, 0)}`,
      fmt(x.single.toAllMax ?? Number.NaN, 0),
      fmt(x.single.publishMedian ?? Number.NaN, 0),
      `${fmt((x.idle.cpu ?? 0) * 100, 1)} % / ${fmt(x.idle.rssMB ?? Number.NaN, 0)} MB`,
      `${fmt((x.burst.cpu ?? 0) * 100, 0)} % / ${fmt(x.burst.peakRssMB ?? Number.NaN, 0)} MB`,
      fmt(x.burst.lastToAllMs ?? Number.NaN, 0),
      `${fmt(x.fullPolicy.bytes / 1e6, 2)} MB`,
      x.oneChange ? `${fmt(x.oneChange.wire, 0)} B` : '—',
    ];
  });
  const out = table(
    [
      'nodes',
      'change → node p50 / p99 ms',
      'slowest (ms)',
      'confirm+publish ms',
      'idle CPU / RSS',
      `burst of ${BURST}: CPU / peak RSS`,
      'burst: last → all ms',
      'full policy (1M)',
      'one change',
    ],
    rows,
  );
  const ref = 'reference: AdGuard Home refreshes its lists every 24 h by default, Blocky every 4 h (configuration defaults, not measured)';
  if (final) process.stdout.write(`\n${out}\n\n${ref}\n`);
  const file = writeResult(NAME, { schools: SCHOOLS, domains: data.manifest.domains, changes: CHANGES, burst: BURST, fdLimit, results, table: out });
  log(`result so far: ${file}`);
}
report(true);
