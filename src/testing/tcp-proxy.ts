import net from 'node:net';

/**
 * A TCP relay between the app and PostgreSQL that a test can break the way networks break,
 * without touching the real server other tests share:
 * - `reset()`: every open connection is cut (what a server restart or pg_terminate_backend does
 *   to the client's sockets), new ones go through as before;
 * - `blackhole()`: open connections stay open but nothing passes any more, and new connections
 *   are accepted and never answered — a host that has gone away (no RST, no reply, only silence);
 * - `refuse()`: every open connection is cut and new ones are reset at once — the server is
 *   restarting (its port answers, nobody accepts);
 * - `restore()`: traffic flows again; connections opened during the outage stay dead.
 */
export interface TcpProxy {
  readonly port: number;
  /** open client connections right now */
  readonly connections: number;
  reset(): void;
  refuse(): void;
  blackhole(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let holed = false;
  let refusing = false;
  const pairs = new Set<{ client: net.Socket; server: net.Socket | null }>();
  const server = net.createServer((client) => {
    if (refusing) {
      client.resetAndDestroy();
      return;
    }
    const pair: { client: net.Socket; server: net.Socket | null } = { client, server: null };
    pairs.add(pair);
    const drop = () => {
      client.destroy();
      pair.server?.destroy();
      pairs.delete(pair);
    };
    client.on('error', drop);
    client.on('close', drop);
    if (holed) return; // accepted, never relayed
    const upstream = net.connect(target);
    pair.server = upstream;
    upstream.on('error', drop);
    upstream.on('close', drop);
    client.on('data', (d) => {
      if (!holed) upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!holed) client.write(d);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const reset = () => {
    for (const p of [...pairs]) {
      p.client.resetAndDestroy();
      p.server?.destroy();
      pairs.delete(p);
    }
  };
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    get connections() {
      return pairs.size;
    },
    reset,
    refuse() {
      refusing = true;
      reset();
    },
    blackhole() {
      holed = true;
    },
    restore() {
      holed = false;
      refusing = false;
      // connections opened or silenced during the outage: the peers' state is lost, close them
      for (const p of [...pairs]) {
        p.client.destroy();
        p.server?.destroy();
        pairs.delete(p);
      }
    },
    async close() {
      for (const p of [...pairs]) {
        p.client.destroy();
        p.server?.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
