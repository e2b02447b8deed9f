// Reporting-centre load benchmark (issue 4): sustained accepted reports per second (no files),
// p50/p99 latency and non-2xx counts with autocannon on loopback, for lachan on SQLite, lachan on
// PostgreSQL and a bare Fastify route (the ceiling), in one run. After each lachan run the server
// is stopped and the database is read: every tracking code returned with a 201 must be there
// exactly once, and there must be no other report (zero lost, zero duplicated).
//   npx tsx bench/intake/run.ts [--runs 3] [--duration 15] [--connections 10] [--only sqlite,postgres,sqlite-form,bare]
// Needs npm run build (bin/lachan.js runs dist/) and PostgreSQL on 127.0.0.1:5432 (trust auth,
// role postgres may create databases) for the PostgreSQL row.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import { args, fmt, fmtX, launch, log, median, memoryOf, ROOT, ratio, stop, table, writeResult } from '../lib/common.js';
import { compileScript } from '../lib/compile.js';
import { built, freePort, httpStatus, issueToken, type LachanEnv, startLachan, waitFor200 } from '../lib/lachan.js';

const a = args();
const RUNS = Number(a.get('runs') ?? 3);
const DURATION = Number(a.get('duration') ?? 15);
const WARMUP = Number(a.get('warmup') ?? 3);
const CONNECTIONS = Number(a.get('connections') ?? 10);
const ONLY = a.get('only')?.split(',') ?? null;
const PG_ADMIN = a.get('pg') ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROUTE = '/api/v1/intake/reports';

type Target = 'sqlite' | 'postgres' | 'sqlite-form' | 'bare';
const TARGETS: Target[] = ['sqlite', 'postgres', 'sqlite-form', 'bare'];
const LABEL: Record<Target, string> = {
  sqlite: 'lachan, SQLite, partner API',
  postgres: 'lachan, PostgreSQL, partner API',
  'sqlite-form': 'lachan, SQLite, public form (GET / + POST)',
  bare: 'bare Fastify route (ceiling)',
};
const FORM_CATS = ['cyberbullying', 'harmful_content', 'grooming', 'scam'];

/** The public form as a browser posts it, URL-encoded, with the form's own id and no-cookie token. */
function formBody(run: string, seq: number, formId: string, token: string): string {
  return new URLSearchParams({
    _t2: token,
    form_id: formId,
    lang: 'vi',
    reporter: 'parent_relative',
    cat: FORM_CATS[seq % FORM_CATS.length] as string,
    description: `Phản ánh thử tải số ${seq} (${run}): có người lạ nhắn tin cho con tôi trên mạng xã hội, gửi ảnh không phù hợp và đòi gặp mặt.`,
    platform: PLAT[seq % PLAT.length] as string,
    urls: `https://example.com/form/${run}/${seq}`,
    when: 'this_week',
    age: AGE[seq % AGE.length] as string,
  }).toString();
}

const AGE = ['under_6', '6_10', '11_14', '15_17', 'unknown'];
const CATS = ['cyberbullying', 'harmful_content', 'grooming', 'scam', 'privacy', 'sextortion'];
const PLAT = ['facebook', 'zalo', 'tiktok', 'youtube', 'messenger', 'roblox'];

/** A partner report without files; unique text and reference per request. */
function reportBody(run: string, seq: number): string {
  return JSON.stringify({
    incidentTypes: [CATS[seq % CATS.length], ...(seq % 5 === 0 ? ['other'] : [])],
    imminentDanger: false,
    description: `Phản ánh thử tải số ${seq} (${run}): một tài khoản lạ nhắn tin liên tục cho học sinh lớp 7, gửi đường dẫn lạ và đòi gặp mặt. Nhà trường đã nhắc nhở nhưng tài khoản vẫn tiếp tục.`,
    urls: [`https://example.com/post/${run}/${seq}`, `https://example.net/u/${seq}`],
    platform: PLAT[seq % PLAT.length],
    victim: { ageBand: AGE[seq % AGE.length] },
    reporter: { kind: 'teacher_school', consentToContact: false },
    partnerReference: `${run}-${seq}`,
    lang: 'vi',
  });
}

interface Load {
  reqPerSec: number;
  acceptedPerSec: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  total: number;
  created: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** tracking code per idempotency key, for every 201 */
  codes: Map<string, string>;
  /** keys sent whose response never came back (in flight when autocannon stopped) */
  inFlight: Set<string>;
  /** keys answered with something other than 201 */
  refused: Set<string>;
}

function drive(url: string, token: string | null, runId: string, seconds: number, form = false): Promise<Load> {
  let seq = 0;
  const codes = new Map<string, string>();
  const inFlight = new Set<string>();
  const refused = new Set<string>();
  let created = 0;
  const statusCodes: Record<string, number> = {};
  return new Promise((resolve, reject) => {
    const inst = autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: seconds,
        timeout: 10,
        requests: form
          ? [
              {
                method: 'GET',
                path: '/',
                onResponse: (_status: number, body: string, context) => {
                  const hidden = Object.fromEntries([...body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
                  context.formId = hidden.form_id;
                  context.t2 = hidden._t2;
                },
              },
              {
                method: 'POST',
                path: '/bao-cao',
                setupRequest: (req, context) => {
                  seq++;
                  const key = String(context.formId);
                  context.key = key;
                  inFlight.add(key);
                  const origin = new URL(url).origin;
                  return {
                    ...req,
                    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, 'sec-fetch-site': 'same-origin' },
                    body: formBody(runId, seq, key, String(context.t2)),
                  };
                },
                onResponse: (status: number, body: string, context) => {
                  const key = context.key as string;
                  inFlight.delete(key);
                  statusCodes[status] = (statusCodes[status] ?? 0) + 1;
                  if (status === 201) {
                    created++;
                    codes.set(key, /<p class="code">([^<]+)<\/p>/.exec(body)?.[1] ?? '(unparsable)');
                  } else refused.add(key);
                },
              },
            ]
          : [
              {
                method: 'POST',
                path: ROUTE,
                // one request in flight per connection (no pipelining): the connection's context says which
                setupRequest: (req, context) => {
                  seq++;
                  const key = `${runId}-${seq}`;
                  context.key = key;
                  inFlight.add(key);
                  return {
                    ...req,
                    headers: { 'content-type': 'application/json', 'idempotency-key': key, ...(token ? { authorization: `Bearer ${token}` } : {}) },
                    body: reportBody(runId, seq),
                  };
                },
                onResponse: (status: number, body: string, context) => {
                  const key = context.key as string;
                  inFlight.delete(key);
                  statusCodes[status] = (statusCodes[status] ?? 0) + 1;
                  if (status === 201) {
                    created++;
                    try {
                      codes.set(key, (JSON.parse(body) as { trackingCode: string }).trackingCode);
                    } catch {
                      codes.set(key, '(unparsable)');
                    }
                  } else refused.add(key);
                },
              },
            ],
      },
      (err, r) => {
        if (err) return reject(err);
        resolve({
          reqPerSec: r.requests.average,
          acceptedPerSec: created / r.duration,
          p50: r.latency.p50,
          p90: r.latency.p90,
          p99: r.latency.p99,
          max: r.latency.max,
          total: r.requests.total,
          created,
          non2xx: r.non2xx,
          errors: r.errors,
          timeouts: r.timeouts,
          statusCodes,
          codes,
          inFlight,
          refused,
        });
      },
    );
    autocannon.track(inst, { renderProgressBar: process.stderr.isTTY, renderResultsTable: false, renderLatencyTable: false });
  });
}

/** Reads every report back from the database: tracking code and idempotency key. */
async function storedReports(target: Target, dataDir: string, dbUrl: string | null): Promise<{ code: string; key: string | null }[]> {
  const sql = 'SELECT tracking_code AS code, idem_key AS key FROM intake_reports';
  if (target !== 'postgres') {
    const db = new Database(path.join(dataDir, 'lachan.sqlite'), { readonly: true });
    const rows = db.prepare(sql).all() as { code: string; key: string | null }[];
    db.close();
    return rows;
  }
  if (!dbUrl) return [];
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const rows = (await c.query<{ code: string; key: string | null }>(sql)).rows;
  await c.end();
  return rows;
}

/**
 * Every 201 must be stored exactly once under its tracking code and key (lost, duplicated); every
 * stored report must be one the client sent and was answered 201 for, or one still in flight when
 * the load generator stopped (committed, the answer not read) — anything else is unexplained.
 */
function check(loads: Load[], stored: { code: string; key: string | null }[]) {
  const returned = new Map<string, string>();
  const inFlight = new Set<string>();
  const refused = new Set<string>();
  for (const l of loads) {
    for (const [k, c] of l.codes) returned.set(k, c);
    for (const k of l.inFlight) inFlight.add(k);
    for (const k of l.refused) refused.add(k);
  }
  const byCode = new Map<string, number>();
  const byKey = new Map<string, number>();
  for (const r of stored) {
    byCode.set(r.code, (byCode.get(r.code) ?? 0) + 1);
    if (r.key) byKey.set(r.key, (byKey.get(r.key) ?? 0) + 1);
  }
  let lost = 0;
  let duplicated = 0;
  for (const [k, code] of returned) {
    if ((byCode.get(code) ?? 0) === 0) lost++;
    if ((byCode.get(code) ?? 0) > 1 || (byKey.get(k) ?? 0) > 1) duplicated++;
  }
  let committedInFlight = 0;
  let unexplained = 0;
  for (const r of stored) {
    if (r.key && returned.get(r.key) === r.code) continue;
    if (r.key && inFlight.has(r.key)) committedInFlight++;
    else unexplained++;
  }
  return {
    returned201: returned.size,
    stored: stored.length,
    lost,
    duplicated,
    inFlightAtStop: inFlight.size,
    committedInFlight,
    unexplained,
    refused: refused.size,
  };
}

async function pgAdmin<T>(f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

type LoadSummary = Omit<Load, 'codes' | 'inFlight' | 'refused'> & { codes: number; inFlight: number; refused: number };
interface Sample {
  run: number;
  target: Target;
  warm: LoadSummary | null;
  load: LoadSummary | null;
  readyMs: number;
  rssAfterMB: number;
  verify: ReturnType<typeof check> | null;
  error?: string;
}

async function measure(target: Target, run: number): Promise<Sample> {
  const port = await freePort();
  const runId = `r${run}-${target}-${Date.now().toString(36)}`;
  let child: ChildProcess | null = null;
  let dataDir = '';
  let dbName = '';
  let dbUrl: string | null = null;
  try {
    let token: string | null = null;
    let url: string;
    let readyMs: number;
    if (target === 'bare') {
      const t0 = performance.now();
      child = launch(process.execPath, [compileScript(path.join(ROOT, 'bench', 'intake', 'bare.ts')), String(port)]);
      url = `http://127.0.0.1:${port}`;
      readyMs = await waitFor200(child, `${url}/readyz`, t0);
    } else {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-bench-intake-'));
      if (target === 'postgres') {
        dbName = `lachan_bench_${process.pid}_${run}`;
        await pgAdmin((c) => c.query(`CREATE DATABASE ${dbName}`));
        dbUrl = `postgres://postgres@127.0.0.1:5432/${dbName}`;
      }
      const env: LachanEnv = {
        dataDir,
        port,
        ...(dbUrl ? { databaseUrl: dbUrl } : {}),
        // the per-IP and global flood limits of public intake and the API-wide per-address limit
        // (GET / of the form row counts against it), raised for a load test from one address
        extra: { LACHAN_INTAKE_IP_LIMIT: '1000000', LACHAN_INTAKE_GLOBAL_LIMIT: '1000000', LACHAN_HTTP_RATE_LIMIT: '1000000' },
      };
      token = issueToken(env, ['reports:write']);
      const s = await startLachan(env);
      child = s.child;
      url = s.url;
      readyMs = s.readyMs;
      // the route must exist
      const st = await httpStatus(`${url}${ROUTE}?limit=1`);
      if (st === 404) throw new Error(`${ROUTE} not found: the intake API has not landed`);
    }
    log(`  ${LABEL[target]}: up in ${fmt(readyMs / 1000, 2)} s; warm-up ${WARMUP} s…`);
    const warm = WARMUP > 0 ? await drive(url, token, `${runId}w`, WARMUP, target === 'sqlite-form') : null;
    log(`  ${LABEL[target]}: ${DURATION} s at ${CONNECTIONS} connections…`);
    const load = await drive(url, token, runId, DURATION, target === 'sqlite-form');
    const rss = memoryOf(child.pid as number).rssMB;
    log(`  ${LABEL[target]}: ${fmt(load.acceptedPerSec, 0)} accepted/s, p50 ${load.p50} ms, p99 ${load.p99} ms, non-2xx ${load.non2xx}`);
    await stop(child, 15_000);
    let verify: Sample['verify'] = null;
    if (target !== 'bare') {
      verify = check(warm ? [warm, load] : [load], await storedReports(target, dataDir, dbUrl));
      log(
        `  ${LABEL[target]}: ${verify.returned201} answered 201 · ${verify.stored} stored · lost ${verify.lost} · duplicated ${verify.duplicated} · in flight at stop ${verify.inFlightAtStop} (${verify.committedInFlight} committed) · unexplained ${verify.unexplained}`,
      );
    }
    const strip = (l: Load): LoadSummary => ({ ...l, codes: l.codes.size, inFlight: l.inFlight.size, refused: l.refused.size });
    return { run, target, warm: warm ? strip(warm) : null, load: strip(load), readyMs, rssAfterMB: rss, verify };
  } finally {
    if (child) await stop(child, 15_000);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (dbName) await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)).catch(() => {});
  }
}

async function main() {
  let targets: Target[] = [...TARGETS];
  if (ONLY) targets = targets.filter((t) => ONLY.includes(t));
  if (!built()) {
    log('dist/ missing: run npm run build; measuring the bare route only');
    targets = targets.filter((t) => t === 'bare');
  }
  log(`targets: ${targets.join(', ')}; ${RUNS} runs × ${DURATION} s at ${CONNECTIONS} connections`);
  const samples: Sample[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const order = targets.map((_, i) => targets[(i + run - 1) % targets.length] as Target);
    for (const t of order) {
      log(`run ${run}/${RUNS} · ${LABEL[t]}`);
      try {
        samples.push(await measure(t, run));
      } catch (e) {
        const msg = (e as Error).message;
        log(`  ${LABEL[t]}: FAILED ${msg.split('\n')[0]}`);
        samples.push({ run, target: t, warm: null, load: null, readyMs: Number.NaN, rssAfterMB: Number.NaN, verify: null, error: msg.slice(0, 3000) });
        // the API is missing: no use retrying this target
        if (/has not landed/.test(msg)) targets = targets.filter((x) => x !== t);
      }
    }
  }

  const runs = [...Array(RUNS).keys()].map((i) => i + 1);
  const acc = (t: Target, r: number) => samples.find((s) => s.target === t && s.run === r)?.load?.acceptedPerSec ?? Number.NaN;
  const all: Target[] = ONLY ? TARGETS.filter((t) => ONLY.includes(t)) : TARGETS;
  const summary = all.map((t) => {
    const mine = samples.filter((s) => s.target === t && s.load);
    const sum = (f: (s: Sample) => number) => mine.reduce((n, s) => n + f(s), 0);
    return {
      target: t,
      label: LABEL[t],
      runs: mine.length,
      acceptedPerSec: median(mine.map((s) => s.load?.acceptedPerSec ?? Number.NaN)),
      acceptedRuns: mine.map((s) => Math.round(s.load?.acceptedPerSec ?? 0)),
      vsBare: median(runs.map((r) => ratio(acc(t, r), acc('bare', r)))),
      p50: median(mine.map((s) => s.load?.p50 ?? Number.NaN)),
      p99: median(mine.map((s) => s.load?.p99 ?? Number.NaN)),
      p99Max: Math.max(...mine.map((s) => s.load?.p99 ?? Number.NaN)),
      non2xx: sum((s) => (s.load?.non2xx ?? 0) + (s.warm?.non2xx ?? 0)),
      errors: sum((s) => (s.load?.errors ?? 0) + (s.warm?.errors ?? 0)),
      created: sum((s) => s.verify?.returned201 ?? 0),
      lost: t === 'bare' ? null : sum((s) => s.verify?.lost ?? 0),
      duplicated: t === 'bare' ? null : sum((s) => s.verify?.duplicated ?? 0),
      committedInFlight: t === 'bare' ? null : sum((s) => s.verify?.committedInFlight ?? 0),
      unexplained: t === 'bare' ? null : sum((s) => s.verify?.unexplained ?? 0),
      rssMB: median(mine.map((s) => s.rssAfterMB)),
      failures: samples.filter((s) => s.target === t && s.error).map((s) => s.error?.split('\n')[0]),
    };
  });
  const header = ['target', 'accepted/s (median)', 'runs', '× bare', 'p50 ms', 'p99 ms', 'non-2xx', 'created', 'lost', 'duplicated', 'unexplained', 'RSS MB'];
  const rows = summary.map((s) => [
    s.label,
    fmt(s.acceptedPerSec, 0),
    s.acceptedRuns.join(' / '),
    fmtX(s.vsBare),
    fmt(s.p50, 0),
    fmt(s.p99, 0),
    String(s.non2xx),
    s.target === 'bare' ? '—' : String(s.created),
    s.lost === null ? '—' : String(s.lost),
    s.duplicated === null ? '—' : String(s.duplicated),
    s.unexplained === null ? '—' : String(s.unexplained),
    fmt(s.rssMB, 0),
  ]);
  const text = table(header, rows);
  process.stdout.write(`\nReporting centre, POST ${ROUTE} without files, ${RUNS} runs × ${DURATION} s, autocannon ${CONNECTIONS} connections\n\n${text}\n`);
  for (const s of summary) if (s.failures.length) process.stdout.write(`${s.label}: ${s.failures.length} failed run(s): ${s.failures[0]}\n`);
  // the default load keeps its name (the chart reads it); another connection count is kept beside it
  const file = writeResult(CONNECTIONS === 10 ? 'intake' : `intake-c${CONNECTIONS}`, {
    command: `npx tsx bench/intake/run.ts${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
    settings: { runs: RUNS, durationS: DURATION, warmupS: WARMUP, connections: CONNECTIONS, route: ROUTE, logLevel: 'warn' },
    summary,
    samples,
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
