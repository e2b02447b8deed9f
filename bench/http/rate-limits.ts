// What a rate limit shared through PostgreSQL costs on the hot path, against the plugin's own
// in-memory store and no limit at all, in one run: a Fastify route behind @fastify/rate-limit,
// driven by autocannon on loopback (10 connections), rounds alternating between the variants.
// Also the counter call alone (µs per check, sequential). Keys: 1,000 client addresses (the
// usual case), and one address (a whole school behind one NAT: every check updates one row).
//   npx tsx bench/http/rate-limits.ts [--rounds 3] [--duration 5] [--pg postgres://postgres@127.0.0.1:5432/postgres]
import fastifyRateLimit from '@fastify/rate-limit';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { openPostgres } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { MemoryCounters, type RateCounters, rateCountersFor } from '../../src/http/rate-counters.js';
import { sharedRateLimitStore } from '../../src/http/rate-limit-store.js';
import { args, fmt, fmtX, log, median, ratio, table, writeResult } from '../lib/common.js';
import { pgAdmin } from '../lib/pg-admin.js';

const a = args();
const ROUNDS = Number(a.get('rounds') ?? 3);
const DURATION = Number(a.get('duration') ?? 5);
const PG_ADMIN = a.get('pg') ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CONNECTIONS = 10;

type Variant = 'none' | 'memory' | 'shared' | 'shared-1key';
const VARIANTS: Variant[] = ['none', 'memory', 'shared', 'shared-1key'];
const LABEL: Record<Variant, string> = {
  none: 'no rate limit',
  memory: 'in memory (plugin store; SQLite / one process)',
  shared: 'shared in PostgreSQL, 1,000 addresses',
  'shared-1key': 'shared in PostgreSQL, 1 address',
};

const dbName = `lachan_bench_rl_${process.pid}`;
const dbUrl = new URL(PG_ADMIN);
dbUrl.pathname = `/${dbName}`;

async function server(variant: Variant, counters: RateCounters) {
  const app = Fastify({ logger: false });
  if (variant !== 'none') {
    await app.register(fastifyRateLimit, {
      ...(variant === 'memory' ? {} : { store: sharedRateLimitStore(counters) }),
      max: 1e9,
      timeWindow: 60_000,
      // the client address stands in for req.ip (all requests come from loopback)
      keyGenerator: (req) => String(req.headers['x-client'] ?? '-'),
    });
  }
  app.get('/ping', async () => ({ ok: true }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  return { app, url: `http://127.0.0.1:${port}` };
}

function drive(url: string, keys: number, seconds: number): Promise<{ rps: number; p50: number; p99: number; non2xx: number }> {
  let n = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            method: 'GET',
            path: '/ping',
            setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'x-client': `10.0.${(n++ % keys) >> 8}.${n % 256}` } }),
          },
        ],
      },
      (err, r) => (err ? reject(err) : resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx })),
    );
  });
}

async function perCheck(c: RateCounters, n: number): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await c.hit('bench', `k${i % 1000}`, 60_000);
    t.push((performance.now() - t0) * 1000);
  }
  return median(t);
}

await pgAdmin(PG_ADMIN, `create database ${dbName}`);
const db = openPostgres(dbUrl.toString(), 10);
try {
  await migrate(db, { only: (name) => name.startsWith('0060_') });
  const shared = rateCountersFor({ db, sealer: { derive: () => 'bench-key' } as never });
  const memory = new MemoryCounters();
  log(`counter call alone, sequential: 3 × 2,000 checks each`);
  const micro: Record<'memory' | 'shared', number[]> = { memory: [], shared: [] };
  for (let r = 0; r < 3; r++) {
    micro.memory.push(await perCheck(memory, 2000));
    micro.shared.push(await perCheck(shared, 2000));
    log(`  round ${r + 1}: memory ${fmt(micro.memory.at(-1), 2)} µs, PostgreSQL ${fmt(micro.shared.at(-1), 1)} µs`);
  }

  const results: Record<Variant, Array<{ rps: number; p50: number; p99: number; non2xx: number }>> = { none: [], memory: [], shared: [], 'shared-1key': [] };
  const servers = await Promise.all(VARIANTS.map((v) => server(v, shared)));
  for (let round = 1; round <= ROUNDS; round++) {
    // the order turns each round, so no variant always runs first on a warming box
    const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length] as Variant);
    for (const v of order) {
      const s = servers[VARIANTS.indexOf(v)];
      if (!s) continue;
      await drive(s.url, v === 'shared-1key' ? 1 : 1000, 1); // warm-up
      const r = await drive(s.url, v === 'shared-1key' ? 1 : 1000, DURATION);
      results[v].push(r);
      log(`round ${round}/${ROUNDS} ${LABEL[v]}: ${fmt(r.rps, 0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms${r.non2xx ? `, ${r.non2xx} non-2xx` : ''}`);
    }
  }
  await Promise.all(servers.map((s) => s.app.close()));

  const rows = VARIANTS.map((v) => {
    const rs = results[v];
    const perRound = rs.map((r, i) => ratio(r.rps, results.memory[i]?.rps ?? Number.NaN));
    return [LABEL[v], fmt(median(rs.map((r) => r.rps)), 0), fmt(median(rs.map((r) => r.p50)), 1), fmt(median(rs.map((r) => r.p99)), 1), fmtX(median(perRound))];
  });
  const out = table(['variant', 'req/s (median)', 'p50 ms', 'p99 ms', 'req/s ÷ in memory'], rows);
  const microLine = `one check alone: in memory ${fmt(median(micro.memory), 2)} µs, PostgreSQL upsert ${fmt(median(micro.shared), 1)} µs (median of 3 × 2,000)`;
  process.stdout.write(`\n${out}\n\n${microLine}\n`);
  const file = writeResult('http-rate-limits', { rounds: ROUNDS, durationS: DURATION, connections: CONNECTIONS, micro, results, table: out, microLine });
  log(`result: ${file}`);
} finally {
  await db.close();
  await pgAdmin(PG_ADMIN, `drop database if exists ${dbName} with (force)`);
}
