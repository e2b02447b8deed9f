import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import type { FilterEngine } from './engine.js';

/**
 * The DNS listeners: UDP and TCP on one address. TCP carries several queries per connection,
 * answered as they complete (RFC 7766), with an idle timeout and a connection cap.
 */
export interface DnsServer {
  udp: dgram.Socket;
  tcp: net.Server;
  address: { host: string; port: number };
  close(): Promise<void>;
}

export interface ServerOptions {
  host: string;
  port: number;
  /** share one UDP port between cluster workers */
  exclusive?: boolean;
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

export async function startDnsServer(engineRef: () => FilterEngine, opts: ServerOptions): Promise<DnsServer> {
  const v6 = opts.host.includes(':');
  const resolver = addressLookup();
  const udp = dgram.createSocket({
    type: v6 ? 'udp6' : 'udp4',
    ipv6Only: false,
    recvBufferSize: 4 * 1024 * 1024,
    sendBufferSize: 4 * 1024 * 1024,
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
  const port = udp.address().port;

  const idle = opts.tcpIdleMs ?? 10_000;
  const sockets = new Set<net.Socket>();
  const tcp = net.createServer({ noDelay: true }, (sock) => {
    sockets.add(sock);
    sock.setTimeout(idle, () => sock.destroy());
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    let buf = Buffer.alloc(0);
    let open = 0;
    const send = (b: Buffer | null) => {
      if (!b || sock.destroyed) return;
      const len = Buffer.allocUnsafe(2);
      len.writeUInt16BE(b.length);
      sock.write(Buffer.concat([len, b]));
    };
    sock.on('data', (d) => {
      buf = buf.length ? Buffer.concat([buf, d]) : d;
      while (buf.length >= 2) {
        const n = buf.readUInt16BE(0);
        if (buf.length < 2 + n) break;
        const msg = Buffer.from(buf.subarray(2, 2 + n));
        buf = buf.subarray(2 + n);
        if (open >= 64) {
          // a client pipelining without reading: stop it
          sock.destroy();
          return;
        }
        let r: ReturnType<FilterEngine['handle']>;
        try {
          r = engineRef().handle(msg, sock.remoteAddress ?? '', true);
        } catch {
          continue;
        }
        if (r instanceof Promise) {
          open++;
          r.then(
            (b) => {
              open--;
              send(b);
            },
            () => {
              open--;
            },
          );
        } else send(r);
      }
      if (buf.length > 65_537) sock.destroy();
    });
  });
  tcp.maxConnections = opts.maxTcpConnections ?? 1000;
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen({ host: opts.host, port, exclusive: opts.exclusive ?? true }, () => {
      tcp.off('error', reject);
      resolve();
    });
  });
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
