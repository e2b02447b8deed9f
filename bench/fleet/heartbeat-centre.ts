// The server side of bench/fleet/heartbeats.ts, one child process per role (started with
// node --import tsx, talked to over IPC):
//   - `setup`: S schools and N enrolled nodes written through the platform's own schema (node i
//     serves school i mod S), their tokens written to a file; then the process ends;
//   - `centre`: `lachan start` as in production (web + DNS filter + jobs) on that database;
//   - `peer`: a bare Fastify route on the same database doing what a heartbeat must do at least —
//     the node found by its token's SHA-256 and its row updated, in one UPDATE per request
//     (autocommit: one durable commit per beat), no plugins, no rate limit, no group commit.
// Both answer {type:'stats'} with their CPU seconds and, for the centre, the group commit's
// counters (how many jobs and transactions the heartbeats became).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { latestVersion } from '../../src/filter/fleet/centre/policy-versions.js';
import { openPlatform, startPlatform } from '../../src/platform.js';

export interface CentreArgs {
  role: 'setup' | 'centre' | 'peer';
  dataDir: string;
  databaseUrl: string | null;
  port: number;
  nodes: number;
  schools: number;
  tokensFile: string;
}

const o = JSON.parse(process.argv[2] ?? '{}') as CentreArgs;
const send = (m: Record<string, unknown>) => process.send?.(m);
const config = loadConfig({
  LACHAN_DATA_DIR: o.dataDir,
  LACHAN_HTTP_ADDR: `127.0.0.1:${o.port}`,
  LACHAN_DNS_ADDR: '127.0.0.1:0',
  LACHAN_ADMIN_PASSWORD: 'bench-admin-password-1234',
  LACHAN_LOG_LEVEL: 'warn',
  ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}),
});

/** CPU seconds (user + system) of this process so far. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

const tokenOf = (j: number) => `lcn_bench${j}x${createHash('sha256').update(`bench-node-${j}`).digest('base64url').slice(0, 24)}`;

async function setup(): Promise<void> {
  const p = await openPlatform(config);
  const db = p.deps.db.kysely;
  const now = new Date().toISOString();
  const unit = await db.selectFrom('units').select('id').where('kind', '=', 'ward').limit(1).executeTakeFirstOrThrow();
  for (let i = 0; i < o.schools; i += 500) {
    const rows = [];
    for (let j = i; j < Math.min(o.schools, i + 500); j++) {
      rows.push({
        id: `bench-school-${j}`,
        code: `B${j}`,
        name: `Trường bench ${j}`,
        level: 'lower_secondary',
        unit_id: unit.id,
        address: null,
        is_demo: 0,
        search_key: `truong bench ${j}`,
        created_at: now,
        updated_at: now,
      });
    }
    await db
      .insertInto('schools')
      .values(rows as never)
      .execute();
  }
  await db
    .insertInto('filter_fleet_enrolments')
    .values({
      id: 'bench-enrolment',
      token_hash: 'bench',
      prefix: 'lce_bench',
      school_ids: '[]',
      name: 'bench',
      created_by: 'bench',
      created_at: now,
      expires_at: now,
      used_at: now,
      node_id: null,
    })
    .execute();
  const tokens: string[] = [];
  for (let i = 0; i < o.nodes; i += 1000) {
    const rows = [];
    for (let j = i; j < Math.min(o.nodes, i + 1000); j++) {
      const token = tokenOf(j);
      tokens.push(token);
      rows.push({
        id: `bench-node-${j}`,
        name: `node ${j}`,
        school_ids: JSON.stringify([`bench-school-${j % o.schools}`]),
        token_hash: createHash('sha256').update(token).digest('hex'),
        enrolment_id: 'bench-enrolment',
        enrolled_at: now,
      });
    }
    await db.insertInto('filter_fleet_nodes').values(rows).execute();
  }
  writeFileSync(o.tokensFile, tokens.join('\n'));
  await p.close();
}

async function centre(): Promise<void> {
  const running = await startPlatform(config, { http: { rateLimitPerMinute: config.httpRateLimit } });
  const db = running.deps.db;
  process.on('message', (m: { type: string }) => {
    if (m.type === 'stats') send({ type: 'stats', cpuS: cpuSeconds(), writes: { ...db.writes.stats } });
    else if (m.type === 'version') void latestVersion(db.kysely).then((version) => send({ type: 'version', version }));
    else if (m.type === 'stop') void running.close().finally(() => process.exit(0));
  });
  send({ type: 'listening', url: running.httpUrl });
}

async function peer(): Promise<void> {
  const db = openDatabase(config.databaseUrl, config.dataDir);
  const app = Fastify({ logger: false });
  app.post('/api/v1/fleet/heartbeat', async (req, reply) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m) return reply.status(401).send();
    const hb = req.body as { softwareVersion: string; policyVersion: number; upstreams: unknown[]; qps: number; cacheHitRatio: number };
    const r = await db.kysely
      .updateTable('filter_fleet_nodes')
      .set({
        last_seen_at: new Date().toISOString(),
        address: req.ip,
        software_version: hb.softwareVersion,
        policy_version: hb.policyVersion,
        behind_since: sql<null>`null`,
        health: JSON.stringify({ upstreams: hb.upstreams, qps: hb.qps, cacheHitRatio: hb.cacheHitRatio }),
      })
      .where('token_hash', '=', createHash('sha256').update(m[1]!).digest('hex'))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return reply.status(r.numUpdatedRows > 0n ? 204 : 401).send();
  });
  await app.listen({ host: '127.0.0.1', port: o.port });
  process.on('message', (m: { type: string }) => {
    if (m.type === 'stats') send({ type: 'stats', cpuS: cpuSeconds(), writes: null });
    else if (m.type === 'stop') void app.close().finally(() => db.close().finally(() => process.exit(0)));
  });
  send({ type: 'listening', url: `http://127.0.0.1:${o.port}` });
}

process.on('disconnect', () => process.exit(0));
try {
  if (o.role === 'setup') {
    await setup();
    send({ type: 'ready', tokens: readFileSync(o.tokensFile, 'utf8').split('\n').length });
    process.exit(0);
  } else if (o.role === 'centre') await centre();
  else await peer();
} catch (e) {
  send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  process.exit(1);
}
