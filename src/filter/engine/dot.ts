import tls from 'node:tls';
import { buildAnswer, EDE, isFailure, parseQuery, RCODE } from '../dns/wire.js';
import type { ClientInfo } from './clients.js';
import type { FilterEngine } from './engine.js';
import type { SchoolAddresses } from './school-addresses.js';
import { serveDnsStream } from './stream-framing.js';

/**
 * DNS-over-TLS (RFC 7858) for one school band per server name: the client's SNI,
 * `<code>-<band>-<token>.<suffix>` (school-addresses.ts), names the school and band — what
 * Android's "Private DNS" and iOS profiles send, a host name and nothing else.
 *
 * Messages are length-prefixed as over TCP, read by the same code (stream-framing.ts: pipelining,
 * answers out of order, at most 64 pending, an oversized frame ends the connection); an idle
 * connection is closed.
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
  serveDnsStream(sock, who ? (msg) => engine.handle(msg, ip, true, who) : refusedFor);
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
