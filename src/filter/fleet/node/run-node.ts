import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Config } from '../../../config.js';
import { JobRunner, stderrJobLog } from '../../../shared/jobs.js';
import { FilterEngine } from '../../engine/engine.js';
import { type DnsServer, startDnsServer } from '../../engine/server.js';
import type { Snapshot } from '../../model.js';
import { spoolStats } from '../../spool.js';
import { publicKeyFromRaw } from '../protocol.js';
import { type LastGood, loadLastGood, type NodeIdentityFile, readNodeFile, saveLastGood, writeNodeFile } from './node-files.js';
import { PolicySync } from './policy-sync.js';
import { startNodeReporting } from './reporting.js';

type Say = (vi: string, en: string) => string;

export interface NodeOptions {
  central: string;
  /** the one-time enrolment token; not needed once node.json exists */
  token?: string;
}

function softwareVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * Enrols once with the one-time token (POST /fleet/enrol) and keeps what the centre gave in
 * node.json; later starts reuse it (the token was spent). A node.json for another centre is an
 * operator's mistake worth stopping for, not something to overwrite.
 */
async function enrol(cfg: Config, o: NodeOptions, say: Say): Promise<NodeIdentityFile> {
  const saved = readNodeFile(cfg.dataDir);
  const central = new URL(o.central).toString();
  if (saved) {
    if (new URL(saved.central).toString() !== central)
      throw new Error(say(`nút này đã đăng ký với ${saved.central}`, `this node is enrolled with ${saved.central}`));
    return saved;
  }
  if (!o.token)
    throw new Error(say('cần --token (mã đăng ký dùng một lần) cho lần chạy đầu', '--token (the one-time enrolment token) is needed on the first start'));
  const res = await fetch(new URL('/api/v1/fleet/enrol', central), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: o.token, name: os.hostname().slice(0, 100), softwareVersion: softwareVersion() }),
  });
  if (res.status !== 201) {
    const err = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(
      `${say('trung tâm từ chối đăng ký', 'the centre refused the enrolment')} (HTTP ${res.status}${err?.error?.message ? `: ${err.error.message}` : ''})`,
    );
  }
  const j = (await res.json()) as { nodeId: string; nodeToken: string; publicKey: string };
  publicKeyFromRaw(j.publicKey);
  const f: NodeIdentityFile = { central, nodeId: j.nodeId, nodeToken: j.nodeToken, publicKey: j.publicKey };
  writeNodeFile(cfg.dataDir, f);
  return f;
}

/**
 * `lachan filter --central URL --token TOKEN`: a school's filter node. It serves DNS from the last
 * good policy on disk when there is one (the centre may be down), otherwise waits for the first;
 * then keeps the policy current from the centre's stream, swapping each new one in atomically
 * (engine.reload: one reference) after it is on disk. Lean like `lachan filter`: no database
 * driver, no web framework.
 */
export async function runNode(cfg: Config, o: NodeOptions, say: Say): Promise<void> {
  const started = Date.now();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const id = await enrol(cfg, o, say);
  let current: LastGood | null = null;
  try {
    current = loadLastGood(cfg.dataDir);
  } catch (e) {
    log(`fleet: ${say('chính sách đã lưu hỏng, chờ trung tâm', 'saved policy damaged, waiting for the centre')}: ${(e as Error).message}`);
  }
  const withLocal = localOverrides(cfg);
  // kept on disk off the answering path, the newest only: a burst of versions is one write
  let saveQueued = false;
  const saveSoon = () => {
    if (saveQueued) return;
    saveQueued = true;
    setImmediate(() => {
      saveQueued = false;
      try {
        if (current) saveLastGood(cfg.dataDir, current);
      } catch (e) {
        log(`fleet: ${say('không lưu được chính sách', 'could not keep the policy on disk')}: ${(e as Error).message}`);
      }
    });
  };

  let engine: FilterEngine | null = current ? new FilterEngine(withLocal(current.policy), current.tables) : null;
  let firstPolicy: () => void = () => {};
  const gotFirst = new Promise<void>((r) => {
    firstPolicy = r;
  });
  const sync = new PolicySync({
    central: id.central,
    nodeToken: id.nodeToken,
    key: publicKeyFromRaw(id.publicKey),
    current: () => current,
    apply: (next) => {
      // served first (one reference swapped), then kept on disk: a kill between the two restarts
      // on the previous policy, whole — and the centre sends the newer one again
      if (engine) engine.reload(withLocal(next.policy), next.tables);
      else engine = new FilterEngine(withLocal(next.policy), next.tables);
      current = next;
      saveSoon();
      log(
        `fleet: ${say('áp dụng chính sách phiên bản', 'applied policy version')} ${next.version} · ${next.tables.reduce((n, t) => n + t.size, 0)} ${say('tên miền', 'domains')}`,
      );
      firstPolicy();
    },
    log,
    backoffMaxMs: Number(process.env.LACHAN_FLEET_BACKOFF_MAX_MS) || undefined,
  });
  sync.start();
  if (!engine) {
    log(`fleet: ${say('chưa có chính sách, đang chờ trung tâm', 'no policy yet, waiting for the centre')} ${id.central}`);
    await gotFirst;
  }
  const server: DnsServer = await startDnsServer(() => engine!, { host: cfg.dns.host, port: cfg.dns.port, exclusive: true, udp: cfg.filter.udp });
  const jobs = new JobRunner(stderrJobLog);
  // aggregate counters only, spooled each minute (src/filter/spool.ts); the node's reporting sends them
  const spool = jobs.add({
    name: 'filter.dns-stats-spool',
    everyMs: 60_000,
    atStart: false,
    run: async () => void spoolStats(cfg.dataDir, engine!.drainStats()),
  });
  jobs.start();
  // stats from the spool (idempotency keys) and heartbeats: src/filter/fleet/node/reporting.ts
  const reporting = startNodeReporting({
    central: id.central,
    nodeToken: id.nodeToken,
    dataDir: cfg.dataDir,
    engine: engine!,
    policyVersion: () => current?.version ?? 0,
    log,
    softwareVersion: softwareVersion(),
  });
  const a = server.address;
  process.stdout.write(
    `${say('Nút lọc DNS sẵn sàng sau', 'DNS filter node ready in')} ${Date.now() - started} ms — ${a.host}:${a.port} (UDP+TCP) · ${say('trung tâm', 'centre')} ${id.central} · ${say('chính sách phiên bản', 'policy version')} ${current?.version ?? 0}\n`,
  );
  const stop = (signal: string) => {
    process.stdout.write(`${say('Đang dừng', 'Stopping')} (${signal})…\n`);
    void (async () => {
      await sync.stop();
      await spool.remove({ finalRun: true });
      await reporting.stop();
      await jobs.stop();
      await server.close();
      engine?.close();
    })().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** The node's own settings (LACHAN_DNS_UPSTREAMS, block page addresses, rate limit) over the centre's. */
function localOverrides(cfg: Config): (s: Snapshot) => Snapshot {
  const ov: Partial<Snapshot['settings']> = {};
  const f = cfg.filter;
  if (f.upstreams?.length) ov.upstreams = f.upstreams;
  if (f.blockpageIpv4) ov.blockpageIpv4 = f.blockpageIpv4;
  if (f.blockpageIpv6) ov.blockpageIpv6 = f.blockpageIpv6;
  if (f.rateLimitQps !== null && f.rateLimitQps !== undefined) ov.rateLimitQps = f.rateLimitQps;
  return (s) => ({ ...s, settings: { ...s.settings, ...ov } });
}
