// Issue 14's benchmark: a synthetic city (bench/indicators/generate.ts: 3,000 schools, five years of
// sessions, reports, detection items and filter counters; cases through the case store's writer),
// then the dashboards' queries — the city's and a ward's indicators for six months, the wards
// ranked, a year's trend — p50/p95 on SQLite and PostgreSQL, each beside the same query written
// naively (straight from the feeds, no monthly rollup) in the same run; and a six-month city report
// (.xlsx + .docx) generated end to end.
//   npx tsx bench/indicators/run.ts [--schools 3000] [--reports-per-day 40] [--cases 20000] [--runs 30] [--naive-runs 5] [--sqlite-only] [--pg-admin postgres://postgres@127.0.0.1:5432/postgres]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
import type { Ctx } from '../../src/context.js';
import { indicatorDef } from '../../src/indicators/catalogue.js';
import { computeIndicators, type IndicatorQuery, placeFacts, rankPlaces } from '../../src/indicators/compute.js';
import { generateReport } from '../../src/indicators/generate-report.js';
import { trendBuckets } from '../../src/indicators/periods.js';
import { refreshRollup } from '../../src/indicators/refresh-rollup.js';
import { openPlatform } from '../../src/platform.js';
import { progressBar } from '../../src/shared/progress.js';
import { generateCases } from '../cases/generate.js';
import { args, fmt, fmtX, log, median, pick, ratio, rng, table, writeResult } from '../lib/common.js';
import { pgAdmin } from '../lib/pg-admin.js';
import { generateCity } from './generate.js';

const a = args();
const SCHOOLS = Number(a.get('schools') ?? 3000);
const REPORTS_PER_DAY = Number(a.get('reports-per-day') ?? 40);
const CASES = Number(a.get('cases') ?? 20_000);
const RUNS = Number(a.get('runs') ?? 30);
const NAIVE_RUNS = Number(a.get('naive-runs') ?? 5);
const PG_ADMIN = a.get('pg-admin') ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const HALF = { from: '2026-01-01', to: '2026-07-01' };
const NOW = '2026-12-01T03:00:00.000Z';

const p95 = (xs: number[]) => {
  const v = [...xs].sort((x, y) => x - y);
  return v[Math.min(v.length - 1, Math.ceil(v.length * 0.95) - 1)] as number;
};
async function timed(runs: number, f: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f(i);
    ms.push(performance.now() - t0);
  }
  return { p50: median(ms), p95: p95(ms) };
}

async function benchOne(dialect: 'sqlite' | 'postgres', databaseUrl: string | undefined): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-bench-ind-'));
  const env: Record<string, string> = { LACHAN_DATA_DIR: dataDir, LACHAN_LOG_LEVEL: 'silent', LACHAN_ADMIN_PASSWORD: 'bench-admin-password-1' };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const p = await openPlatform(loadConfig(env), { clock: () => new Date(NOW) });
  try {
    const deps = p.deps;
    const db = deps.db.kysely;
    const checkpoint = async () => {
      if (dialect === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    };
    const admin = await db.selectFrom('users').select(['id', 'username']).where('role', '=', 'system_admin').executeTakeFirstOrThrow();
    const sys: Ctx = {
      ...deps,
      actor: { kind: 'user', id: admin.id, label: admin.username, role: 'system_admin', unitId: null, agencyId: null, schoolId: null },
      origin: { ip: null },
    };
    const g0 = performance.now();
    const bar = progressBar(`${dialect}: city`);
    const counts = await generateCity(db, { schools: SCHOOLS, reportsPerDay: REPORTS_PER_DAY, progress: bar.update });
    bar.stop();
    const wards = (await db.selectFrom('units').select('id').where('kind', '!=', 'city').execute()).map((u) => u.id);
    const cbar = progressBar(`${dialect}: cases`);
    await generateCases(sys, wards, { n: CASES, eventsPerCase: 6, progress: cbar.update, afterBatch: checkpoint });
    cbar.stop();
    await checkpoint();
    const genS = (performance.now() - g0) / 1000;
    log(`${dialect}: ${JSON.stringify({ ...counts, cases: CASES })} written in ${fmt(genS)} s`);

    // the rollup, as the job builds it on a fresh installation (24 months a run)
    const r0 = performance.now();
    for (let k = 0; k < 5; k++) await refreshRollup(db, new Date(NOW));
    await checkpoint();
    const rollupS = (performance.now() - r0) / 1000;
    const rollupRows = Number(
      (
        await db
          .selectFrom('indicator_monthly')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    log(`${dialect}: rollup of ${rollupRows} rows built in ${fmt(rollupS)} s`);

    const r = rng(3);
    const base = (live: boolean): IndicatorQuery => ({ period: HALF, place: { kind: 'city' }, minSessions: 1, now: NOW, lang: 'vi', live });
    const ward = (live: boolean): IndicatorQuery => ({ ...base(live), place: { kind: 'ward', unitId: pick(r, wards) } });
    const coverage = indicatorDef('programme_coverage');
    const blocked = indicatorDef('blocked_lookups');
    if (!coverage || !blocked) throw new Error('catalogue');
    const reports = indicatorDef('reports_received');
    if (!reports) throw new Error('catalogue');
    const trend = async (live: boolean) => {
      for (const period of trendBuckets({ from: '2025-01-01', to: '2026-01-01' }, 'month')) await placeFacts(db, { ...base(live), period }, reports);
    };
    const queries: Array<[string, (live: boolean) => Promise<unknown>]> = [
      ['city indicators, 6 months', (live) => computeIndicators(db, base(live))],
      ['a ward’s indicators, 6 months', (live) => computeIndicators(db, ward(live))],
      ['wards ranked: blocked look-ups', (live) => rankPlaces(db, blocked, base(live))],
      ['wards ranked: coverage', (live) => rankPlaces(db, coverage, base(live))],
      ['trend: 12 months', (live) => trend(live)],
    ];
    const results: Record<string, unknown> = {};
    const rows: string[][] = [];
    for (const [name, q] of queries) {
      await q(false); // warm
      const fast = await timed(RUNS, () => q(false));
      const naive = await timed(NAIVE_RUNS, () => q(true));
      results[name] = { rollup: fast, naive };
      rows.push([name, fmt(fast.p50), fmt(fast.p95), fmt(naive.p50), fmt(naive.p95), fmtX(ratio(naive.p50, fast.p50))]);
    }
    const reportMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await generateReport(sys, { kind: 'half_year', year: 2026, index: 1 });
      reportMs.push(performance.now() - t0);
    }
    results['6-month city report (.xlsx + .docx)'] = { p50: median(reportMs), max: Math.max(...reportMs) };
    rows.push(['6-month city report (.xlsx + .docx), 3 runs', fmt(median(reportMs)), fmt(Math.max(...reportMs)), '', '', '']);
    log(`${dialect}:\n${table(['query (ms)', 'rollup p50', 'rollup p95', 'naive p50', 'naive p95', 'naive ÷ rollup'], rows)}`);
    return { counts: { ...counts, cases: CASES }, generateSeconds: genS, rollupSeconds: rollupS, rollupRows, results };
  } finally {
    await p.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results: Record<string, unknown> = { sqlite: await benchOne('sqlite', undefined) };
if (!a.has('sqlite-only')) {
  const name = `lachan_bench_ind_${process.pid}`;
  await pgAdmin(PG_ADMIN, `create database ${name}`);
  try {
    const u = new URL(PG_ADMIN);
    u.pathname = `/${name}`;
    results.postgres = await benchOne('postgres', u.toString());
  } finally {
    await pgAdmin(PG_ADMIN, `drop database if exists ${name} with (force)`);
  }
}
log(`results: ${writeResult('indicators', { schools: SCHOOLS, reportsPerDay: REPORTS_PER_DAY, runs: RUNS, naiveRuns: NAIVE_RUNS, results })}`);
