// Domain matcher micro-benchmark (issue 3: "the domain matcher alone ≥ 2 million look-ups/s on one
// core"). The project's matcher (src/filter/matcher.ts: 64-bit label-suffix hashes in typed arrays,
// hashed straight from wire-format bytes as the server does) against the naive peer: a
// Set<string> of the 1,000,000 names and a suffix walk over the query string (also the oracle:
// both must give the same answer for every query). Same list and query mix as bench/dns/run.ts.
// Single thread; pin it to one core with taskset:
//   taskset -c 1 npx tsx --expose-gc bench/dns/matcher.ts [--rounds 5] [--seconds 2]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { args, fmt, fmtX, log, median, ROOT, ratio, table, writeResult } from '../lib/common.js';
import { ensureData } from './gen.js';

const a = args();
const ROUNDS = Number(a.get('rounds') ?? 5);
const SECONDS = Number(a.get('seconds') ?? 2);
const gc = (globalThis as { gc?: () => void }).gc;

interface MatcherModule {
  TableBuilder: new (capacity?: number) => { build(): unknown; count: number };
  matchTables(tables: readonly unknown[], h: unknown, result: { blocked: number; excepted: number; level: number }): { blocked: number };
  hashWireLabels(buf: Uint8Array, labels: readonly number[], out: unknown): unknown;
  newHashes(): unknown;
}
interface ParseModule {
  parseList(buf: Uint8Array, sink: unknown): { accepted: number; rejected: number };
  tableSink(builder: unknown, category: number): unknown;
}

function heapMB(): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 2 ** 20;
}

/** Runs f over the queries repeatedly for about `seconds`; returns look-ups per second. */
function timeLoop(n: number, seconds: number, f: (i: number) => number): { perSec: number; sink: number } {
  let sink = 0;
  let done = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  while (performance.now() < deadline) {
    for (let i = 0; i < n; i++) sink += f(i);
    done += n;
  }
  return { perSec: done / ((performance.now() - t0) / 1000), sink };
}

async function main() {
  const data = ensureData();
  const listBytes = readFileSync(data.blocklist);
  const names = readFileSync(data.queries, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ')[0] as string);
  log(`list ${data.manifest.domains.toLocaleString('en-US')} domains, ${names.length.toLocaleString('en-US')} queries (70 % allowed / 30 % blocked)`);

  // ── peer: Set<string> + suffix walk ─────────────────────────────────────────────────────
  let h0 = heapMB();
  let t = performance.now();
  const set = new Set(listBytes.toString('latin1').split('\n').filter(Boolean));
  const setBuildMs = performance.now() - t;
  const setMB = heapMB() - h0;
  const setLookup = (name: string): number => {
    let s = name;
    for (;;) {
      if (set.has(s)) return 1;
      const dot = s.indexOf('.');
      if (dot < 0) return 0;
      s = s.slice(dot + 1);
    }
  };
  const expected = names.map(setLookup);
  log(`Set<string>: built in ${fmt(setBuildMs, 0)} ms, ${fmt(setMB, 0)} MB; ${expected.filter((x) => x).length} of ${names.length} queries blocked`);

  // ── the project's matcher, when it exists ───────────────────────────────────────────────
  let mm: MatcherModule | null = null;
  let pm: ParseModule | null = null;
  try {
    const matcherPath = path.join(ROOT, 'src', 'filter', 'matcher.ts');
    const parsePath = path.join(ROOT, 'src', 'filter', 'lists', 'parse.ts');
    mm = (await import(matcherPath)) as MatcherModule;
    pm = (await import(parsePath)) as ParseModule;
  } catch (e) {
    log(`src/filter/matcher.ts not importable (${(e as Error).message.split('\n')[0]}): measuring the peer only`);
  }

  let matcher: { buildMs: number; MB: number; lookup: (i: number) => number; wrong: number; falsePositives: number; falseNegatives: number } | null = null;
  if (mm && pm) {
    h0 = heapMB();
    t = performance.now();
    const builder = new mm.TableBuilder(1 << 20);
    const stats = pm.parseList(listBytes, pm.tableSink(builder, 1));
    const tbl = builder.build();
    const buildMs = performance.now() - t;
    const MB = heapMB() - h0;
    const tables = [tbl];
    // the server hashes the question straight from the packet: pre-encode each name as wire labels
    const wire = names.map((n) => {
      const labels: number[] = [];
      const parts = n.split('.');
      const buf = Buffer.alloc(n.length + 2);
      let o = 0;
      for (const p of parts) {
        labels.push(o);
        buf[o++] = p.length;
        o += buf.write(p, o, 'latin1');
      }
      return { buf, labels };
    });
    const hashes = mm.newHashes();
    const res = { blocked: 0, excepted: 0, level: -1 };
    const m = mm;
    const lookup = (i: number): number => {
      const q = wire[i] as { buf: Buffer; labels: number[] };
      return m.matchTables(tables, m.hashWireLabels(q.buf, q.labels, hashes), res).blocked ? 1 : 0;
    };
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < names.length; i++) {
      const got = lookup(i);
      if (got && !expected[i]) fp++;
      if (!got && expected[i]) fn++;
    }
    matcher = { buildMs, MB, lookup, wrong: fp + fn, falsePositives: fp, falseNegatives: fn };
    log(
      `matcher: parsed ${stats.accepted.toLocaleString('en-US')} rules (${stats.rejected} rejected), built in ${fmt(buildMs, 0)} ms, ${fmt(MB, 0)} MB; disagreements with the oracle: ${fp + fn}`,
    );
  }

  // ── timing: alternate the two, ROUNDS × SECONDS each ───────────────────────────────────
  const rounds: { set: number; matcher: number }[] = [];
  for (let r = 1; r <= ROUNDS; r++) {
    const s = timeLoop(names.length, SECONDS, (i) => setLookup(names[i] as string)).perSec;
    const mt = matcher ? timeLoop(names.length, SECONDS, matcher.lookup).perSec : Number.NaN;
    rounds.push({ set: s, matcher: mt });
    log(`round ${r}/${ROUNDS}: Set ${fmt(s / 1e6, 2)} M/s · matcher ${fmt(mt / 1e6, 2)} M/s`);
  }
  const setMed = median(rounds.map((x) => x.set));
  const mMed = median(rounds.map((x) => x.matcher));
  const ratioMed = median(rounds.map((x) => ratio(x.matcher, x.set)));
  const text = table(
    ['structure', 'look-ups/s (median)', '× Set', 'build ms', 'heap MB', 'wrong'],
    [
      ['Set<string> + suffix walk (peer, oracle)', `${fmt(setMed / 1e6, 2)} M`, '1.00×', fmt(setBuildMs, 0), fmt(setMB, 0), '—'],
      ...(matcher
        ? [
            [
              'lachan matcher (src/filter/matcher.ts), from wire bytes',
              `${fmt(mMed / 1e6, 2)} M`,
              fmtX(ratioMed),
              fmt(matcher.buildMs, 0),
              fmt(matcher.MB, 0),
              String(matcher.wrong),
            ],
          ]
        : []),
    ],
  );
  process.stdout.write(
    `\nDomain matcher, ${data.manifest.domains.toLocaleString('en-US')} domains, ${names.length.toLocaleString('en-US')}-query mix, ${ROUNDS} rounds × ${SECONDS} s, one thread${gc ? '' : ' (run with --expose-gc for heap figures)'}\n\n${text}\n`,
  );
  const file = writeResult('matcher', {
    command: 'taskset -c 1 npx tsx --expose-gc bench/dns/matcher.ts',
    rounds,
    summary: {
      setLookupsPerSec: setMed,
      matcherLookupsPerSec: mMed,
      ratio: ratioMed,
      setBuildMs,
      setHeapMB: gc ? setMB : null,
      matcherBuildMs: matcher?.buildMs ?? null,
      matcherHeapMB: gc && matcher ? matcher.MB : null,
      disagreements: matcher ? { falsePositives: matcher.falsePositives, falseNegatives: matcher.falseNegatives } : null,
    },
    data: { domains: data.manifest.domains, queries: names.length, sha256: data.manifest.sha256 },
  });
  process.stdout.write(`\nresults: ${file}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
