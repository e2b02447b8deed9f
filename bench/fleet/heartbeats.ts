// The centre's side of a large fleet (issue 16): how many heartbeats a second one central process
// takes in, and how fast N nodes can open their policy streams.
//   - heartbeats: --rate beats a second offered (open loop: due whether or not the centre keeps up,
//     at most --connections unanswered), each a fresh connection from the node's own loopback
//     address (127.x.y.z), POST /api/v1/fleet/heartbeat
//     for --nodes enrolled nodes in turn (each its own token: node i beats every nodes/rate seconds,
//     as in the field), into `lachan start` (bench/fleet/heartbeat-centre.ts, role centre) and, in
//     the same run, into the peer: a bare Fastify route on the same database doing one UPDATE per
//     beat (node found by its token's SHA-256, row updated, autocommit). Rounds alternate.
//   - subscriptions: --streams nodes open GET /api/v1/fleet/stream?since=<current> at once (the raw
//     SSE readers of bench/fleet/readers.ts, 40 loopback source addresses); time until all hold a
//     stream, and how many connections the centre dropped or refused meanwhile.
// On SQLite and PostgreSQL (--db sqlite,pg; PostgreSQL: a fresh database on --pg, dropped after).
//   npx tsx bench/fleet/heartbeats.ts [--db sqlite,pg] [--nodes 30000] [--schools 3000] [--rounds 3]
//                                     [--duration 10] [--rate 2000] [--connections 2000] [--streams 3000] [--name fleet-heartbeats] [--cpu-prof <dir>]
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { args, fmt, fmtX, log, median, ROOT, ratio, sleep, table, writeResult } from '../lib/common.js';
import { freePort } from '../lib/lachan.js';
import { pgAdmin } from '../lib/pg-admin.js';
import type { CentreArgs } from './heartbeat-centre.js';

const a = args();
const DBS = (a.get('db') ?? 'sqlite,pg').split(',') as Array<'sqlite' | 'pg'>;
const NODES = Number(a.get('nodes') ?? 30_000);
const SCHOOLS = Number(a.get('schools') ?? 3000);
const ROUNDS = Number(a.get('rounds') ?? 3);
const DURATION = Number(a.get('duration') ?? 10);
/** beats offered a second (open loop); 0: as fast as CONNECTIONS in flight allow (closed loop) */
const RATE = Number(a.get('rate') ?? 2000);
/** at most this many beats unanswered at once */
const CONNECTIONS = Number(a.get('connections') ?? 2000);
const STREAMS = Number(a.get('streams') ?? 3000);
const PG_ADMIN = a.get('pg') ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NAME = a.get('name') ?? 'fleet-heartbeats';
const CPU_PROF = a.get('cpu-prof');
const TSX = ['--import', 'tsx'];
const READERS = 4;
const SOURCES = 40;

type Msg = { type: string; message?: string } & Record<string, unknown>;

/** The next message of `type` from a child, or an error if it fails, exits or takes too long. */
function reply<T>(child: ChildProcess, type: string, ms = 600_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no '${type}' within ${ms} ms`)), ms);
    const onMessage = (m: Msg) => {
      if (m.type === 'error') finish(new Error(m.message));
      else if (m.type === type) finish(null, m as T);
    };
    const onExit = (code: number | null) => finish(new Error(`child exited (${code}) before '${type}'`));
    const finish = (e: Error | null, v?: T) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      e ? reject(e) : resolve(v as T);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

function server(o: CentreArgs): ChildProcess {
  // --cpu-prof <dir>: a V8 profile of the centre (written when it stops), to see where its time goes
  const prof = o.role === 'centre' && CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF] : [];
  return fork(path.join(ROOT, 'bench', 'fleet', 'heartbeat-centre.ts'), [JSON.stringify(o)], {
    execArgv: [...TSX, ...prof],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

interface Stats {
  cpuS: number;
  writes: { batches: number; jobs: number } | null;
}
const stats = (c: ChildProcess) => {
  const p = reply<Stats>(c, 'stats', 30_000);
  c.send({ type: 'stats' });
  return p;
};

const BODY = JSON.stringify({
  softwareVersion: '0.16.0',
  policyVersion: 0,
  upstreams: [
    { server: '1.1.1.1', up: true },
    { server: '8.8.8.8', up: true },
  ],
  qps: 12.5,
  cacheHitRatio: 0.8,
});

interface Round {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** open loop: beats due while CONNECTIONS were already unanswered (not sent) */
  skipped: number;
  cpuCore: number;
  /** transactions the group commit made per second, and beats written per second (centre only) */
  commitsPerS: number | null;
  writesPerS: number | null;
}

/** Node i's own loopback address (127.0.0.0/8 is all loopback): the per-address limit sees one node each. */
const addressOf = (i: number) => `127.${1 + (i >> 16)}.${(i >> 8) & 255}.${i & 255 || 1}`;

/** One heartbeat as a node sends it: a fresh connection from its own address (15 s apart, nothing is kept alive). */
function post(url: URL, token: string, localAddress: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent: false,
        localAddress,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(BODY) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.setTimeout(30_000, () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(BODY);
  });
}

/** One round of heartbeats into `base`: CONNECTIONS in flight, node tokens in turn from where the last round stopped. */
async function beat(base: string, child: ChildProcess, tokens: string[], seconds: number, from: { i: number }): Promise<Round> {
  const url = new URL('/api/v1/fleet/heartbeat', base);
  const before = await stats(child);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let skipped = 0;
  const one = async () => {
    const i = from.i++ % tokens.length;
    const s0 = performance.now();
    const status = await post(url, tokens[i] as string, addressOf(i));
    latencies.push(performance.now() - s0);
    if (status === 0) errors++;
    else if (status >= 300) non2xx++;
  };
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  if (RATE > 0) {
    // open loop, as a fleet is: beats are due at RATE a second whether or not the centre keeps up;
    // past CONNECTIONS unanswered, a due beat is counted as skipped (the centre is not keeping up)
    const pending = new Set<Promise<void>>();
    let issued = 0;
    while (performance.now() < until) {
      const due = Math.floor(((performance.now() - t0) / 1000) * RATE);
      for (; issued < due; issued++) {
        if (pending.size >= CONNECTIONS) {
          skipped++;
          continue;
        }
        const p = one().finally(() => pending.delete(p));
        pending.add(p);
      }
      await sleep(5);
    }
    await Promise.all(pending);
  } else
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < until) await one();
      }),
    );
  const elapsed = (performance.now() - t0) / 1000;
  const after = await stats(child);
  const perS = (f: (s: Stats) => number | undefined) => (after.writes && before.writes ? ((f(after) ?? 0) - (f(before) ?? 0)) / elapsed : null);
  latencies.sort((x, y) => x - y);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
  return {
    rps: (latencies.length - errors - non2xx) / elapsed,
    p50: q(0.5),
    p99: q(0.99),
    non2xx,
    errors,
    skipped,
    cpuCore: (after.cpuS - before.cpuS) / elapsed,
    commitsPerS: perS((s) => s.writes?.batches),
    writesPerS: perS((s) => s.writes?.jobs),
  };
}

interface ReaderStatus {
  connected: number;
  reconnects: number;
  refused: number;
}

/** STREAMS nodes open their stream at once (4 reader processes); time until all are subscribed. */
async function subscribe(port: number, tokens: string[], since: number): Promise<{ seconds: number; connected: number; reconnects: number; refused: number }> {
  const readers: ChildProcess[] = [];
  const per = Math.ceil(STREAMS / READERS);
  try {
    for (let r = 0; r < READERS; r++)
      readers.push(fork(path.join(ROOT, 'bench', 'fleet', 'readers.ts'), [], { execArgv: TSX, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    const status = async (): Promise<ReaderStatus> => {
      const all = await Promise.all(
        readers.map((c) => {
          const p = reply<ReaderStatus>(c, 'status', 30_000);
          c.send({ type: 'status', version: 0 });
          return p;
        }),
      );
      return all.reduce((s, x) => ({ connected: s.connected + x.connected, reconnects: s.reconnects + x.reconnects, refused: s.refused + x.refused }));
    };
    // the readers answer once loaded: their start-up (tsx) is not the centre's time
    await status();
    const t0 = performance.now();
    readers.forEach((child, r) => {
      child.send({
        type: 'start',
        port,
        tokens: tokens.slice(r * per, Math.min(STREAMS, (r + 1) * per)),
        since,
        firstSource: 1 + r * (SOURCES / READERS),
        sources: SOURCES / READERS,
      });
    });
    let s = await status();
    while (s.connected < STREAMS && performance.now() - t0 < 300_000) {
      await sleep(200);
      s = await status();
    }
    return { seconds: (performance.now() - t0) / 1000, ...s };
  } finally {
    for (const r of readers) r.send({ type: 'stop' });
  }
}

const results: Record<string, unknown> = {};
const lines: string[] = [];
for (const dbKind of DBS) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lachan-hb-bench-'));
  const dbName = `lachan_bench_hb_${process.pid}`;
  let databaseUrl: string | null = null;
  if (dbKind === 'pg') {
    const u = new URL(PG_ADMIN);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
    await pgAdmin(PG_ADMIN, `create database ${dbName}`);
  }
  const base = { dataDir: path.join(dir, 'data'), databaseUrl, nodes: NODES, schools: SCHOOLS, tokensFile: path.join(dir, 'tokens.txt') };
  const children: ChildProcess[] = [];
  try {
    log(`[${dbKind}] set-up: ${SCHOOLS} schools, ${NODES} nodes`);
    const setup = server({ ...base, role: 'setup', port: 0 });
    await reply(setup, 'ready', 900_000);
    const tokens = readFileSync(base.tokensFile, 'utf8').split('\n');
    const centrePort = await freePort();
    const centre = server({ ...base, role: 'centre', port: centrePort });
    children.push(centre);
    const { url: centreUrl } = await reply<{ url: string }>(centre, 'listening', 300_000);
    const peerPort = await freePort();
    const peer = server({ ...base, role: 'peer', port: peerPort });
    children.push(peer);
    const { url: peerUrl } = await reply<{ url: string }>(peer, 'listening', 60_000);

    const rounds: Record<'centre' | 'peer', Round[]> = { centre: [], peer: [] };
    const cursor = { centre: { i: 0 }, peer: { i: 0 } };
    // warm-up: 2 s into each (--rounds 0: none, subscriptions only)
    if (ROUNDS > 0)
      for (const [who, url, child] of [['centre', centreUrl, centre] as const, ['peer', peerUrl, peer] as const])
        await beat(url, child, tokens, 2, cursor[who]);
    for (let round = 1; round <= ROUNDS; round++) {
      const order = round % 2 ? (['centre', 'peer'] as const) : (['peer', 'centre'] as const);
      for (const who of order) {
        const r = await beat(who === 'centre' ? centreUrl : peerUrl, who === 'centre' ? centre : peer, tokens, DURATION, cursor[who]);
        rounds[who].push(r);
        log(
          `[${dbKind}] round ${round}/${ROUNDS} ${who}: ${fmt(r.rps, 0)} beats/s, p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms, ${fmt(r.cpuCore, 2)} core` +
            (r.writesPerS !== null ? `, ${fmt(r.writesPerS, 0)} rows written/s in ${fmt(r.commitsPerS, 0)} commits/s` : '') +
            (r.non2xx || r.errors || r.skipped ? `, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.skipped} skipped` : ''),
        );
      }
    }
    peer.send({ type: 'stop' });
    const { version } = await (async () => {
      const p = reply<{ version: number }>(centre, 'version', 30_000);
      centre.send({ type: 'version' });
      return p;
    })();
    log(`[${dbKind}] ${STREAMS} nodes open their stream (since=${version})`);
    const sub = await subscribe(centrePort, tokens, version);
    log(`[${dbKind}] subscribed ${sub.connected}/${STREAMS} in ${fmt(sub.seconds, 1)} s; ${sub.reconnects} reconnects, ${sub.refused} refused`);
    const m = (who: 'centre' | 'peer', f: (r: Round) => number) => median(rounds[who].map(f));
    const perRound = rounds.centre.map((r, i) => ratio(r.rps, rounds.peer[i]?.rps ?? Number.NaN));
    results[dbKind] = { rounds, subscribe: sub };
    lines.push(
      table(
        [
          `${dbKind}: ${NODES.toLocaleString('en-US')} nodes, ${RATE ? `${RATE}/s offered` : `${CONNECTIONS} in flight`}`,
          'beats/s (median)',
          'p50 ms',
          'p99 ms',
          'CPU (core)',
          'ratio to peer',
        ],
        [
          [
            'centre (`lachan start`)',
            fmt(
              m('centre', (r) => r.rps),
              0,
            ),
            fmt(
              m('centre', (r) => r.p50),
              0,
            ),
            fmt(
              m('centre', (r) => r.p99),
              0,
            ),
            fmt(
              m('centre', (r) => r.cpuCore),
              2,
            ),
            fmtX(median(perRound)),
          ],
          [
            'peer (bare UPDATE per beat)',
            fmt(
              m('peer', (r) => r.rps),
              0,
            ),
            fmt(
              m('peer', (r) => r.p50),
              0,
            ),
            fmt(
              m('peer', (r) => r.p99),
              0,
            ),
            fmt(
              m('peer', (r) => r.cpuCore),
              2,
            ),
            '1×',
          ],
        ],
      ),
      `${dbKind}: centre rows written ${fmt(
        m('centre', (r) => r.writesPerS ?? 0),
        0,
      )}/s in ${fmt(
        m('centre', (r) => r.commitsPerS ?? 0),
        0,
      )} commits/s; ` + `${STREAMS} streams opened in ${fmt(sub.seconds, 1)} s (${sub.connected} held, ${sub.reconnects} reconnects, ${sub.refused} refused)`,
    );
  } finally {
    for (const c of children) if (c.exitCode === null) c.send({ type: 'stop' });
    await sleep(2000);
    for (const c of children) if (c.exitCode === null) c.kill();
    if (dbKind === 'pg') await pgAdmin(PG_ADMIN, `drop database if exists ${dbName} with (force)`).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}
process.stdout.write(`\n${lines.join('\n\n')}\n`);
const file = writeResult(NAME, {
  nodes: NODES,
  schools: SCHOOLS,
  rounds: ROUNDS,
  durationS: DURATION,
  connections: CONNECTIONS,
  streams: STREAMS,
  results,
  table: lines.join('\n\n'),
});
log(`result: ${file}`);
process.exit(0);
