import tls from 'node:tls';
import { buildAnswer, EDE, isFailure, parseQuery, RCODE } from '../dns/wire.js';
import type { ClientInfo } from './clients.js';
import type { FilterEngine } from './engine.js';
import type { SchoolAddresses } from './school-addresses.js';

/**
 * DNS-over-TLS (RFC 7858) for one school band per server name: the client's SNI,
 * `<code>-<band>-<token>.<suffix>` (school-addresses.ts), names the school and band — what
 * Android's "Private DNS" and iOS profiles send, a host name and nothing else.
 *
 * Messages are length-prefixed as over TCP (RFC 1035 §4.2.2); a client may pipeline, and answers go
 * back as they complete, out of order (RFC 7766 §6.2.1.1; the ID pairs them). At most 64 answers
 * may be pending per connection (a client that sends without reading is cut off), a message
 * announced larger than the connection may buffer ends it too, and an idle connection is closed.
 * A name that names no school band (no SNI, unknown school, wrong token) gets REFUSED with an
 * Extended DNS Error saying so, for every query on that connection: clear to whoever set the
 * device up, and never an open resolver.
 */
export interface DotServer {
  server: tls.Server;
  address: { host: string; port: number };
  close(): Promise<void>;
}

export interface DotOptions {
  host: string;
  port: number;
  cert: Buffer;
  key: Buffer;
  exclusive?: boolean;
  /** an idle connection is closed after this long (default 30 s: a TLS handshake is worth keeping) */
  idleMs?: number;
  maxConnections?: number;
}

const MAX_PENDING = 64;

function refusedFor(msg: Buffer): Buffer | null {
  const q = parseQuery(msg);
  if (isFailure(q)) return q.drop ? null : buildAnswer({ buf: msg, id: q.partial.id, flags: q.partial.flags, qEnd: q.partial.qEnd }, q.rcode);
  return buildAnswer(q, RCODE.REFUSED, [], { code: EDE.PROHIBITED, text: 'not a school DNS-over-TLS name' });
}

/** One connection: frames in, answers out as they complete. */
export function serveDotConnection(engine: FilterEngine, addresses: SchoolAddresses, sock: tls.TLSSocket, idleMs: number): void {
  sock.setNoDelay(true);
  sock.setTimeout(idleMs, () => sock.destroy());
  sock.on('error', () => {});
  const name = typeof sock.servername === 'string' ? sock.servername : '';
  // per connection, not per query: the snapshot of now (a reload during a long connection is seen
  // by the next connection; the engine itself always answers with its current policy)
  const who: ClientInfo | null = name ? addresses.fromServerName(engine.snapshot, name) : null;
  const ip = sock.remoteAddress ?? '';
  let buf: Buffer = Buffer.alloc(0);
  let pending = 0;
  const send = (b: Buffer | null) => {
    if (!b || sock.destroyed) return;
    const out = Buffer.allocUnsafe(2 + b.length);
    out.writeUInt16BE(b.length, 0);
    b.copy(out, 2);
    sock.write(out);
  };
  sock.on('data', (d: Buffer) => {
    buf = buf.length ? Buffer.concat([buf, d]) : d;
    while (buf.length >= 2) {
      const n = buf.readUInt16BE(0);
      if (buf.length < 2 + n) break;
      const msg = Buffer.from(buf.subarray(2, 2 + n));
      buf = buf.subarray(2 + n);
      if (pending >= MAX_PENDING) {
        sock.destroy();
        return;
      }
      if (who === null) {
        send(refusedFor(msg));
        continue;
      }
      const r = engine.handle(msg, ip, true, who);
      if (r instanceof Promise) {
        pending++;
        r.then(
          (b) => {
            pending--;
            send(b);
          },
          () => {
            pending--;
          },
        );
      } else send(r);
    }
    // one message is at most 65,535 bytes: more than that unframed is not DNS
    if (buf.length > 65_537) sock.destroy();
  });
}

export async function startDot(engine: FilterEngine, addresses: SchoolAddresses, o: DotOptions): Promise<DotServer> {
  const idle = o.idleMs ?? 30_000;
  const sockets = new Set<tls.TLSSocket>();
  const server = tls.createServer({ cert: o.cert, key: o.key }, (sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    serveDotConnection(engine, addresses, sock, idle);
  });
  // a handshake that never finishes holds a socket: the same idle limit applies before it
  server.on('connection', (raw) => raw.setTimeout(idle, () => raw.destroy()));
  server.on('tlsClientError', () => {});
  server.maxConnections = o.maxConnections ?? 4096;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: o.host, port: o.port, exclusive: o.exclusive ?? true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => {});
  return {
    server,
    address: { host: o.host, port: (server.address() as { port: number }).port },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
