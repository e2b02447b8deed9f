// PDQ matcher micro-benchmark (issue 5: "< 1 ms per query with 1,000,000 PDQ hashes … against the
// project's own brute force in the same run"). Random 256-bit hashes plus planted near-duplicates
// (each query is a stored hash with 0–31 bits flipped, so every query has at least one match);
// MIH (src/detect/images/matcher.ts) vs brute force (8 popcounts per stored hash), threshold 31,
// same queries, results checked equal. Median of several rounds. Single thread:
//   taskset -c 1 npx tsx bench/detect/matcher.ts [--rounds 5] [--queries 200]
import { bruteForce, PdqIndex } from '../../src/detect/images/matcher.js';
import { args, fmt, fmtX, log, median, ratio, rng, table, writeResult } from '../lib/common.js';

const a = args();
const ROUNDS = Number(a.get('rounds') ?? 5);
const QUERIES = Number(a.get('queries') ?? 200);
const SIZES = (a.get('sizes') ?? '10000,100000,1000000').split(',').map(Number);
const THRESHOLD = 31;

function randomWords(n: number, r: () => number): Uint32Array {
  const w = new Uint32Array(n * 8);
  for (let i = 0; i < w.length; i++) w[i] = (r() * 4294967296) >>> 0;
  return w;
}

function queriesFor(words: Uint32Array, n: number, count: number, r: () => number): Uint32Array[] {
  const qs: Uint32Array[] = [];
  for (let i = 0; i < count; i++) {
    const at = Math.floor(r() * n) * 8;
    const q = words.slice(at, at + 8);
    const flips = Math.floor(r() * (THRESHOLD + 1));
    for (let f = 0; f < flips; f++) {
      const bit = Math.floor(r() * 256);
      q[bit >> 5] = (q[bit >> 5]! ^ (1 << (bit & 31))) >>> 0;
    }
    qs.push(q);
  }
  return qs;
}

function timeQueries(fn: (q: Uint32Array) => number, qs: Uint32Array[]): number {
  const t0 = process.hrtime.bigint();
  let sink = 0;
  for (const q of qs) sink += fn(q);
  const us = Number(process.hrtime.bigint() - t0) / 1000 / qs.length;
  if (sink < 0) log('impossible');
  return us;
}

const rows: string[][] = [];
const results: Record<string, unknown>[] = [];
for (const n of SIZES) {
  const r = rng(n);
  const words = randomWords(n, r);
  const t0 = performance.now();
  const index = new PdqIndex(words, n);
  const buildMs = performance.now() - t0;
  const qs = queriesFor(words, n, QUERIES, r);
  // Same answers (checked on every query once, outside the timing).
  let hits = 0;
  for (const q of qs) {
    const m = index
      .search(q, THRESHOLD)
      .map((h) => h.index)
      .sort((x, y) => x - y);
    const b = bruteForce(words, n, q, THRESHOLD)
      .map((h) => h.index)
      .sort((x, y) => x - y);
    if (m.join() !== b.join()) throw new Error(`MIH and brute force disagree at n=${n}`);
    hits += m.length;
  }
  const mih: number[] = [];
  const brute: number[] = [];
  // Brute force is slow at 1M: fewer queries for it (the per-query figure is what counts).
  const bruteQs = qs.slice(0, Math.max(10, Math.floor(QUERIES * Math.min(1, 100_000 / n))));
  for (let round = 0; round < ROUNDS; round++) {
    mih.push(timeQueries((q) => index.search(q, THRESHOLD).length, qs));
    brute.push(timeQueries((q) => bruteForce(words, n, q, THRESHOLD).length, bruteQs));
  }
  const m = median(mih);
  const b = median(brute);
  log(`n=${n}: MIH ${fmt(m, 1)} µs, brute ${fmt(b, 1)} µs, build ${fmt(buildMs, 0)} ms`);
  rows.push([n.toLocaleString('en-US'), fmt(m, 1), fmt(b, 1), fmtX(ratio(b, m)), fmt(buildMs, 0), fmt(hits / qs.length, 2)]);
  results.push({
    hashes: n,
    mihMicrosPerQuery: m,
    bruteMicrosPerQuery: b,
    speedup: ratio(b, m),
    buildMs,
    matchesPerQuery: hits / qs.length,
    rounds: { mih, brute },
  });
}

process.stdout.write(
  `${table(['hashes', 'MIH µs/query', 'brute force µs/query', 'speed-up', 'index build ms', 'matches/query'], rows)}\n\nthreshold ${THRESHOLD}, ${QUERIES} queries (brute force: fewer at 1M), median of ${ROUNDS} rounds\n`,
);
process.stdout.write(`${writeResult('detect-matcher', { threshold: THRESHOLD, queries: QUERIES, rounds: ROUNDS, results })}\n`);
