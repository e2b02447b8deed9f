// The filter engine's own cost per query, without sockets (issue 3, "Performance"): FilterEngine.handle()
// over the same 300,000-query mix as bench/dns/run.ts (70 % allowed names answered from the cache, 30 %
// listed names blocked), with the same 1,000,000-domain list and a snapshot written by
// `lachan filter snapshot`. The upstream is a stub in this process, used only to fill the cache first.
// It shows what the engine adds per query on top of the socket work a bare UDP echo also does.
// Runs the built modules (dist/, `npm run build` first), as `lachan filter` does.
//   npx tsx bench/dns/engine.ts --data <LACHAN_DATA_DIR holding filter/snapshot.json> [--rounds 5] [--seconds 2]
// Without --data it writes a snapshot into a temporary data dir first (node bin/lachan.js filter snapshot).
import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { args, fmt, log, median, ROOT } from '../lib/common.js';
import { ensureData } from './gen.js';
import { encodeQuery } from './wire.js';

const a = args();
const ROUNDS = Number(a.get('rounds') ?? 5);
const SECONDS = Number(a.get('seconds') ?? 2);

async function main() {
  const data = ensureData();
  let dataDir = a.get('data');
  let tmp: string | null = null;
  if (!dataDir) {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'lachan-bench-engine-'));
    dataDir = tmp;
    execFileSync(process.execPath, ['bin/lachan.js', 'filter', 'snapshot'], {
      cwd: ROOT,
      env: { ...process.env, LACHAN_DATA_DIR: dataDir, LACHAN_LOG_LEVEL: 'warn', LACHAN_HTTP_ADDR: '127.0.0.1:0' },
      stdio: 'ignore',
    });
  }
  // the built modules (npm run build), as `lachan filter` runs them
  const built = (m: string) => pathToFileURL(path.join(ROOT, 'dist', 'filter', m)).href;
  const { loadSnapshot } = (await import(built('snapshot-file.js'))) as typeof import('../../src/filter/snapshot-file.js');
  const { loadListFiles } = (await import(built('standalone.js'))) as typeof import('../../src/filter/standalone.js');
  const { FilterEngine } = (await import(built('engine/engine.js'))) as typeof import('../../src/filter/engine/engine.js');
  const loaded = loadSnapshot(dataDir);
  if (!loaded) throw new Error('no snapshot');

  // a stub upstream on loopback, to fill the cache
  const up = dgram.createSocket('udp4');
  up.on('message', (m, r) => {
    const qEnd = m.length; // queries from the engine carry an OPT record: answer with the question only + A
    let o = 12;
    while (m[o]) o += (m[o] as number) + 1;
    o += 5;
    const qtype = m.readUInt16BE(o - 4);
    const rr = Buffer.from([0xc0, 0x0c, 0, qtype, 0, 1, 0, 1, 0x51, 0x80, 0, qtype === 1 ? 4 : 16, ...Array(qtype === 1 ? 4 : 16).fill(7)]);
    const out = Buffer.concat([m.subarray(0, o), qtype === 1 || qtype === 28 ? rr : Buffer.alloc(0)]);
    out[2] = 0x81;
    out[3] = 0x80;
    out.writeUInt16BE(qtype === 1 || qtype === 28 ? 1 : 0, 6);
    out.writeUInt16BE(0, 10);
    void qEnd;
    up.send(out, r.port, r.address);
  });
  await new Promise<void>((r) => up.bind(0, '127.0.0.1', () => r()));
  const upPort = up.address().port;

  const snap = { ...loaded.snapshot, settings: { ...loaded.snapshot.settings, upstreams: [`127.0.0.1:${upPort}`], rateLimitQps: 0 } };
  const t0 = performance.now();
  const list = loadListFiles([{ category: 'adult', file: data.blocklist }], snap);
  log(`list compiled in ${fmt(performance.now() - t0, 0)} ms (${list?.size} entries)`);
  const engine = new FilterEngine(snap, [...loaded.tables, list!]);

  const lines = readFileSync(data.queries, 'utf8').split('\n').filter(Boolean);
  const queries = lines.map((l, i) => {
    const [name, type] = l.split(' ') as [string, string];
    return encodeQuery(i & 0xffff, name, type === 'AAAA' ? 28 : 1);
  });
  // fill the cache: every allowed name, awaited
  const allowed = new Set(readFileSync(data.allowed, 'utf8').split('\n'));
  const warm = lines.map((l, i) => [l.split(' ')[0] as string, queries[i] as Buffer] as const).filter(([n]) => allowed.has(n));
  const seen = new Set<string>();
  for (let i = 0; i < warm.length; i += 200) {
    await Promise.all(
      warm.slice(i, i + 200).map(async ([n, q]) => {
        const k = `${n} ${q.readUInt16BE(q.length - 4)}`;
        if (seen.has(k)) return;
        seen.add(k);
        await engine.handle(q, '127.0.0.1', false);
      }),
    );
  }
  log(`cache filled: ${engine.cache.size} entries; ${queries.length} queries`);

  let sync = 0;
  let asyncN = 0;
  for (const q of queries) {
    const r = engine.handle(q, '127.0.0.1', false);
    if (r instanceof Promise) asyncN++;
    else if (r) sync++;
  }
  log(`one pass: ${sync} answered at once, ${asyncN} went upstream`);
  const rates: number[] = [];
  const cpuPer: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    let done = 0;
    let bytes = 0;
    const cpu0 = process.cpuUsage();
    const t = performance.now();
    const deadline = t + SECONDS * 1000;
    while (performance.now() < deadline) {
      for (let i = 0; i < queries.length; i++) {
        const r = engine.handle(queries[i] as Buffer, '127.0.0.1', false);
        if (r && !(r instanceof Promise)) bytes += r.length;
      }
      done += queries.length;
    }
    const rate = done / ((performance.now() - t) / 1000);
    const cpu = process.cpuUsage(cpu0);
    // CPU time of this process per query: what the engine costs, whatever else shares the core
    const cpuUs = (cpu.user + cpu.system) / done;
    rates.push(rate);
    cpuPer.push(cpuUs);
    log(`round ${round}/${ROUNDS}: ${fmt(rate / 1000, 0)}k queries/s wall clock; ${fmt(cpuUs, 2)} µs CPU per query${bytes < 0 ? '' : ''}`);
  }
  const med = median(rates);
  const cpuMed = median(cpuPer);
  process.stdout.write(
    `\nengine.handle(): ${fmt(cpuMed, 2)} µs CPU per query (median of ${ROUNDS}; ${fmt(1000 / cpuMed, 0)}k queries per CPU-second); wall clock ${fmt(med / 1000, 0)}k queries/s; one thread\n`,
  );
  engine.close();
  up.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
