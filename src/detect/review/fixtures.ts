import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { endlessText } from '../../outbound/testing.js';

/**
 * Test material for the review desk: a local HTTP server (127.0.0.1, any free port) with the pages
 * a hostile or broken site would serve. Tests only — nothing here touches the network outside.
 */
export interface Fixture {
  url: string;
  port: number;
  /** How many requests each path received (to prove the worker stopped reading). */
  hits: Map<string, number>;
  close(): Promise<void>;
}

export async function redImageJpeg(size = 96): Promise<Buffer> {
  // a pattern, not a flat colour: PDQ gives flat images quality 0
  const px = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const o = (y * size + x) * 3;
      px[o] = (x * 7 + y * 3) & 255;
      px[o + 1] = ((x ^ y) * 5) & 255;
      px[o + 2] = (y * 11) & 255;
    }
  return sharp(px, { raw: { width: size, height: size, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** "Tiếng Việt có dấu" in windows-1258 (tones as combining marks, as that code page does). */
export const VI_1258 = Buffer.from([0x54, 0x69, 0xea, 0xec, 0x6e, 0x67, 0x20, 0x56, 0x69, 0xea, 0xf2, 0x74, 0x20, 0x63, 0xf3, 0x20, 0x64, 0xe2, 0xec, 0x75]);

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export async function startFixture(routes: Record<string, Handler>): Promise<Fixture> {
  const hits = new Map<string, number>();
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const exact = routes[path];
    const prefix = exact ? null : Object.entries(routes).find(([k]) => k.endsWith('*') && path.startsWith(k.slice(0, -1)))?.[1];
    const h = exact ?? prefix;
    if (!h) {
      res.writeHead(404).end('not found');
      return;
    }
    h(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A TCP server that accepts and never says a word (a TLS handshake that never completes). */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

export const html =
  (body: string, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
  };

export const bytes =
  (type: string, body: Buffer, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': type, ...headers }).end(body);
  };

export const redirect =
  (to: string | ((req: http.IncomingMessage) => string), status = 302): Handler =>
  (req, res) => {
    res.writeHead(status, { location: typeof to === 'string' ? to : to(req) }).end();
  };

/** Streams `total` bytes of HTML without a Content-Length, in 64 KiB chunks, as fast as the reader takes them. */
export const endless = (total: number): Handler => endlessText(total, 'text/html');

export const gzipBombBody = () => gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
export const gz = (s: string | Buffer) => gzipSync(s);
export const br = (s: string | Buffer) => brotliCompressSync(s);
export const deflate = (s: string | Buffer) => deflateSync(s);
