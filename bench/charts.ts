// Redraws the charts in docs/perf/ from the last results kept in bench/results/ (the DNS chart is
// drawn by bench/dns/run.ts itself). Numbers people compare are charts as well as tables.
//   npx tsx bench/charts.ts
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fmt, svgBarChart } from './lib/common.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const read = <T>(name: string): T => JSON.parse(readFileSync(path.join(ROOT, 'bench', 'results', `${name}.json`), 'utf8')) as T;
const write = (name: string, svg: string) => {
  writeFileSync(path.join(ROOT, 'docs', 'perf', name), svg);
  process.stdout.write(`docs/perf/${name}\n`);
};
const when = (d: { date: string; machine?: { loadavgAtStart?: number[] } }) =>
  `${d.date.slice(0, 16).replace('T', ' ')} UTC, load ${d.machine?.loadavgAtStart?.[0]?.toFixed(1) ?? '?'} at start`;

interface IntakeResult {
  date: string;
  machine?: { loadavgAtStart?: number[] };
  summary: { label: string; target: string; acceptedPerSec: number; p99: number }[];
}
const intake = read<IntakeResult>('intake');
// a run at 40 connections (bench/intake/run.ts --connections 40), when one is kept: its SQLite row beside the others
let busier: IntakeResult | null = null;
try {
  busier = read<IntakeResult>('intake-c40');
} catch {
  busier = null;
}
const busierSqlite = busier?.summary.find((r) => r.target === 'sqlite');
write(
  'intake-throughput.svg',
  svgBarChart({
    title: 'Reporting centre: accepted reports per second (median of runs)',
    subtitle: `POST without files, autocannon 10 connections${busierSqlite ? ' (and 40, last bar)' : ''}, ${when(intake)}; target 1,000/s on SQLite`,
    unit: 'reports/s',
    format: (v) => fmt(v, 0),
    bars: [
      ...intake.summary.map((r) => ({ label: r.label, value: r.acceptedPerSec, note: `p99 ${r.p99} ms`, highlight: r.target.startsWith('sqlite') })),
      ...(busierSqlite
        ? [{ label: 'lachan, SQLite, API, 40 connections', value: busierSqlite.acceptedPerSec, note: `p99 ${busierSqlite.p99} ms`, highlight: true }]
        : []),
    ],
  }),
);

interface MatcherResult {
  date: string;
  machine?: { loadavgAtStart?: number[] };
  threshold: number;
  results: { hashes: number; mihMicrosPerQuery: number; bruteMicrosPerQuery: number }[];
}
const matcher = read<MatcherResult>('detect-matcher');
write(
  'detect-matcher.svg',
  svgBarChart({
    title: 'PDQ hash matching: microseconds per query (lower is better)',
    subtitle: `threshold ${matcher.threshold}, multi-index vs brute force in the same run, ${when(matcher)}; target < 1,000 µs at 1M`,
    unit: 'µs',
    format: (v) => fmt(v, 0),
    bars: matcher.results.flatMap((r) => [
      { label: `multi-index, ${r.hashes.toLocaleString('en')} hashes`, value: r.mihMicrosPerQuery, highlight: true },
      { label: `brute force, ${r.hashes.toLocaleString('en')} hashes`, value: r.bruteMicrosPerQuery },
    ]),
  }),
);
