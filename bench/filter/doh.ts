// DNS-over-HTTPS and DNS-over-TLS against the UDP path of the same filter, in the same run (issue 16,
// "DoH queries/s against the UDP path"). One server process (bench/filter/doh-server.ts: one engine,
// UDP + DoH + DoT); this process is the load generator, a Node.js client per transport keeping a
// fixed number of queries in flight:
//   UDP   4 sockets × 64 outstanding (lost answers re-sent after 1 s)
//   DoH   2 HTTP/2 sessions × 64 concurrent POST streams (h2load is not installed on the box)
//   DoT   4 TLS connections × 32 pipelined queries
// Query mix: 70 % names answered from the cache (warmed first), 30 % listed names (blocked), A only.
// Each round runs the three for --seconds each, in a rotated order; reported per transport: answers/s
// and the server's CPU per answer (µs, process.cpuUsage of the server over the window) — the second
// is what the transport costs the filter even when the client, on the same two cores, is the limit.
// Ratios are taken inside a round, then the median over rounds.
//   npx tsx bench/filter/doh.ts [--rounds 5] [--seconds 5]
import { type ChildProcess, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import http2 from 'node:http2';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { buildQuery, T } from '../../src/filter/dns/wire.js';
import { args, BENCH_DIR, fmt, fmtK, fmtX, log, median, ratio, table, writeResult } from '../lib/common.js';

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

  const loads: Record<string, Load> = {
    UDP: udpLoad(ports.udp),
    'DoH (HTTP/2)': dohLoad(ports.doh, ports.dohPath),
    DoT: dotLoad(ports.dot, ports.dotName),
  };
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
  const rows = names.map((name) => {
    const qps = median(rounds.map((r) => r[name]!.qps));
    const cpu = median(rounds.map((r) => r[name]!.cpuUs));
    const qpsRatio = median(rounds.map((r) => ratio(r[name]!.qps, r.UDP!.qps)));
    const cpuRatio = median(rounds.map((r) => ratio(r[name]!.cpuUs, r.UDP!.cpuUs)));
    return { name, qps, cpu, qpsRatio, cpuRatio };
  });
  const file = writeResult('filter-doh', { rounds: ROUNDS, seconds: SECONDS, udp: ports.udpKind, listed: ports.listed, perRound: rounds, summary: rows });
  process.stdout.write(
    `\n${table(
      ['transport', 'answers/s (median)', '÷ UDP (median of rounds)', 'server CPU µs/answer', '÷ UDP'],
      rows.map((x) => [x.name, fmtK(x.qps), fmtX(x.qpsRatio), fmt(x.cpu, 1), fmtX(x.cpuRatio)]),
    )}\n\n${file}\n`,
  );
}

void main();
