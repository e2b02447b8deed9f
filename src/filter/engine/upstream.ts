import dgram from 'node:dgram';
import net, { isIP } from 'node:net';
import { buildQuery, type Query, RCODE, sameQuestion } from '../dns/wire.js';
import { KernelRandom } from './kernel-random.js';
import type { Metrics } from './metrics.js';

/**
 * Forwarding to the upstream resolvers. Each query gets a random ID; an answer is accepted only
 * from the server it was sent to, with that ID and the same question — anything else is dropped
 * (and counted). Truncated answers are asked again over TCP. Servers are tried in order, a
 * failing one is skipped for a while; when all fail the caller gets an error (and may serve stale).
 */
export interface UpstreamServer {
  host: string;
  port: number;
  downUntil: number;
  failures: number;
}

interface Pending {
  server: UpstreamServer;
  sent: Buffer;
  resolve(b: Buffer): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

export function parseUpstream(s: string): UpstreamServer | null {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+))(?::(\d{1,5}))?$/.exec(s.trim());
  if (!m) return null;
  const host = (m[1] ?? m[2])!;
  const port = m[3] ? Number(m[3]) : 53;
  if (isIP(host) === 0 || port < 1 || port > 65535) return null;
  return { host, port, downUntil: 0, failures: 0 };
}

export class Upstreams {
  readonly servers: UpstreamServer[];
  private readonly pending = new Map<number, Pending>();
  private readonly random = new KernelRandom();
  private sock4: dgram.Socket | null = null;
  private sock6: dgram.Socket | null = null;
  private closed = false;
  mismatches = 0;

  constructor(
    list: readonly string[],
    private readonly metrics: Metrics,
    private readonly timeoutMs = 1500,
  ) {
    this.servers = list.map(parseUpstream).filter((s): s is UpstreamServer => s !== null);
  }

  private socket(family: 4 | 6): dgram.Socket {
    const existing = family === 4 ? this.sock4 : this.sock6;
    if (existing) return existing;
    const s = dgram.createSocket(family === 4 ? 'udp4' : 'udp6');
    s.on('message', (msg, rinfo) => this.onMessage(msg, rinfo));
    s.on('error', () => {});
    s.unref();
    if (family === 4) this.sock4 = s;
    else this.sock6 = s;
    return s;
  }

  private onMessage(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    if (msg.length < 12) return;
    const p = this.pending.get(msg.readUInt16BE(0));
    if (!p || rinfo.port !== p.server.port || normal(rinfo.address) !== normal(p.server.host) || !(msg[2]! & 0x80) || !sameQuestion(msg, p.sent)) {
      this.mismatches++;
      this.metrics.upstreamMismatches++;
      return;
    }
    this.pending.delete(msg.readUInt16BE(0));
    clearTimeout(p.timer);
    p.resolve(msg);
  }

  private newId(): number {
    for (;;) {
      const id = this.random.uint16();
      if (!this.pending.has(id)) return id;
    }
  }

  /** One attempt over UDP (then TCP when truncated) to one server. */
  private async ask(server: UpstreamServer, q: Query): Promise<Buffer> {
    const id = this.newId();
    const sent = buildQuery(id, q.buf.subarray(12, q.nameEnd), q.qtype, q.qclass, q.dnssecOk);
    const started = performance.now();
    const udp = await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error('timeout'));
      }, this.timeoutMs);
      this.pending.set(id, { server, sent, resolve, reject, timer });
      this.socket(isIP(server.host) === 6 ? 6 : 4).send(sent, server.port, server.host, (err) => {
        if (err) {
          this.pending.delete(id);
          clearTimeout(timer);
          reject(err);
        }
      });
    });
    const answer = udp[2]! & 0x02 ? await this.askTcp(server, sent) : udp;
    this.metrics.observeUpstream((performance.now() - started) / 1000);
    return answer;
  }

  askTcp(server: UpstreamServer, sent: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const sock = net.connect({ host: server.host, port: server.port });
      let buf = Buffer.alloc(0);
      const done = (e: Error | null, b?: Buffer) => {
        clearTimeout(timer);
        sock.destroy();
        if (e) reject(e);
        else resolve(b!);
      };
      const timer = setTimeout(() => done(new Error('tcp timeout')), this.timeoutMs * 2);
      sock.on('connect', () => {
        const len = Buffer.alloc(2);
        len.writeUInt16BE(sent.length);
        sock.write(Buffer.concat([len, sent]));
      });
      sock.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
          if (msg.length < 12 || msg.readUInt16BE(0) !== sent.readUInt16BE(0) || !sameQuestion(msg, sent)) {
            this.metrics.upstreamMismatches++;
            done(new Error('mismatched tcp answer'));
          } else done(null, Buffer.from(msg));
        }
      });
      sock.on('error', (e) => done(e));
      sock.on('close', () => done(new Error('tcp closed')));
    });
  }

  /** Resolves through the first server that answers usefully; throws when none does. */
  async resolve(q: Query): Promise<Buffer> {
    if (this.closed) throw new Error('closed');
    const now = Date.now();
    const order = [...this.servers.filter((s) => s.downUntil <= now), ...this.servers.filter((s) => s.downUntil > now)];
    let fallback: Buffer | null = null;
    let lastError: Error = new Error('no upstream configured');
    for (const server of order) {
      try {
        const r = await this.ask(server, q);
        const rcode = r[3]! & 0x0f;
        if (rcode === RCODE.SERVFAIL || rcode === RCODE.REFUSED) {
          fallback ??= r;
          this.fail(server);
          continue;
        }
        server.failures = 0;
        server.downUntil = 0;
        return r;
      } catch (e) {
        lastError = e as Error;
        this.metrics.upstreamErrors++;
        this.fail(server);
      }
    }
    if (fallback) return fallback;
    throw lastError;
  }

  private fail(s: UpstreamServer): void {
    s.failures++;
    // skip a failing server for 2 s, 4 s, … up to 60 s; it is still tried when all others fail
    s.downUntil = Date.now() + Math.min(60_000, 1000 * 2 ** Math.min(6, s.failures));
  }

  close(): void {
    this.closed = true;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error('closed'));
    }
    this.pending.clear();
    this.sock4?.close();
    this.sock6?.close();
    this.sock4 = null;
    this.sock6 = null;
  }
}

const normal = (a: string) => (a.startsWith('::ffff:') ? a.slice(7) : a).toLowerCase();
