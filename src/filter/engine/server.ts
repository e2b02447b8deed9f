import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import type { FilterEngine } from './engine.js';
import { serveDnsStream } from './stream-framing.js';
import { BatchUdpSocket, loadUdpBatch, type UdpTransport, udpBatchLoadError } from './udp-batch.js';

/**
 * The DNS listeners: UDP and TCP on one address. TCP carries several queries per connection,
 * answered as they complete (RFC 7766; stream-framing.ts, shared with DoT), with an idle timeout
 * and a connection cap.
 */
export interface DnsServer {
  /** `kind` says which implementation serves UDP: 'recvmmsg' (the udp_batch addon) or 'dgram' */
  udp: UdpTransport;
  tcp: net.Server;
  address: { host: string; port: number };
  close(): Promise<void>;
}

export interface ServerOptions {
  host: string;
  port: number;
  /** share one UDP port between cluster workers */
  exclusive?: boolean;
  /** UDP implementation (LACHAN_DNS_UDP, checked by config.ts); default 'auto' */
  udp?: UdpMode;
  tcpIdleMs?: number;
  maxTcpConnections?: number;
}

/**
 * The UDP socket's address look-up. dgram passes every send's destination through it, by default
 * dns.lookup, which for an address (all we send to: the source of a query) only tests its syntax
 * and calls back on the next tick: a queued tick and a regular expression per answer. Once bound,
 * destinations are the numeric addresses the kernel reported, so they are handed straight back and
 * the answer is sent at once; before that (the bind address may be a name) dns.lookup resolves.
 */
function addressLookup(): { lookup: NonNullable<dgram.SocketOptions['lookup']>; bound(): void } {
  let numeric = false;
  const lookup = ((address: string, family: number, cb: (err: NodeJS.ErrnoException | null, address: string, family: number) => void) => {
    if (numeric) cb(null, address, family);
    else dns.lookup(address, family, cb);
  }) as unknown as NonNullable<dgram.SocketOptions['lookup']>;
  return {
    lookup,
    bound: () => {
      numeric = true;
    },
  };
}

/**
 * 'auto': the udp_batch addon (recvmmsg/sendmmsg) when it is built and loads, else node:dgram;
 * 'native': the addon or an error (a deployment that must not silently run slower);
 * 'dgram': node:dgram.
 */
export type UdpMode = 'auto' | 'native' | 'dgram';

const UDP_BUFFER = 4 * 1024 * 1024;

/**
 * UDP through the addon. Cluster workers (exclusive: false) each bind their own socket with
 * SO_REUSEPORT, and the kernel spreads clients (by address and port) across them; dgram shares one
 * socket through the primary instead, which needs Node's handle passing. Port 0 cannot be shared
 * that way (each worker would get its own port), so that case stays on dgram.
 */
async function batchUdp(engineRef: () => FilterEngine, opts: ServerOptions, mode: UdpMode): Promise<UdpTransport | null> {
  const shared = opts.exclusive === false;
  if (mode === 'dgram' || (shared && opts.port === 0)) return null;
  const addon = loadUdpBatch();
  if (!addon) {
    if (mode === 'native') throw new Error(`LACHAN_DNS_UDP=native, but the udp_batch addon did not load: ${udpBatchLoadError()}`);
    return null;
  }
  return BatchUdpSocket.bind(
    addon,
    { host: opts.host, port: opts.port, recvBufferSize: UDP_BUFFER, sendBufferSize: UDP_BUFFER, reusePort: shared },
    (buf, ip) => engineRef().handle(buf, ip, false),
  );
}

async function dgramUdp(engineRef: () => FilterEngine, opts: ServerOptions): Promise<UdpTransport> {
  const v6 = opts.host.includes(':');
  const resolver = addressLookup();
  const udp = dgram.createSocket({
    type: v6 ? 'udp6' : 'udp4',
    ipv6Only: false,
    recvBufferSize: UDP_BUFFER,
    sendBufferSize: UDP_BUFFER,
    lookup: resolver.lookup,
  });
  udp.on('message', (msg, rinfo) => {
    let r: ReturnType<FilterEngine['handle']>;
    try {
      r = engineRef().handle(msg, rinfo.address, false);
    } catch {
      return;
    }
    if (r === null) return;
    if (r instanceof Promise) {
      r.then(
        (b) => {
          if (b) udp.send(b, rinfo.port, rinfo.address);
        },
        () => {},
      );
    } else {
      udp.send(r, rinfo.port, rinfo.address);
    }
  });
  udp.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind({ address: opts.host, port: opts.port, exclusive: opts.exclusive ?? true }, () => {
      udp.off('error', reject);
      resolver.bound();
      resolve();
    });
  });
  let open = true;
  return {
    kind: 'dgram',
    address: () => udp.address(),
    stats: () => null,
    close: () => {
      // idempotent, like the addon's close (dgram throws on a second close)
      if (open) udp.close();
      open = false;
    },
  };
}

/**
 * UDP and TCP on one address. With port 0 the kernel picks a free UDP port and TCP must then take
 * the same number, which another process may already hold on TCP: pick again rather than fail
 * (seen in CI, where test files start DNS servers in parallel: listen EADDRINUSE).
 */
export async function startDnsServer(engineRef: () => FilterEngine, opts: ServerOptions): Promise<DnsServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await listenOnce(engineRef, opts);
    } catch (e) {
      if (opts.port !== 0 || attempt >= 5 || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    }
  }
}

async function listenOnce(engineRef: () => FilterEngine, opts: ServerOptions): Promise<DnsServer> {
  const mode = opts.udp ?? 'auto';
  const udp = (await batchUdp(engineRef, opts, mode)) ?? (await dgramUdp(engineRef, opts));
  const port = udp.address().port;

  const idle = opts.tcpIdleMs ?? 10_000;
  const sockets = new Set<net.Socket>();
  const tcp = net.createServer({ noDelay: true }, (sock) => {
    sockets.add(sock);
    sock.setTimeout(idle, () => sock.destroy());
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    serveDnsStream(sock, (msg) => engineRef().handle(msg, sock.remoteAddress ?? '', true));
  });
  tcp.maxConnections = opts.maxTcpConnections ?? 1000;
  try {
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen({ host: opts.host, port, exclusive: opts.exclusive ?? true }, () => {
        tcp.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    // the caller gets the error and no server: do not leave the UDP port bound
    udp.close();
    throw e;
  }
  return {
    udp,
    tcp,
    address: { host: opts.host, port },
    close: () =>
      new Promise<void>((resolve) => {
        udp.close();
        for (const s of sockets) s.destroy();
        tcp.close(() => resolve());
      }),
  };
}
