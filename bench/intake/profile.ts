// Where a report's time goes (issue 4, performance): starts the platform in this process on a
// loopback port, sends N partner reports (no files) from autocannon in a child process, and
// records a CPU profile of the main thread only (node:inspector). Prints self and inclusive time
// per function and per source area, SQL statements per report (counted at the driver), and the
// group-commit batch sizes.
//   npx tsx bench/intake/profile.ts [--reports 4000] [--connections 10] [--postgres [admin-url]] [--out profile.cpuprofile] [--top 30] [--no-profile] [--no-count]
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { verifyAuditChain } from '../../src/audit/verify.js';
import { userActor } from '../../src/auth/sessions.js';
import { loadConfig } from '../../src/config.js';
import { issueToken } from '../../src/org/tokens/issue-token.js';
import { startPlatform } from '../../src/platform.js';
import { args, fmt, log, ROOT, table } from '../lib/common.js';
import { pgAdmin } from '../lib/pg-admin.js';

const a = args();
const REPORTS = Number(a.get('reports') ?? 4000);
const CONNECTIONS = Number(a.get('connections') ?? 10);
// --postgres: a scratch database on 127.0.0.1:5432 (created here, dropped afterwards)
const PG_ADMIN =
  a.get('postgres') === undefined ? null : a.get('postgres') === 'true' ? 'postgres://postgres@127.0.0.1:5432/postgres' : (a.get('postgres') as string);
const OUT = a.get('out') ?? null;
const TOP = Number(a.get('top') ?? 30);
const PROFILE = a.get('no-profile') === undefined;
// --no-count: no statement counting (its wrappers cost CPU), for a clean CPU-per-report figure

// ── SQL statements, counted where they reach the driver ───────────────────────────────────────
const statements = new Map<string, number>();
/** wall time inside better-sqlite3 per statement text (SQLite only: pg queries are asynchronous) */
const statementMs = new Map<string, number>();
const commitTimes: number[] = [];
const keyOf = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .replace(/\(\?(, \?)*\)(, \(\?(, \?)*\))*/g, '(…)')
    .replace(/\$\d+/g, '$')
    .slice(0, 90);
const count = (text: string) => {
  const key = keyOf(text);
  statements.set(key, (statements.get(key) ?? 0) + 1);
};
const COUNT = a.get('no-count') === undefined;
if (COUNT) {
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...x: unknown[]) => unknown>;
  for (const m of ['run', 'all', 'get', 'iterate'] as const) {
    const orig = proto[m] as (...x: unknown[]) => unknown;
    proto[m] = function (this: { source: string }, ...x: unknown[]) {
      count(this.source);
      const t0 = performance.now();
      try {
        return orig.apply(this, x);
      } finally {
        const k = keyOf(this.source);
        const ms = performance.now() - t0;
        statementMs.set(k, (statementMs.get(k) ?? 0) + ms);
        if (k === 'commit') commitTimes.push(ms);
      }
    };
  }
  probe.close();
  const q = pg.Client.prototype.query as (...x: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...x: unknown[]) {
    const first = x[0] as string | { text?: string };
    count(typeof first === 'string' ? first : (first?.text ?? '?'));
    return q.apply(this, x);
  } as typeof pg.Client.prototype.query;
}

// ── the load, from a child process (its CPU is not in this process's profile) ────────────────
const LOADER = `
const workerData = JSON.parse(process.argv[1]);
const autocannon = require(workerData.autocannon);
const CATS = ['cyberbullying', 'harmful_content', 'grooming', 'scam', 'privacy', 'sextortion'];
const PLAT = ['facebook', 'zalo', 'tiktok', 'youtube', 'messenger', 'roblox'];
const AGE = ['under_6', '6_10', '11_14', '15_17', 'unknown'];
let seq = 0;
const run = workerData.run;
autocannon({
  url: workerData.url, connections: workerData.connections, amount: workerData.amount, timeout: 20,
  requests: [{ method: 'POST', path: '/api/v1/intake/reports', setupRequest: (req) => {
    seq++;
    return { ...req, headers: { 'content-type': 'application/json', 'idempotency-key': run + '-' + seq, authorization: 'Bearer ' + workerData.token },
      body: JSON.stringify({ incidentTypes: [CATS[seq % 6], ...(seq % 5 === 0 ? ['other'] : [])], imminentDanger: false,
        description: 'Phản ánh thử tải số ' + seq + ' (' + run + '): một tài khoản lạ nhắn tin liên tục cho học sinh lớp 7, gửi đường dẫn lạ và đòi gặp mặt.',
        urls: ['https://example.com/post/' + run + '/' + seq, 'https://example.net/u/' + seq], platform: PLAT[seq % 6],
        victim: { ageBand: AGE[seq % 5] }, reporter: { kind: 'teacher_school', consentToContact: false }, partnerReference: run + '-' + seq, lang: 'vi' }) };
  } }],
}, (err, r) => process.stdout.write(JSON.stringify(err ? { error: String(err) } : { duration: r.duration, total: r.requests.total, non2xx: r.non2xx, p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, statusCodes: r.statusCodeStats })));
`;

function load(url: string, token: string, amount: number, run: string) {
  return new Promise<{ duration: number; total: number; non2xx: number; p50: number; p99: number; rps: number; error?: string }>((resolve, reject) => {
    const data = { url, token, amount, run, connections: CONNECTIONS, autocannon: path.join(ROOT, 'node_modules', 'autocannon') };
    execFile(process.execPath, ['-e', LOADER, JSON.stringify(data)], { maxBuffer: 1 << 20 }, (err, stdout) => {
      if (err) return reject(err);
      const m = JSON.parse(stdout);
      if (m.error) reject(new Error(m.error));
      else resolve(m);
    });
  });
}

// ── profile summary ──────────────────────────────────────────────────────────────────────────
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const AREAS: Array<[RegExp, string]> = [
  [/^\(garbage collector\)$/, 'GC'],
  [/^\(idle\)$/, 'idle'],
  [/^\(program\)$/, 'program (native, incl. SQLite)'],
  [/\/src\/audit\//, 'lachan: audit'],
  [/\/src\/intake\//, 'lachan: intake'],
  [/\/src\/db\//, 'lachan: db (group commit)'],
  [/\/src\/(auth|org|access|http|shared)\//, 'lachan: auth/http/shared'],
  [/\/src\//, 'lachan: other'],
  [/node_modules\/kysely\//, 'kysely'],
  [/node_modules\/better-sqlite3\//, 'better-sqlite3 (JS side)'],
  [/node_modules\/pg(-[a-z]+)?\//, 'pg'],
  [/node_modules\/(fastify|@fastify|find-my-way|light-my-request|avvio|fast-json-stringify|ajv|secure-json-parse|fast-uri)/, 'fastify + ajv'],
  [/node_modules\//, 'other packages'],
  [/^node:|^$/, 'node internals (net, http, crypto…)'],
];
const areaOf = (n: Node) => {
  const key = n.callFrame.url || n.callFrame.functionName;
  for (const [re, name] of AREAS) if (re.test(n.callFrame.url) || (n.callFrame.url === '' && re.test(n.callFrame.functionName))) return name;
  return key.startsWith('file:') ? 'other' : 'node internals (net, http, crypto…)';
};
const fnKey = (n: Node) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;

function summarise(p: Profile, reports: number) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) selfUs.set(p.samples[i] as number, (selfUs.get(p.samples[i] as number) ?? 0) + (p.timeDeltas[i] ?? 0));
  const total = [...selfUs.values()].reduce((s, x) => s + x, 0);
  const idleUs = [...selfUs].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((s, [, x]) => s + x, 0);
  const busy = total - idleUs;
  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id) as Node;
    self.set(fnKey(n), (self.get(fnKey(n)) ?? 0) + us);
    areas.set(areaOf(n), (areas.get(areaOf(n)) ?? 0) + us);
  }
  // inclusive: a node's time plus its subtree's, counted once per function on a stack
  const incl = new Map<string, number>();
  const subtree = new Map<number, number>();
  const sub = (id: number): number => {
    const n = byId.get(id) as Node;
    let s = selfUs.get(id) ?? 0;
    for (const c of n.children ?? []) s += sub(c);
    subtree.set(id, s);
    return s;
  };
  const root = p.nodes[0] as Node;
  sub(root.id);
  const walk = (id: number, onStack: Set<string>) => {
    const n = byId.get(id) as Node;
    const k = fnKey(n);
    const fresh = !onStack.has(k);
    if (fresh) {
      incl.set(k, (incl.get(k) ?? 0) + (subtree.get(id) ?? 0));
      onStack.add(k);
    }
    for (const c of n.children ?? []) walk(c, onStack);
    if (fresh) onStack.delete(k);
  };
  walk(root.id, new Set());
  const perReport = (us: number) => fmt(us / 1000 / reports, 3);
  const pct = (us: number) => `${fmt((100 * us) / busy, 1)} %`;
  const rows = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((x, y) => y[1] - x[1])
      .slice(0, n)
      .map(([k, us]) => [k.slice(0, 110), pct(us), perReport(us)]);
  process.stdout.write(
    `\nmain thread: ${fmt(total / 1000, 0)} ms profiled, busy ${fmt(busy / 1000, 0)} ms (${fmt((100 * busy) / total, 0)} %), ${perReport(busy)} ms busy per accepted report\n\n`,
  );
  process.stdout.write(`${table(['area (self time)', '% of busy', 'ms/report'], rows(areas, 20))}\n\n`);
  process.stdout.write(`${table(['function (self time)', '% of busy', 'ms/report'], rows(self, TOP))}\n\n`);
  const inclRows = [...incl].filter(([k]) => /src\//.test(k));
  process.stdout.write(`${table(['lachan function (inclusive)', '% of busy', 'ms/report'], rows(new Map(inclRows), TOP))}\n\n`);
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-profile-'));
  const dbName = `lachan_profile_${process.pid}`;
  let PG_URL: string | null = null;
  if (PG_ADMIN) {
    await pgAdmin(PG_ADMIN, `create database ${dbName}`);
    const u = new URL(PG_ADMIN);
    u.pathname = `/${dbName}`;
    PG_URL = u.toString();
  }
  const env = {
    LACHAN_DATA_DIR: dataDir,
    LACHAN_HTTP_ADDR: '127.0.0.1:0',
    LACHAN_DNS_ADDR: '127.0.0.1:0',
    LACHAN_ADMIN_PASSWORD: 'bench-admin-password-1234',
    LACHAN_LOG_LEVEL: 'warn',
    LACHAN_INTAKE_IP_LIMIT: '1000000',
    LACHAN_INTAKE_GLOBAL_LIMIT: '1000000',
    LACHAN_HTTP_RATE_LIMIT: '1000000',
    ...(PG_URL ? { DATABASE_URL: PG_URL } : {}),
  };
  const running = await startPlatform(loadConfig(env));
  try {
    const { deps } = running;
    const admin = await deps.db.kysely.selectFrom('users').selectAll().where('role', '=', 'system_admin').orderBy('created_at').executeTakeFirstOrThrow();
    const { secret } = await issueToken({ ...deps, actor: userActor(admin), origin: { ip: null } }, { name: 'profile', scopes: ['reports:write'] });
    const run = Date.now().toString(36);
    log(`${deps.db.description}: warm-up ${Math.min(1000, REPORTS)} reports…`);
    await load(running.httpUrl, secret, Math.min(1000, REPORTS), `${run}w`);
    const before = await deps.db.kysely
      .selectFrom('intake_reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    statements.clear();
    statementMs.clear();
    commitTimes.length = 0;
    const gc = deps.db.writes.stats;
    const gcBefore = { ...gc };
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    if (PROFILE) await session.post('Profiler.start');
    const cpu0 = process.cpuUsage();
    log(`${REPORTS} reports at ${CONNECTIONS} connections, profiling the main thread…`);
    const r = await load(running.httpUrl, secret, REPORTS, run);
    const cpu = process.cpuUsage(cpu0);
    const profile = PROFILE ? ((await session.post('Profiler.stop')) as unknown as { profile: Profile }).profile : null;
    session.disconnect();
    const after = await deps.db.kysely
      .selectFrom('intake_reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const accepted = Number(after.n) - Number(before.n);
    if (OUT && profile) writeFileSync(OUT, JSON.stringify(profile));
    process.stdout.write(
      `\n${deps.db.description}: ${r.total} requests in ${fmt(r.duration, 1)} s → ${fmt(accepted / r.duration, 0)} reports/s (profiler ${PROFILE ? 'on' : 'off'}), p50 ${r.p50} ms, p99 ${r.p99} ms, non-2xx ${r.non2xx}; ${accepted} reports stored\n`,
    );
    const batches = gc.batches - gcBefore.batches;
    const jobs = gc.jobs - gcBefore.jobs;
    process.stdout.write(
      `group commit: ${batches} transactions for ${jobs} jobs → ${fmt(jobs / Math.max(1, batches), 1)} jobs per commit, largest ${gc.largest}\n`,
    );
    process.stdout.write(
      `CPU of this process: ${fmt((cpu.user + cpu.system) / 1000 / accepted, 3)} ms per report (user ${fmt(cpu.user / 1000 / accepted, 3)}, system ${fmt(cpu.system / 1000 / accepted, 3)}); ${COUNT ? 'statement counting and timing included' : 'no statement counting'}\n`,
    );
    if (profile) summarise(profile, accepted);
    const chain = await verifyAuditChain(deps.db);
    process.stdout.write(`audit chain: ${JSON.stringify(chain)}\n`);
    if (commitTimes.length) {
      const c = [...commitTimes].sort((x, y) => x - y);
      const q = (f: number) => fmt(c[Math.min(c.length - 1, Math.floor(f * c.length))], 2);
      process.stdout.write(
        `COMMIT in the driver (main thread blocked): p50 ${q(0.5)} ms, p90 ${q(0.9)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms over ${c.length}\n`,
      );
    }
    const stmtTotal = [...statements.values()].reduce((s, x) => s + x, 0);
    process.stdout.write(`SQL statements: ${stmtTotal} → ${fmt(stmtTotal / accepted, 2)} per report\n`);
    process.stdout.write(
      `${table(
        ['statement', 'count', 'per report', 'ms/report in driver'],
        [...statements]
          .sort((x, y) => y[1] - x[1])
          .slice(0, 25)
          .map(([k, n]) => [k, String(n), fmt(n / accepted, 2), statementMs.has(k) ? fmt((statementMs.get(k) ?? 0) / accepted, 3) : '—']),
      )}\n`,
    );
  } finally {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (PG_ADMIN) await pgAdmin(PG_ADMIN, `drop database if exists ${dbName} with (force)`);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
