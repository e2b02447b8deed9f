import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

/**
 * Tests only: the other ends an attacker would point the fetcher at, all on this machine — an HTTP
 * server with named routes (on 127.0.0.1 and, when the machine has it, ::1), a port that answers
 * bytes that are not HTTP, a port that accepts and says nothing, and a port nobody listens on.
 */
export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface HostileEnds {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** http://[::1]:<port6>, or null when the machine has no IPv6 loopback */
  url6: string | null;
  /** Requests each path received: proves whether the fetcher reached the server at all. */
  hits: Map<string, number>;
  /** Bytes the server wrote per path before the reader went away. */
  sent: Map<string, number>;
  garbagePort: number;
  silentPort: number;
  closedPort: number;
  close(): Promise<void>;
}

async function listen(server: net.Server, host: string): Promise<number | null> {
  return new Promise((resolve) => {
    server.once('error', () => resolve(null));
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startHostileEnds(routes: Record<string, Route>): Promise<HostileEnds> {
  const hits = new Map<string, number>();
  const sent = new Map<string, number>();
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  };
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const write = res.write.bind(res);
    res.write = ((chunk: Buffer | string, ...rest: never[]) => {
      sent.set(path, (sent.get(path) ?? 0) + Buffer.byteLength(chunk));
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.on('error', () => {});
    const route = routes[path];
    if (route) route(req, res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
  };
  const web = http.createServer(handler).on('connection', track);
  const web6 = http.createServer(handler).on('connection', track);
  const garbage = net.createServer((s) => {
    track(s);
    // an SSH-like banner and binary noise: not HTTP
    s.end(Buffer.concat([Buffer.from('SSH-2.0-OpenSSH_9.6 secret-banner\r\n'), Buffer.from([0, 1, 2, 255, 254, 0x1b, 0x5b])]));
  });
  const silent = net.createServer(track);
  const closed = net.createServer();
  const port = (await listen(web, '127.0.0.1')) as number;
  const port6 = await listen(web6, '::1');
  const garbagePort = (await listen(garbage, '127.0.0.1')) as number;
  const silentPort = (await listen(silent, '127.0.0.1')) as number;
  const closedPort = (await listen(closed, '127.0.0.1')) as number;
  await new Promise<void>((r) => closed.close(() => r()));
  const servers = [web, garbage, silent, ...(port6 ? [web6] : [])];
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    url6: port6 ? `http://[::1]:${port6}` : null,
    hits,
    sent,
    garbagePort,
    silentPort,
    closedPort,
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}

/** Streams `total` bytes of text without a Content-Length, as fast as the reader takes them. */
export const endlessText =
  (total: number, type = 'text/plain'): Route =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': type });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    // the reader hangs up once its size limit is reached: that is the point, not a failure
    res.on('error', () => {});
    pump();
  };

export const text =
  (body: string, type = 'text/plain; charset=utf-8', status = 200): Route =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': type }).end(body);
  };

export const redirectTo =
  (location: string, status = 302): Route =>
  (_req, res) => {
    res.writeHead(status, { location }).end();
  };
