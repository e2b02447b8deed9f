// The central process of the fleet benchmark (bench/fleet/run.ts starts it with node --import tsx
// and talks to it over IPC). Set-up, before the server starts, through the platform's own code:
// S schools, N enrolled nodes (their tokens written to a file for the readers), the 1M-domain list
// imported and published. Then `lachan start` as in production (web + DNS filter + jobs), and on
// each {type:'change'} message a domain confirmed harmful on the detection desk's path
// (addConfirmedHarmful + publishConfirmed), answered with the version it became.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { systemActor } from '../../src/access/actor.js';
import { loadConfig } from '../../src/config.js';
import type { Ctx } from '../../src/context.js';
import { addConfirmedHarmful, publishConfirmed } from '../../src/filter/confirmed.js';
import { PolicyDelivery } from '../../src/filter/fleet/centre/policy-delivery.js';
import { latestVersion } from '../../src/filter/fleet/centre/policy-versions.js';
import { importList } from '../../src/filter/lists/import-list.js';
import { publishSnapshot } from '../../src/filter/service.js';
import { seedFilter } from '../../src/filter/store.js';
import { openPlatform, startPlatform } from '../../src/platform.js';
import { newId } from '../../src/shared/ids.js';

interface Setup {
  dataDir: string;
  port: number;
  nodes: number;
  schools: number;
  list: string;
  tokensFile: string;
}

const o = JSON.parse(process.argv[2] ?? '{}') as Setup;
const send = (m: Record<string, unknown>) => process.send?.(m);
const env = {
  LACHAN_DATA_DIR: o.dataDir,
  LACHAN_HTTP_ADDR: `127.0.0.1:${o.port}`,
  LACHAN_DNS_ADDR: '127.0.0.1:0',
  LACHAN_ADMIN_PASSWORD: 'bench-admin-password-1234',
  LACHAN_LOG_LEVEL: 'warn',
};
const config = loadConfig(env);
const sys = { actor: systemActor('bench'), origin: { ip: null } };

// ── set-up, through the platform's code, before the server starts ──
{
  const t0 = performance.now();
  const p = await openPlatform(config);
  const db = p.deps.db.kysely;
  const now = new Date().toISOString();
  // what the first start of the filter service does (categories, band policies, bundled lists)
  await seedFilter(p.deps.db, config.dataDir, now, newId);
  const unit = await db.selectFrom('units').select('id').where('kind', '=', 'ward').limit(1).executeTakeFirstOrThrow();
  const unitId = unit.id;
  const schoolIds: string[] = [];
  for (let i = 0; i < o.schools; i += 500) {
    const rows = [];
    for (let j = i; j < Math.min(o.schools, i + 500); j++) {
      const id = `bench-school-${j}`;
      schoolIds.push(id);
      rows.push({
        id,
        code: `B${j}`,
        name: `Trường bench ${j}`,
        level: 'lower_secondary',
        unit_id: unitId,
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
  // node i serves school i mod S (at 3,000 nodes and 3,000 schools: one node per school)
  const tokens: string[] = [];
  for (let i = 0; i < o.nodes; i += 1000) {
    const rows = [];
    for (let j = i; j < Math.min(o.nodes, i + 1000); j++) {
      const token = `lcn_bench${j}x${createHash('sha256').update(`bench-node-${j}`).digest('base64url').slice(0, 24)}`;
      tokens.push(token);
      rows.push({
        id: `bench-node-${j}`,
        name: `node ${j}`,
        school_ids: JSON.stringify([schoolIds[j % schoolIds.length]]),
        token_hash: createHash('sha256').update(token).digest('hex'),
        enrolment_id: 'bench-enrolment',
        enrolled_at: now,
      });
    }
    await db.insertInto('filter_fleet_nodes').values(rows).execute();
  }
  writeFileSync(o.tokensFile, tokens.join('\n'));
  const t1 = performance.now();
  const imported = await importList({ ...p.deps, ...sys }, { name: 'bench 1M', category: 'adult', file: o.list });
  await publishSnapshot(db, config.dataDir);
  send({ type: 'setup', ms: performance.now() - t0, importMs: performance.now() - t1, accepted: (imported as { accepted?: number }).accepted ?? null });
  await p.close();
}

// ── the central process as in production ──
const running = await startPlatform(config, { http: { rateLimitPerMinute: config.httpRateLimit } });
const ctx: Ctx = { ...running.deps, ...sys };
send({ type: 'listening', url: running.httpUrl });

let k = 0;
const change = async () => {
  const t0 = Date.now();
  const domain = `bench-change-${process.pid}-${++k}.example`;
  await running.deps.db.kysely.transaction().execute((tx) => addConfirmedHarmful(tx, ctx, { domain, ref: `bench:${k}` }));
  await publishConfirmed(running.deps);
  return { t0, doneAt: Date.now(), version: await latestVersion(running.deps.db.kysely), domain };
};

// the benchmark ended (or died): so does the centre
process.on('disconnect', () => process.exit(0));

process.on('message', (m: { type: string; count?: number }) => {
  void (async () => {
    if (m.type === 'change') send({ type: 'changed', ...(await change()) });
    else if (m.type === 'encode') {
      // where a change's time goes: the envelope of the latest delta for one node of each school,
      // built one after another by a fresh PolicyDelivery (as a stream's push builds it), then again
      const d = new PolicyDelivery(running.deps);
      const latest = await d.refresh();
      const pass = async () => {
        const t0 = performance.now();
        for (let i = 0; i < o.schools; i++) await d.envelopeFor({ nodeId: `bench-node-${i}`, schoolIds: [`bench-school-${i}`], revoked: false }, latest - 1);
        return (performance.now() - t0) / o.schools;
      };
      send({ type: 'encoded', firstMsPerSchool: await pass(), againMsPerSchool: await pass(), schools: o.schools });
    } else if (m.type === 'version') send({ type: 'version', version: await latestVersion(running.deps.db.kysely) });
    else if (m.type === 'burst') {
      const t0 = Date.now();
      let last = { version: 0 };
      for (let i = 0; i < (m.count ?? 100); i++) last = await change();
      send({ type: 'burst', t0, doneAt: Date.now(), version: last.version });
    } else if (m.type === 'stop') {
      await running.close();
      process.exit(0);
    }
  })().catch((e: unknown) => send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
});
