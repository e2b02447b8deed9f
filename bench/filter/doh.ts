// DNS-over-HTTPS and DNS-over-TLS against the UDP path of the same filter, in the same run (issue 16,
// "DoH queries/s against the UDP path"). One server process (bench/filter/doh-server.ts: one engine,
// UDP + DoH + DoT); this process drives the load, keeping a fixed number of queries in flight:
//   UDP (dnsperf)        dnsperf -c 2 -q 128                         (when installed: bench/setup.sh)
//   DoH GET (h2load)     h2load -c 2 -m 64, one URI per query of the mix (when installed)
//   UDP (Node client)    4 sockets × 64 outstanding (lost answers re-sent after 1 s)
//   DoH POST (Node)      2 HTTP/2 sessions × 64 concurrent streams
//   DoT (Node client)    4 TLS connections × 32 pipelined queries (dnsperf's DoT sends no SNI, which
//                        names the school band here)
// Ratios pair like with like: the C clients with each other, the Node clients with each other.
// Query mix: 70 % names answered from the cache (warmed first), 30 % listed names (blocked), A only.
// Each round runs every load for --seconds, in a rotated order; reported per load: answers/s and the
// server's CPU per answer (µs, process.cpuUsage of the server over the window) — the second is what
// the transport costs the filter even when the client, on the same two cores, is the limit.
// Ratios are taken inside a round, then the median over rounds.
//   npx tsx bench/filter/doh.ts [--rounds 5] [--seconds 5]
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { buildQuery, T } from '../../src/filter/dns/wire.js';
import { args, BENCH_DIR, fmt, fmtK, fmtX, log, median, ratio, table, which, writeResult } from '../lib/common.js';

const a = args();
const ROUNDS = Number(a.get('rounds') ?? 5);
const SECONDS = Number(a.get('seconds') ?? 5);
const ALLOWED = 10_000;

interface Ports {
  udp: number;
  udpKind: string;
  doh: number;
  dot: number;
  dohPath: string;
  dotName: string;
  listed: number;
}

/** The query mix, made once: 70 % allowed (cached) names, 30 % listed ones. */
function queries(listed: number, n = 50_000): Buffer[] {
  const out: Buffer[] = [];
  let seed = 3679;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  for (let i = 0; i < n; i++) {
    const name = next() < 0.7 ? `a${Math.floor(next() * ALLOWED)}.allowed.test` : `b${Math.floor(next() * listed)}.blocked.test`;
    out.push(buildQuery(0, name, T.A));
  }
  return out;
}

type Load = (qs: Buffer[], ms: number) => Promise<number>;

const udpLoad =
  (port: number): Load =>
  (qs, ms) =>
    new Promise((resolve) => {
      let answered = 0;
      let k = 0;
      const sockets = Array.from({ length: 4 }, () => dgram.createSocket('udp4'));
      const end = Date.now() + ms;
      let open = true;
      for (const s of sockets) {
        const send = () => {
          if (open) s.send(qs[k++ % qs.length]!, port, '127.0.0.1');
        };
        s.on('message', () => {
          answered++;
          send();
        });
        s.bind(0, '127.0.0.1', () => {
          for (let i = 0; i < 64; i++) send();
        });
      }
      // a lost datagram is a lost slot: top the window up once a second
      const topUp = setInterval(() => {
        for (const s of sockets) for (let i = 0; i < 8; i++) if (open) s.send(qs[k++ % qs.length]!, port, '127.0.0.1');
      }, 1000);
      setTimeout(() => {
        open = false;
        clearInterval(topUp);
        for (const s of sockets) s.close();
        resolve(answered);
      }, end - Date.now());
    });

const dohLoad =
  (port: number, p: string): Load =>
  (qs, ms) =>
    new Promise((resolve) => {
      let answered = 0;
      let k = 0;
      let open = true;
      const sessions = Array.from({ length: 2 }, () => http2.connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false }));
      const one = (s: http2.ClientHttp2Session) => {
        if (!open) return;
        const st = s.request({ ':method': 'POST', ':path': p, 'content-type': 'application/dns-message', accept: 'application/dns-message' });
        st.on('response', (h) => {
          if (h[':status'] === 200) answered++;
        });
        st.on('data', () => {});
        st.on('end', () => one(s));
        st.on('error', () => {});
        st.end(qs[k++ % qs.length]!);
      };
      for (const s of sessions) {
        s.on('error', () => {});
        for (let i = 0; i < 64; i++) one(s);
      }
      setTimeout(() => {
        open = false;
        for (const s of sessions) s.destroy();
        resolve(answered);
      }, ms);
    });

const dotLoad =
  (port: number, servername: string): Load =>
  (qs, ms) =>
    new Promise((resolve) => {
      let answered = 0;
      let k = 0;
      let open = true;
      const frame = (q: Buffer) => {
        const f = Buffer.allocUnsafe(q.length + 2);
        f.writeUInt16BE(q.length, 0);
        q.copy(f, 2);
        return f;
      };
      const conns = Array.from({ length: 4 }, () => {
        const c = tls.connect({ host: '127.0.0.1', port, servername, rejectUnauthorized: false }, () => {
          c.write(Buffer.concat(Array.from({ length: 32 }, () => frame(qs[k++ % qs.length]!))));
        });
        let buf: Buffer = Buffer.alloc(0);
        c.on('data', (d: Buffer) => {
          buf = buf.length ? Buffer.concat([buf, d]) : d;
          let n = 0;
          while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
            buf = buf.subarray(2 + buf.readUInt16BE(0));
            n++;
          }
          answered += n;
          if (open && n) c.write(Buffer.concat(Array.from({ length: n }, () => frame(qs[k++ % qs.length]!))));
        });
        c.on('error', () => {});
        return c;
      });
      setTimeout(() => {
        open = false;
        for (const c of conns) c.destroy();
        resolve(answered);
      }, ms);
    });

function runTool(cmd: string, argv: string[]): Promise<string> {
  return new Promise((resolve) => execFile(cmd, argv, { maxBuffer: 1 << 22 }, (_e, stdout, stderr) => resolve(`${stdout}${stderr}`)));
}

/** dnsperf over UDP: answers completed in the window. */
const dnsperfLoad =
  (port: number, file: string): Load =>
  async (_qs, ms) => {
    const out = await runTool('dnsperf', ['-s', '127.0.0.1', '-p', String(port), '-d', file, '-c', '2', '-q', '128', '-t', '2', '-l', String(ms / 1000)]);
    return Number(/Queries completed:\s+(\d+)/.exec(out)?.[1] ?? Number.NaN);
  };

/** h2load: GET, one URI per query of the mix; 2xx answers in the window. */
const h2loadLoad =
  (uris: string): Load =>
  async (_qs, ms) => {
    const out = await runTool('h2load', ['-i', uris, '-c', '2', '-m', '64', '-t', '1', '-D', String(ms / 1000)]);
    return Number(/status codes: (\d+) 2xx/.exec(out)?.[1] ?? Number.NaN);
  };

/** The query mix as dnsperf's input and as h2load's URIs. */
function toolInputs(qs: Buffer[], port: number, dohPath: string): { dir: string; dnsperf: string; uris: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lachan-bench-doh-'));
  const names = qs.map((q) => {
    const labels: string[] = [];
    for (let o = 12; q[o]; o += q[o]! + 1) labels.push(q.toString('latin1', o + 1, o + 1 + q[o]!));
    return labels.join('.');
  });
  const dnsperf = path.join(dir, 'queries.txt');
  writeFileSync(dnsperf, names.map((n) => `${n} A\n`).join(''));
  const uris = path.join(dir, 'uris.txt');
  // the same bytes the Node clients send (ID 0, as RFC 8484 §4.1 suggests for caches, and an EDNS OPT record)
  writeFileSync(uris, qs.map((q) => `https://127.0.0.1:${port}${dohPath}?dns=${q.toString('base64url')}\n`).join(''));
  return { dir, dnsperf, uris };
}

function cpuOf(server: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    server.once('message', (m: { cpu: NodeJS.CpuUsage }) => resolve(m.cpu.user + m.cpu.system));
    server.send('cpu');
  });
}

async function main() {
  log(
    `load average at start: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const server = spawn(process.execPath, [...process.execArgv, path.join(BENCH_DIR, 'filter', 'doh-server.ts')], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const ports = await new Promise<Ports>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as Ports);
    });
    server.on('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
  log(`server ready: UDP ${ports.udp} (${ports.udpKind}), DoH ${ports.doh}, DoT ${ports.dot}`);
  const qs = queries(ports.listed);
  // warm the cache with every allowed name (through UDP: one cache behind all transports)
  const warm = Array.from({ length: ALLOWED }, (_, i) => buildQuery(0, `a${i}.allowed.test`, T.A));
  await udpLoad(ports.udp)(warm, 3000);
  await udpLoad(ports.udp)(warm, 2000);

  const inputs = toolInputs(qs.slice(0, 20_000), ports.doh, ports.dohPath);
  const loads: Record<string, Load> = {};
  if (which('dnsperf')) loads['UDP (dnsperf)'] = dnsperfLoad(ports.udp, inputs.dnsperf);
  if (which('h2load')) loads['DoH GET (h2load)'] = h2loadLoad(inputs.uris);
  loads['UDP (Node client)'] = udpLoad(ports.udp);
  loads['DoH POST (Node client)'] = dohLoad(ports.doh, ports.dohPath);
  loads['DoT (Node client)'] = dotLoad(ports.dot, ports.dotName);
  // like with like: a C client's load against dnsperf's UDP, a Node client's against the Node UDP client
  const peerOf = (name: string) => (name.includes('(Node') || !loads['UDP (dnsperf)'] ? 'UDP (Node client)' : 'UDP (dnsperf)');
  const names = Object.keys(loads);
  const rounds: Array<Record<string, { qps: number; cpuUs: number }>> = [];
  for (let r = 0; r < ROUNDS; r++) {
    const round: Record<string, { qps: number; cpuUs: number }> = {};
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length]!;
      const c0 = await cpuOf(server);
      const n = await loads[name]!(qs, SECONDS * 1000);
      const c1 = await cpuOf(server);
      round[name] = { qps: n / SECONDS, cpuUs: (c1 - c0) / Math.max(1, n) };
      log(`round ${r + 1} ${name}: ${fmtK(n / SECONDS)} q/s, server ${fmt((c1 - c0) / Math.max(1, n), 1)} µs CPU per answer`);
    }
    rounds.push(round);
  }
  server.disconnect();
  rmSync(inputs.dir, { recursive: true, force: true });
  const rows = names.map((name) => {
    const qps = median(rounds.map((r) => r[name]!.qps));
    const cpu = median(rounds.map((r) => r[name]!.cpuUs));
    const peer = peerOf(name);
    const qpsRatio = median(rounds.map((r) => ratio(r[name]!.qps, r[peer]!.qps)));
    const cpuRatio = median(rounds.map((r) => ratio(r[name]!.cpuUs, r[peer]!.cpuUs)));
    return { name, peer, qps, cpu, qpsRatio, cpuRatio };
  });
  const file = writeResult('filter-doh', { rounds: ROUNDS, seconds: SECONDS, udp: ports.udpKind, listed: ports.listed, perRound: rounds, summary: rows });
  process.stdout.write(
    `\n${table(
      ['load', 'answers/s (median)', 'peer', '÷ peer (median of rounds)', 'server CPU µs/answer', '÷ peer'],
      rows.map((x) => [x.name, fmtK(x.qps), x.peer, fmtX(x.qpsRatio), fmt(x.cpu, 1), fmtX(x.cpuRatio)]),
    )}\n\n${file}\n`,
  );
}

void main();
