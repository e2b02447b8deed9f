import http2 from 'node:http2';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { isFailure, parseQuery, RCODE, skipName, T } from '../dns/wire.js';
import type { FilterEngine } from './engine.js';
import type { SchoolAddresses } from './school-addresses.js';
import { MAX_DNS_MESSAGE } from './stream-framing.js';

/**
 * DNS-over-HTTPS (RFC 8484) for one school band per address: GET `?dns=<base64url>` and POST
 * `application/dns-message`, over HTTP/2 and HTTP/1.1 (one TLS port, ALPN decides), at
 * `/dns-query/<school code>/<band>/<token>` (school-addresses.ts says why the token).
 *
 * The engine answers as it answers UDP from that school band's network — same lists, schedules,
 * safe search, cache, counters — only the school and band come from the path instead of the
 * source address, which still feeds the per-client rate limit (429 here, where UDP drops).
 *
 * Hostile input gets an HTTP status and nothing else: an unknown path, school, band or token 404
 * (one answer for all, so addresses cannot be probed), a method other than GET/POST 405, a missing
 * or malformed `dns` parameter 400, a body over 65,535 bytes 413, another content type 415, a
 * message that is not a DNS query 400. A DNS query the engine can answer (FORMERR, REFUSED…) is a
 * 200 with that DNS answer, as RFC 8484 §4.2.1 asks.
 */
export interface DohServer {
  server: http2.Http2SecureServer;
  address: { host: string; port: number };
  close(): Promise<void>;
}

export interface DohOptions {
  host: string;
  port: number;
  /** the TLS context: certificate and key (PEM) */
  cert: Buffer;
  key: Buffer;
  /** share the port between cluster workers */
  exclusive?: boolean;
  /** an idle connection is closed after this long (default 30 s) */
  idleMs?: number;
  /** open connections at most (default 4096) */
  maxConnections?: number;
}

/** base64url of 65,535 bytes */
const MAX_PARAM = 87_380;
const PATH = /^\/dns-query\/([A-Za-z0-9._-]{1,32})\/([A-Za-z_-]{1,20})\/([A-Za-z0-9]{1,64})\/?$/;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** What a person reading an error sees (curl, a browser): Vietnamese first. */
const TEXT = {
  404: 'Không có địa chỉ DNS này / No such DNS address',
  405: 'Chỉ nhận GET hoặc POST / Only GET or POST',
  400: 'Tham số dns phải là một truy vấn DNS mã hoá base64url / The dns parameter must be a DNS query in base64url',
  413: 'Thông điệp DNS quá lớn / DNS message too large',
  414: 'Tham số dns quá dài / The dns parameter is too long',
  415: 'Cần Content-Type: application/dns-message / Content-Type must be application/dns-message',
  429: 'Quá nhiều truy vấn, thử lại sau / Too many queries, try again shortly',
  503: 'Bộ lọc không trả lời được lúc này / The filter cannot answer just now',
} as const;

type Status = keyof typeof TEXT;

/**
 * Seconds an answer may be cached (RFC 8484 §5.1): the smallest TTL of the answer section, or for
 * a negative answer the SOA's negative-caching time (RFC 2308); 0 when there is none (SERVFAIL,
 * REFUSED). Walked in place: no copy of the message.
 */
export function answerMaxAge(buf: Buffer): number {
  if (buf.length < 12) return 0;
  const rcode = buf[3]! & 0x0f;
  const qd = buf.readUInt16BE(4);
  const an = buf.readUInt16BE(6);
  const ns = buf.readUInt16BE(8);
  let off = 12;
  for (let i = 0; i < qd; i++) {
    off = skipName(buf, off);
    if (off < 0 || off + 4 > buf.length) return 0;
    off += 4;
  }
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < an + ns; i++) {
    const n = skipName(buf, off);
    if (n < 0 || n + 10 > buf.length) return 0;
    const type = buf.readUInt16BE(n);
    const ttl = buf.readUInt32BE(n + 4) & 0x7fffffff;
    const rdlen = buf.readUInt16BE(n + 8);
    off = n + 10 + rdlen;
    if (off > buf.length) return 0;
    if (i < an) {
      if (rcode === RCODE.NOERROR) min = Math.min(min, ttl);
    } else if (an === 0 && type === T.SOA && rdlen >= 22) min = Math.min(min, ttl, buf.readUInt32BE(off - 4));
  }
  return rcode === RCODE.NOERROR || rcode === RCODE.NXDOMAIN ? (Number.isFinite(min) ? min : 0) : 0;
}

/** What the answer needs of a request, from either HTTP version. */
interface Ask {
  method: string;
  url: string;
  contentType: string;
  contentLength: number;
  ip: string;
  body: Readable;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function failure(status: Status, extra: Record<string, string> = {}): Reply {
  const body = Buffer.from(`${TEXT[status]}\n`);
  return {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(body.length), 'cache-control': 'no-store', ...extra },
    body,
  };
}

/** The POST body, at most MAX_DNS_MESSAGE bytes; null when larger (answered 413, read no further). */
function readBody(body: Readable): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    let done = false;
    body.on('data', (d: Buffer) => {
      if (done) return;
      size += d.length;
      if (size > MAX_DNS_MESSAGE) {
        done = true;
        resolve(null);
        return;
      }
      parts.push(d);
    });
    body.on('end', () => {
      if (!done) resolve(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
    });
    body.on('error', reject);
  });
}

async function answer(engine: FilterEngine, addresses: SchoolAddresses, ask: Ask): Promise<Reply> {
  const url = ask.url;
  const qi = url.indexOf('?');
  const m = PATH.exec(qi < 0 ? url : url.slice(0, qi));
  const who = m ? addresses.fromPath(engine.snapshot, m[1]!, m[2]!, m[3]!) : null;
  if (!who) return failure(404);
  let msg: Buffer;
  if (ask.method === 'GET') {
    const param = qi < 0 ? null : new URLSearchParams(url.slice(qi + 1)).get('dns');
    if (param && param.length > MAX_PARAM) return failure(414);
    if (!param || !BASE64URL.test(param) || param.replace(/=+$/, '').length % 4 === 1) return failure(400);
    msg = Buffer.from(param, 'base64url');
  } else if (ask.method === 'POST') {
    if (ask.contentType.split(';', 1)[0]!.trim().toLowerCase() !== 'application/dns-message') return failure(415);
    if (ask.contentLength > MAX_DNS_MESSAGE) return failure(413);
    const body = await readBody(ask.body);
    if (body === null) return failure(413);
    msg = body;
  } else {
    return failure(405, { allow: 'GET, POST' });
  }
  const r = engine.handle(msg, ask.ip, true, who);
  const out = r instanceof Promise ? await r : r;
  if (out === null) {
    // dropped: not a DNS query at all (too short, or a response), or over the client's rate limit
    const q = parseQuery(msg);
    return isFailure(q) && q.drop ? failure(400) : failure(429, { 'retry-after': '1' });
  }
  return {
    status: 200,
    headers: { 'content-type': 'application/dns-message', 'content-length': String(out.length), 'cache-control': `max-age=${answerMaxAge(out)}` },
    body: out,
  };
}

/** HTTP/2 through the stream API: no compatibility request and response objects per query. */
function onStream(engine: FilterEngine, addresses: SchoolAddresses) {
  return (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void => {
    stream.on('error', () => {});
    const ask: Ask = {
      method: String(headers[':method'] ?? ''),
      url: String(headers[':path'] ?? ''),
      contentType: String(headers['content-type'] ?? ''),
      contentLength: Number(headers['content-length'] ?? 0),
      ip: stream.session?.socket?.remoteAddress ?? '',
      body: stream,
    };
    const send = (r: Reply) => {
      if (stream.destroyed || stream.headersSent) return;
      stream.respond({ ':status': r.status, ...r.headers });
      stream.end(r.body);
    };
    answer(engine, addresses, ask).then(send, () => send(failure(503)));
  };
}

/** HTTP/1.1 (a client without HTTP/2); an HTTP/2 request reaching here is onStream's. */
function onRequest(engine: FilterEngine, addresses: SchoolAddresses) {
  return (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse): void => {
    if (req.httpVersionMajor === 2) return;
    req.on('error', () => {});
    res.on('error', () => {});
    const ask: Ask = {
      method: req.method ?? '',
      url: req.url ?? '',
      contentType: req.headers['content-type'] ?? '',
      contentLength: Number(req.headers['content-length'] ?? 0),
      ip: req.socket?.remoteAddress ?? '',
      body: req,
    };
    const send = (r: Reply) => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(r.status, r.headers);
      res.end(r.body);
    };
    answer(engine, addresses, ask).then(send, () => send(failure(503)));
  };
}

export async function startDoh(engine: FilterEngine, addresses: SchoolAddresses, o: DohOptions): Promise<DohServer> {
  const server = http2.createSecureServer({ cert: o.cert, key: o.key, allowHTTP1: true, settings: { maxConcurrentStreams: 128 } });
  // HTTP/1.1 needs a 'request' listener, and adding one makes Node build compatibility objects for
  // every HTTP/2 stream too: that listener is taken off again (onRequest ignores HTTP/2 requests,
  // so if Node ever names it differently, the cost comes back, not a double answer)
  server.on('request', onRequest(engine, addresses));
  for (const l of server.listeners('stream')) if ((l as { name?: string }).name === 'bound onServerStream') server.off('stream', l as () => void);
  server.on('stream', onStream(engine, addresses));
  server.setTimeout(o.idleMs ?? 30_000);
  server.maxConnections = o.maxConnections ?? 4096;
  // a bad handshake or a broken session ends that connection, never the process
  server.on('tlsClientError', () => {});
  server.on('sessionError', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: o.host, port: o.port, exclusive: o.exclusive ?? true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => {});
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  const sockets = new Set<Socket>();
  server.on('secureConnection', (sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
  });
  const port = (server.address() as { port: number }).port;
  return {
    server,
    address: { host: o.host, port },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sessions) s.destroy();
        for (const s of sockets) s.destroy();
      }),
  };
}
