import dgram from 'node:dgram';
import net, { isIP } from 'node:net';
import { buildQuery, type Query, RCODE, sameQuestion, T } from '../dns/wire.js';
import { KernelRandom } from './kernel-random.js';
import type { Metrics } from './metrics.js';

/**
 * Forwarding to the upstream resolvers. Each query gets a random ID; an answer is accepted only
 * from the server it was sent to, with that ID and the same question — anything else is dropped
 * (and counted). Truncated answers are asked again over TCP. Servers are tried in order, a
 * failing one is skipped for a while; when all fail the caller gets an error (and may serve stale).
 *
 * A server that stays silent — two tries in a row unanswered over at least `unreachableAfterMs` —
 * is unreachable: queries no longer wait for it (each would wait the full timeout, ~1.5 s, for
 * nothing), and when every server is unreachable the caller gets its error at once (→ stale or
 * SERVFAIL without delay). A probe (". NS") is sent to it every `probeMs` in the background; the
 * first answer of any kind puts it back in service. No client query is ever the probe.
 */
export interface UpstreamServer {
  host: string;
  port: number;
  downUntil: number;
  failures: number;
  /** tries in a row that got no answer (timeouts, network errors), and when the first was sent */
  silent: number;
  silentSince: number;
  /** confirmed silent: skipped by queries, probed in the background until it answers */
  unreachable: boolean;
}

export interface UpstreamOptions {
  /** how often an unreachable server is probed (default 2 s) */
  probeMs?: number;
  /** how long a server must have been silent, over two tries at least, to count as unreachable (default 3 s, at least twice the timeout) */
  unreachableAfterMs?: number;
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
  return { host, port, downUntil: 0, failures: 0, silent: 0, silentSince: 0, unreachable: false };
}

export class Upstreams {
  readonly servers: UpstreamServer[];
  private readonly pending = new Map<number, Pending>();
  private readonly random = new KernelRandom();
  private sock4: dgram.Socket | null = null;
  private sock6: dgram.Socket | null = null;
  private closed = false;
  private readonly probes = new Map<UpstreamServer, NodeJS.Timeout>();
  private readonly probeMs: number;
  private readonly unreachableAfterMs: number;
  mismatches = 0;
  /** queries answered at once with an error because every server was unreachable */
  shortCircuits = 0;

  constructor(
    list: readonly string[],
    private readonly metrics: Metrics,
    private readonly timeoutMs = 1500,
    options: UpstreamOptions = {},
  ) {
    this.servers = list.map(parseUpstream).filter((s): s is UpstreamServer => s !== null);
    this.probeMs = options.probeMs ?? 2000;
    this.unreachableAfterMs = options.unreachableAfterMs ?? Math.max(3000, 2 * timeoutMs);
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
    const udp = await this.sendUdp(server, id, sent);
    const answer = udp[2]! & 0x02 ? await this.askTcp(server, sent) : udp;
    this.metrics.observeUpstream((performance.now() - started) / 1000);
    return answer;
  }

  private sendUdp(server: UpstreamServer, id: number, sent: Buffer): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
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
    if (this.servers.length === 0) throw new Error('no upstream configured');
    const now = Date.now();
    const live = this.servers.filter((s) => !s.unreachable);
    if (live.length === 0) {
      // every server is known silent: waiting for a timeout would only delay the SERVFAIL (or stale answer)
      this.shortCircuits++;
      throw new Error('every upstream unreachable');
    }
    const order = [...live.filter((s) => s.downUntil <= now), ...live.filter((s) => s.downUntil > now)];
    let fallback: Buffer | null = null;
    let lastError: Error = new Error('no upstream answered');
    for (const server of order) {
      const sentAt = Date.now();
      try {
        const r = await this.ask(server, q);
        this.answered(server);
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
        this.unanswered(server, sentAt);
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

  /** Any answer — even SERVFAIL — shows the server is there. */
  private answered(s: UpstreamServer): void {
    s.silent = 0;
    s.unreachable = false;
  }

  private unanswered(s: UpstreamServer, sentAt: number): void {
    s.silentSince = s.silent === 0 ? sentAt : Math.min(s.silentSince, sentAt);
    s.silent++;
    // Two tries and some seconds of silence: one lost datagram is not an outage.
    if (!s.unreachable && s.silent >= 2 && Date.now() - s.silentSince >= this.unreachableAfterMs) {
      s.unreachable = true;
      this.scheduleProbe(s);
    }
  }

  private scheduleProbe(s: UpstreamServer): void {
    if (this.closed || this.probes.has(s)) return;
    // while unreachable the server shows as down (e.g. in the filter status)
    s.downUntil = Math.max(s.downUntil, Date.now() + this.probeMs);
    const timer = setTimeout(() => {
      void this.probe(s).then((ok) => {
        this.probes.delete(s);
        if (ok) {
          this.answered(s);
          s.failures = 0;
          s.downUntil = 0;
        } else if (s.unreachable) this.scheduleProbe(s);
      });
    }, this.probeMs);
    timer.unref();
    this.probes.set(s, timer);
  }

  /** ". NS" with a fresh ID: any matching answer means the server is back. */
  private async probe(s: UpstreamServer): Promise<boolean> {
    if (this.closed) return false;
    const id = this.newId();
    try {
      await this.sendUdp(s, id, buildQuery(id, ROOT, T.NS));
      return true;
    } catch {
      return false;
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.probes.values()) clearTimeout(t);
    this.probes.clear();
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

/** the root name in wire format */
const ROOT = Buffer.from([0]);

const normal = (a: string) => (a.startsWith('::ffff:') ? a.slice(7) : a).toLowerCase();
