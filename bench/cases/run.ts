// Issue 13's benchmark: 100,000 cases and 2 million events (synthetic, written through the case
// store's own writer, bench/cases/generate.ts), then the case list filtered by ward and state
// (listCases) and a case page with its timeline (readCase — audited, one durable commit per read,
// as in production), p50/p95 on SQLite and on PostgreSQL. Each beside a naive peer in the same run
// on the same data: the same answer derived by replaying the events (no projection table): the
// list by replaying every case of the ward, the page by replaying its events.
//   npx tsx bench/cases/run.ts [--cases 100000] [--events 20] [--runs 200] [--naive-runs 20] [--sqlite-only] [--pg-admin postgres://postgres@127.0.0.1:5432/postgres]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { audit } from '../../src/audit/audit.js';
import type { CaseEvent } from '../../src/cases/events.js';
import { listCases } from '../../src/cases/list-cases.js';
import { readCase } from '../../src/cases/read-case.js';
import { replay } from '../../src/cases/reduce.js';
import { loadConfig } from '../../src/config.js';
import type { Ctx, Deps } from '../../src/context.js';
import { openPlatform } from '../../src/platform.js';
import { progressBar } from '../../src/shared/progress.js';
import { args, fmt, fmtX, log, median, pick, ratio, rng, table, writeResult } from '../lib/common.js';
import { pgAdmin } from '../lib/pg-admin.js';
import { generateCases } from './generate.js';

const a = args();
const CASES = Number(a.get('cases') ?? 100_000);
const EVENTS = Number(a.get('events') ?? 20);
const RUNS = Number(a.get('runs') ?? 200);
const NAIVE_RUNS = Number(a.get('naive-runs') ?? 20);
const PG_ADMIN = a.get('pg-admin') ?? 'postgres://postgres@127.0.0.1:5432/postgres';

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

/** Naive list: every case of the ward replayed from its events, filtered by the replayed state. */
async function naiveList(deps: Deps, unitId: string, victimState: string): Promise<number> {
  const rows = await deps.db.kysely
    .selectFrom('case_events as e')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .select(['e.case_id', 'e.type', 'e.at', 'e.data'])
    .where('c.unit_id', '=', unitId)
    .orderBy('e.case_id')
    .orderBy('e.seq')
    .execute();
  const byCase = new Map<string, CaseEvent[]>();
  for (const r of rows) {
    const list = byCase.get(r.case_id) ?? [];
    if (list.length === 0) byCase.set(r.case_id, list);
    list.push({ type: r.type, at: r.at, data: JSON.parse(r.data) } as CaseEvent);
  }
  let n = 0;
  for (const events of byCase.values()) if (replay(events)?.victim === victimState) n++;
  return n;
}

/**
 * Naive page: the case's events read and replayed (what readCase takes from the projection row),
 * audited in the same transaction as readCase does, so the two differ only in the projection.
 */
async function naivePage(ctx: Ctx, id: string): Promise<unknown> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('case_events').selectAll().where('case_id', '=', id).orderBy('seq').execute();
    const state = replay(rows.map((r) => ({ type: r.type, at: r.at, data: JSON.parse(r.data) }) as CaseEvent));
    await audit(ctx, trx, 'case.read', { type: 'case', id }, { version: state?.version });
    return { state, timeline: rows.map((r) => ({ seq: r.seq, type: r.type, at: r.at, data: JSON.parse(r.data) })) };
  });
}

async function benchOne(dialect: 'sqlite' | 'postgres', databaseUrl: string | undefined): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-bench-cases-'));
  const env: Record<string, string> = { LACHAN_DATA_DIR: dataDir, LACHAN_LOG_LEVEL: 'silent', LACHAN_ADMIN_PASSWORD: 'bench-admin-password-1' };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const p = await openPlatform(loadConfig(env));
  try {
    const deps = p.deps;
    const wards = (await deps.db.kysely.selectFrom('units').select('id').where('id', '!=', '01').execute()).map((u) => u.id);
    const admin = await deps.db.kysely.selectFrom('users').select(['id', 'username']).where('role', '=', 'system_admin').executeTakeFirstOrThrow();
    const sys: Ctx = {
      ...deps,
      actor: { kind: 'user', id: admin.id, label: admin.username, role: 'system_admin', unitId: null, agencyId: null, schoolId: null },
      origin: { ip: null },
    };
    const bar = progressBar(`${dialect}: cases`);
    const g0 = performance.now();
    // SQLite: the server checkpoints its WAL on a worker (db/checkpointer.ts), which this process
    // does not run; without a checkpoint the 2 GB written would all sit in the WAL and slow reads.
    const checkpoint = async () => {
      if (dialect === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(deps.db.kysely);
    };
    await generateCases(sys, wards, { n: CASES, eventsPerCase: EVENTS, progress: bar.update, afterBatch: checkpoint });
    await checkpoint();
    bar.stop();
    const genS = (performance.now() - g0) / 1000;
    const counts = {
      cases: Number(
        (
          await deps.db.kysely
            .selectFrom('cases')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      events: Number(
        (
          await deps.db.kysely
            .selectFrom('case_events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    };
    log(`${dialect}: ${counts.cases} cases, ${counts.events} events written in ${fmt(genS)} s`);

    const r = rng(7);
    const states = ['registered', 'assessed', 'planned', 'in_service', 'follow_up', 'closed'] as const;
    // a ward's case worker: the list goes through the policy's scope as in production
    const worker = (unitId: string): Ctx => ({
      ...sys,
      actor: { kind: 'user', id: admin.id, label: 'bench', role: 'case_worker', unitId, agencyId: null, schoolId: null },
    });
    const listArgs = Array.from({ length: Math.max(RUNS, NAIVE_RUNS) }, () => ({ unitId: pick(r, wards), victimState: pick(r, states) }));
    const ids = (await deps.db.kysely.selectFrom('cases').select('id').execute()).map((c) => c.id);
    const pageIds = Array.from({ length: Math.max(RUNS, NAIVE_RUNS) }, () => pick(r, ids));

    // Check the two ways agree before timing them.
    for (const q of listArgs.slice(0, 3)) {
      const real = await listCases(worker(q.unitId), { ...q, limit: 50 });
      const naive = await naiveList(deps, q.unitId, q.victimState);
      if (real.total !== naive) throw new Error(`list disagrees: ${real.total} vs ${naive} for ${JSON.stringify(q)}`);
    }
    const list = await timed(RUNS, (i) => listCases(worker(listArgs[i]?.unitId as string), { ...(listArgs[i] as (typeof listArgs)[number]), limit: 50 }));
    const listNaive = await timed(NAIVE_RUNS, (i) => naiveList(deps, listArgs[i]?.unitId as string, listArgs[i]?.victimState as string));
    const page = await timed(RUNS, (i) => readCase(sys, pageIds[i] as string, 'vi'));
    const pageNaive = await timed(RUNS, (i) => naivePage(sys, pageIds[i] as string));
    return { dialect, ...counts, generateSeconds: Math.round(genS), list, listNaive, page, pageNaive };
  } finally {
    await p.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type T = { p50: number; p95: number };
const row = (x: Record<string, unknown>, what: string, k: 'list' | 'page') => {
  const real = x[k] as T;
  const naive = x[`${k}Naive`] as T;
  return [String(x.dialect), what, fmt(real.p50, 2), fmt(real.p95, 2), fmt(naive.p50, 2), fmt(naive.p95, 2), fmtX(ratio(naive.p50, real.p50))];
};
const results: Record<string, unknown>[] = [];
const report = () =>
  console.log(
    table(
      ['database', 'query', 'p50 ms', 'p95 ms', 'naive p50', 'naive p95', 'naive / real (p50)'],
      results.flatMap((x) => [row(x, 'list: ward + state', 'list'), row(x, 'case page + timeline', 'page')]),
    ),
  );
results.push(await benchOne('sqlite', undefined));
report();
if (!a.has('sqlite-only')) {
  const name = `lachan_bench_cases_${process.pid}`;
  await pgAdmin(PG_ADMIN, `create database ${name}`);
  try {
    const u = new URL(PG_ADMIN);
    u.pathname = `/${name}`;
    results.push(await benchOne('postgres', u.toString()));
  } finally {
    await pgAdmin(PG_ADMIN, `drop database if exists ${name} with (force)`);
  }
}

report();
log(`results: ${writeResult('cases', { cases: CASES, eventsPerCase: EVENTS, runs: RUNS, naiveRuns: NAIVE_RUNS, results })}`);
