import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import type { Config } from '../../../config.js';
import { JobRunner, stderrJobLog } from '../../../shared/jobs.js';
import type { EncryptedListeners } from '../../engine/encrypted-listeners.js';
import { FilterEngine } from '../../engine/engine.js';
import { type DnsServer, startDnsServer } from '../../engine/server.js';
import type { Snapshot } from '../../model.js';
import { spoolStats } from '../../spool.js';
import { publicKeyFromRaw } from '../protocol.js';
import { NodeAddressSync } from './address-sync.js';
import { type LastGood, loadLastGood, type NodeIdentityFile, nodeFile, readNodeFile, saveLastGood, writeNodeFile } from './node-files.js';
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
  const central = centreUrl(o.central, say);
  if (saved) {
    if (new URL(saved.central).toString() !== central)
      throw new Error(
        say(
          `trạm lọc này đã ghi danh với trung tâm ${saved.central}, không phải ${central}; để ghi danh lại, xoá ${nodeFile(cfg.dataDir)} và dùng mã ghi danh mới`,
          `this filter node is enrolled with the centre ${saved.central}, not ${central}; to enrol again, delete ${nodeFile(cfg.dataDir)} and use a new enrolment token`,
        ),
      );
    return saved;
  }
  if (!o.token)
    throw new Error(
      say(
        'lần chạy đầu cần --token (mã ghi danh dùng một lần, tạo trong bảng điều khiển: Trạm lọc)',
        'the first start needs --token (the one-time enrolment token, made in the console: Filter nodes)',
      ),
    );
  const url = new URL('/api/v1/fleet/enrol', central);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      // the centre words its refusals in the operator's language (LACHAN_LANG), as the node's own lines
      headers: { 'content-type': 'application/json', 'accept-language': say('vi', 'en') },
      // the host name is a detail: the centre keeps the name the administrator gave the node
      body: JSON.stringify({ token: o.token, name: os.hostname().slice(0, 100), softwareVersion: softwareVersion() }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    // fetch says only "fetch failed"; the cause (ECONNREFUSED, ENOTFOUND, a timeout) is what helps
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (e as Error).message;
    throw new Error(
      say(
        `không kết nối được trung tâm ${central} (${why}); kiểm tra địa chỉ --central, mạng và tường lửa của trường`,
        `cannot reach the centre ${central} (${why}); check the --central address, the network and the school's firewall`,
      ),
    );
  }
  if (res.status !== 201) {
    const err = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(
      `${say(`trung tâm ${central} từ chối ghi danh`, `the centre ${central} refused the enrolment`)} (HTTP ${res.status}${err?.error?.message ? `: ${err.error.message}` : ''})${
        res.status === 401
          ? say(
              '; mã ghi danh sai, đã dùng hoặc đã hết hạn: tạo mã mới trong bảng điều khiển',
              '; the token is wrong, used or expired: make a new one in the console',
            )
          : ''
      }`,
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
  // before the one-time token is spent: a node that cannot serve its address must not use it up
  await checkDnsAddress(cfg.dns.host, cfg.dns.port, say, Boolean(o.token) && !readNodeFile(cfg.dataDir));
  const id = await enrol(cfg, o, say);
  let current: LastGood | null = null;
  try {
    current = loadLastGood(cfg.dataDir);
  } catch (e) {
    log(`fleet: ${say('chính sách đã lưu hỏng, chờ trung tâm', 'saved policy damaged, waiting for the centre')}: ${(e as Error).message}`);
  }
  const withLocal = localOverrides(cfg);
  // DoH/DoT (LACHAN_DOH_ADDR, LACHAN_DOT_ADDR): at the addresses the centre prints, with the tokens
  // the centre gives for this node's schools (address-sync.ts); the node never holds the key
  const addressSync = cfg.filter.encrypted ? new NodeAddressSync({ central: id.central, nodeToken: id.nodeToken, dataDir: cfg.dataDir, log }) : null;
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
  let server: DnsServer;
  try {
    server = await startDnsServer(() => engine!, { host: cfg.dns.host, port: cfg.dns.port, exclusive: true, udp: cfg.filter.udp });
  } catch (e) {
    // taken since the check (or while waiting for the first policy): the same clear line
    await sync.stop();
    throw bindError(e, cfg.dns.host, cfg.dns.port, say, false);
  }
  let encrypted: EncryptedListeners | null = null;
  if (addressSync && cfg.filter.encrypted) {
    // the saved tokens serve if the centre cannot be asked (one line says so); then every hour
    await addressSync.refresh();
    addressSync.start();
    try {
      encrypted = await (await import('../../engine/encrypted-listeners.js')).startEncryptedListeners(engine!, {
        ...cfg.filter.encrypted,
        dataDir: cfg.dataDir,
        addresses: addressSync.addresses,
        log,
      });
    } catch (e) {
      // as `lachan filter` does: a configured listener that cannot start stops the node, before it says ready
      await addressSync.stop();
      await sync.stop();
      await server.close();
      throw e;
    }
  }
  const jobs = new JobRunner(stderrJobLog);
  // aggregate counters only, spooled each minute (src/filter/spool.ts); the node's reporting sends them
  const spool = jobs.add({
    name: 'filter.dns-stats-spool',
    everyMs: 60_000,
    atStart: false,
    run: async () => {
      const drained = engine!.drainStats();
      // a revoked node's counters would be refused: drained (memory stays flat) but not kept
      if (!reporting.revoked()) spoolStats(cfg.dataDir, drained);
    },
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
    `${say('Trạm lọc DNS sẵn sàng sau', 'DNS filter node ready in')} ${Date.now() - started} ms — ${a.host}:${a.port} (UDP+TCP)${encryptedLine(encrypted)} · ${say('trung tâm', 'centre')} ${id.central} · ${say('chính sách phiên bản', 'policy version')} ${current?.version ?? 0}\n`,
  );
  const stop = (signal: string) => {
    process.stdout.write(`${say('Đang dừng', 'Stopping')} (${signal})…\n`);
    void (async () => {
      await sync.stop();
      await spool.remove({ finalRun: true });
      await reporting.stop();
      await jobs.stop();
      await addressSync?.stop();
      await encrypted?.close();
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

/**
 * Binds the DNS address (UDP and TCP, as the server will) and lets it go again: an address in use
 * or a port the user may not open stops the node here, with what to do, rather than after
 * enrolment as a raw `bind EADDRINUSE`.
 */
async function checkDnsAddress(host: string, port: number, say: Say, tokenUnspent: boolean): Promise<void> {
  const udp = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  const tcp = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind({ address: host, port, exclusive: true }, () => resolve());
    });
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      // the port UDP got (port 0: any free one) so that both are checked on the same
      tcp.listen({ host, port: udp.address().port, exclusive: true }, () => resolve());
    });
  } catch (e) {
    throw bindError(e, host, port, say, tokenUnspent);
  } finally {
    await new Promise<void>((r) => (tcp.listening ? tcp.close(() => r()) : r()));
    await new Promise<void>((r) => {
      try {
        udp.close(() => r());
      } catch {
        r(); // never bound
      }
    });
  }
}

/** One line for the operator: which address, why it cannot be used, what to do. */
function bindError(e: unknown, host: string, port: number, say: Say, tokenUnspent: boolean): Error {
  const code = (e as { code?: string }).code;
  const kept = tokenUnspent ? say('; mã ghi danh chưa bị dùng', '; the enrolment token is not used up') : '';
  const at = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (code === 'EADDRINUSE')
    return new Error(
      say(
        `địa chỉ DNS ${at} đang được chương trình khác dùng (trên cổng 53 thường là systemd-resolved hoặc dnsmasq): dừng chương trình đó hoặc chọn địa chỉ khác bằng LACHAN_DNS_ADDR${kept}`,
        `the DNS address ${at} is in use by another program (on port 53 often systemd-resolved or dnsmasq): stop it or choose another address with LACHAN_DNS_ADDR${kept}`,
      ),
    );
  if (code === 'EACCES')
    return new Error(
      say(
        `không có quyền mở cổng ${port} tại ${at}: cổng dưới 1024 cần quyền root hoặc CAP_NET_BIND_SERVICE (ví dụ AmbientCapabilities=CAP_NET_BIND_SERVICE trong dịch vụ systemd)${kept}`,
        `no permission to open port ${port} at ${at}: ports below 1024 need root or CAP_NET_BIND_SERVICE (e.g. AmbientCapabilities=CAP_NET_BIND_SERVICE in the systemd service)${kept}`,
      ),
    );
  if (code === 'EADDRNOTAVAIL')
    return new Error(
      say(
        `máy này không có địa chỉ ${host} (LACHAN_DNS_ADDR=${at}): dùng một địa chỉ của máy, hoặc 0.0.0.0:53 cho mọi địa chỉ${kept}`,
        `this machine has no address ${host} (LACHAN_DNS_ADDR=${at}): use one of its addresses, or 0.0.0.0:53 for all of them${kept}`,
      ),
    );
  return e instanceof Error ? e : new Error(String(e));
}

const encryptedLine = (e: EncryptedListeners | null): string =>
  e ? `${e.doh ? ` · DoH ${e.doh.host}:${e.doh.port}` : ''}${e.dot ? ` · DoT ${e.dot.host}:${e.dot.port}` : ''}` : '';

/** The centre's address as a URL, or one line saying what is wrong with it (not "Invalid URL"). */
function centreUrl(raw: string, say: Say): string {
  let u: URL | null = null;
  try {
    u = new URL(raw);
  } catch {
    // reported below
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:'))
    throw new Error(
      say(
        `địa chỉ trung tâm không hợp lệ: '${raw}'; cần dạng https://lachan.hanoi.edu.vn (như lệnh bảng điều khiển đưa ra)`,
        `not a valid centre address: '${raw}'; expected the form https://lachan.hanoi.edu.vn (as the console's command gives it)`,
      ),
    );
  return u.toString();
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
