import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { AppError } from '../shared/errors.js';
import { isBlockedAddress } from './addresses.js';
import './messages.js';

/**
 * The one way the platform fetches a URL someone gave it (a link in a report, a block list's
 * address). Everything here assumes the other end is hostile: it may never answer, answer
 * forever, redirect forever, send a gzip bomb, lie about its type, or point its name at our own
 * network (also between two look-ups: the name is resolved here, every address checked, and the
 * connection made to a checked address — no second look-up an attacker's DNS could answer
 * differently). Redirects are followed by hand and every hop is checked again.
 *
 * Failures carry a precise `code` (for logs and for retry decisions) and a coarse `generic`
 * class; what a user sees comes from `generic` only (`outboundError`), so a caller cannot tell a
 * closed port from a filtered one from a server that answered an error — the fetcher is no port
 * scanner.
 */
export type FailureCode =
  | 'invalid_url'
  | 'bad_scheme'
  | 'credentials_in_url'
  | 'blocked_address'
  | 'dns_failed'
  | 'connect_failed'
  | 'timeout'
  | 'too_large'
  | 'too_many_redirects'
  | 'redirect_loop'
  | 'bad_content_type'
  | 'bad_encoding'
  | 'decompression_bomb'
  | 'http_error'
  | 'bad_response'
  | 'tls_error'
  | 'invalid_image'
  | 'internal_error';

/** Failures worth another try later (the site may be down now); the rest are final. */
const TRANSIENT: ReadonlySet<FailureCode> = new Set(['dns_failed', 'connect_failed', 'timeout', 'internal_error']);

/**
 * What a user may learn about a failure. `not_allowed` is decided from the URL and the resolved
 * addresses before any connection; `unavailable` covers everything the other end did (silence,
 * refusal, reset, TLS, an error status, a malformed answer, too many redirects).
 */
export type GenericFailure = 'invalid_url' | 'not_allowed' | 'unavailable' | 'too_large' | 'not_accepted';

const GENERIC: Record<FailureCode, GenericFailure> = {
  invalid_url: 'invalid_url',
  bad_scheme: 'invalid_url',
  credentials_in_url: 'invalid_url',
  blocked_address: 'not_allowed',
  dns_failed: 'unavailable',
  connect_failed: 'unavailable',
  timeout: 'unavailable',
  too_large: 'too_large',
  too_many_redirects: 'unavailable',
  redirect_loop: 'unavailable',
  bad_content_type: 'not_accepted',
  bad_encoding: 'unavailable',
  decompression_bomb: 'too_large',
  http_error: 'unavailable',
  bad_response: 'unavailable',
  tls_error: 'unavailable',
  invalid_image: 'not_accepted',
  internal_error: 'unavailable',
};

export class FetchFailure extends Error {
  constructor(
    readonly code: FailureCode,
    readonly detail: string = '',
    readonly httpStatus: number | null = null,
  ) {
    super(`${code}${detail ? `: ${detail}` : ''}`);
    this.name = 'FetchFailure';
  }
  get generic(): GenericFailure {
    return GENERIC[this.code];
  }
  get transient(): boolean {
    return TRANSIENT.has(this.code) || (this.code === 'http_error' && (this.httpStatus === 429 || (this.httpStatus ?? 0) >= 500));
  }
}

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export interface FetchOptions {
  connectTimeoutMs: number;
  /** Whole fetch, every redirect included. */
  totalTimeoutMs: number;
  /** Cap on the body, before and after decompression. */
  maxBytes: number;
  maxRedirects: number;
  /** MIME types (lower case, no parameters) accepted; `image/*` accepts every image type. */
  allowedTypes: readonly string[];
  /**
   * Tests and closed demo networks only (LACHAN_FETCH_PRIVATE, see `privateNetworksFromConfig`):
   * connect to private/loopback addresses (true), or only to these exact addresses.
   */
  allowPrivateNetworks?: boolean | readonly string[];
  /** Tests only: name resolution (default: the system resolver). */
  resolve?: Resolver;
  /** Aborts the fetch from outside (the worker's per-item deadline). */
  signal?: AbortSignal;
  /** Sent as User-Agent (default: the platform's name). */
  userAgent?: string;
  /** Sent as Accept (default: every type; `allowedTypes` decides). */
  accept?: string;
  /** Called as the body arrives: bytes on the wire so far, and the declared length (or the bytes so far). */
  onProgress?: (done: number, total: number) => void;
}

/** The deployment's switch for private addresses (LACHAN_FETCH_PRIVATE): tests and closed demo networks only. */
export function privateNetworksFromConfig(config: { fetchPrivate: boolean }): Pick<FetchOptions, 'allowPrivateNetworks'> {
  return config.fetchPrivate ? { allowPrivateNetworks: true } : {};
}

/**
 * The error a user sees for a failed fetch: one message per generic class, never the other end's
 * status, address or error code (those stay in `FetchFailure.code`/`detail` for the log).
 */
export function outboundError(f: FetchFailure, params: { limit?: number } = {}): AppError {
  switch (f.generic) {
    case 'invalid_url':
      return new AppError(400, 'outbound.invalid_url');
    case 'not_allowed':
      return new AppError(400, 'outbound.not_allowed');
    case 'too_large':
      return new AppError(413, 'outbound.too_large', { limitMb: Math.round((params.limit ?? 0) / (1024 * 1024)) });
    case 'not_accepted':
      return new AppError(415, 'outbound.not_accepted');
    default:
      return new AppError(400, 'outbound.unavailable');
  }
}

export interface Fetched {
  /** The URL that answered (after redirects). */
  url: string;
  redirects: string[];
  status: number;
  /** MIME type without parameters, lower case. */
  mime: string;
  /** `charset=` of the Content-Type header, if any. */
  charset: string | null;
  /** The body, decompressed. */
  body: Buffer;
  /** Bytes on the wire (compressed). */
  wireBytes: number;
  fetchedAt: string;
}

const USER_AGENT = 'LaChan/1.0 (+child online protection; Hanoi)';

/** Checks a URL before any connection: scheme, credentials, literal addresses. */
export function checkUrl(raw: string, options: Pick<FetchOptions, 'allowPrivateNetworks'> = {}): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new FetchFailure('invalid_url', raw.slice(0, 200));
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FetchFailure('bad_scheme', u.protocol);
  if (u.username || u.password) throw new FetchFailure('credentials_in_url');
  if (!u.hostname) throw new FetchFailure('invalid_url', raw.slice(0, 200));
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !addressAllowed(host, options.allowPrivateNetworks)) throw new FetchFailure('blocked_address', host);
  return u;
}

function addressAllowed(address: string, allow: FetchOptions['allowPrivateNetworks']): boolean {
  if (!isBlockedAddress(address)) return true;
  if (allow === true) return true;
  return Array.isArray(allow) && allow.includes(address);
}

const systemResolve: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (err, addrs) => (err ? reject(err) : resolve(addrs))));

/**
 * The socket's name look-up: resolves, drops every refused address, and hands the socket only
 * the checked ones, so it connects to exactly what was checked.
 */
function safeLookup(options: FetchOptions): LookupFunction {
  const resolve = options.resolve ?? systemResolve;
  return ((hostname: string, lookupOptions: { all?: boolean; family?: number }, callback: (...args: unknown[]) => void) => {
    resolve(hostname).then(
      (addrs) => {
        const wanted = lookupOptions.family === 4 || lookupOptions.family === 6 ? addrs.filter((a) => a.family === lookupOptions.family) : addrs;
        const ok = wanted.filter((a) => addressAllowed(a.address, options.allowPrivateNetworks));
        if (ok.length === 0) {
          callback(wanted.length ? new FetchFailure('blocked_address', hostname) : new FetchFailure('dns_failed', hostname));
          return;
        }
        if (lookupOptions.all) callback(null, ok);
        else callback(null, (ok[0] as LookupAddress).address, (ok[0] as LookupAddress).family);
      },
      (err: NodeJS.ErrnoException) => callback(new FetchFailure('dns_failed', `${hostname} ${err.code ?? ''}`.trim())),
    );
  }) as unknown as LookupFunction;
}

function typeAllowed(mime: string, allowed: readonly string[]): boolean {
  return allowed.some((a) => a === mime || (a.endsWith('/*') && mime.startsWith(a.slice(0, -1))));
}

function parseContentType(header: string | undefined): { mime: string; charset: string | null } {
  if (!header) return { mime: '', charset: null };
  const [type, ...params] = header.split(';');
  const charset = params.map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(p)?.[1]).find((c): c is string => Boolean(c));
  return { mime: (type ?? '').trim().toLowerCase(), charset: charset ?? null };
}

function decoderFor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return null;
  }
}

/** One request; resolves with the response (headers only) or rejects with a FetchFailure. */
function request(u: URL, options: FetchOptions, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request(
      {
        protocol: u.protocol,
        hostname: u.hostname.replace(/^\[|\]$/g, ''),
        port: u.port || undefined,
        path: `${u.pathname}${u.search}`,
        method: 'GET',
        agent: false,
        lookup: safeLookup(options),
        headers: {
          'user-agent': options.userAgent ?? USER_AGENT,
          accept: options.accept ?? '*/*',
          'accept-encoding': 'gzip, deflate, br',
          'accept-language': 'vi,en;q=0.7',
        },
        signal,
      },
      (res) => {
        clearTimeout(connectTimer);
        resolve(res);
      },
    );
    const connectTimer = setTimeout(() => req.destroy(new FetchFailure('timeout', 'connect')), options.connectTimeoutMs);
    req.on('socket', (s) => {
      s.once(u.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    req.on('error', (e) => {
      clearTimeout(connectTimer);
      reject(toFailure(e, signal));
    });
    req.end();
  });
}

function toFailure(e: unknown, signal: AbortSignal): FetchFailure {
  if (e instanceof FetchFailure) return e;
  if (signal.aborted) return signal.reason instanceof FetchFailure ? signal.reason : new FetchFailure('timeout');
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return new FetchFailure('dns_failed', err.code);
  if (err.code === 'ECONNREFUSED' || err.code === 'ECONNRESET' || err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH')
    return new FetchFailure('connect_failed', err.code);
  // a malformed response (oversized headers, broken chunking) is final: asking again gets the same
  if (typeof err.code === 'string' && err.code.startsWith('HPE_')) return new FetchFailure('bad_response', err.code);
  // certificate problems are the site's, not the network's: final, and the evidence is not fetched unverified
  if (typeof err.code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(err.code)) return new FetchFailure('tls_error', err.code);
  if (err.code === 'Z_DATA_ERROR' || err.code === 'Z_BUF_ERROR' || err.code === 'ERR_PADDING_1' || /zlib|brotli|incorrect header/i.test(String(err.message)))
    return new FetchFailure('bad_encoding', String(err.code ?? err.message).slice(0, 80));
  return new FetchFailure('connect_failed', String(err.code ?? err.message).slice(0, 120));
}

/** Reads the body with both caps enforced while it streams; stops reading the moment one is crossed. */
function readBody(res: IncomingMessage, options: FetchOptions, signal: AbortSignal): Promise<{ body: Buffer; wireBytes: number }> {
  return new Promise((resolve, reject) => {
    const encoding = String(res.headers['content-encoding'] ?? 'identity')
      .trim()
      .toLowerCase();
    const decoder = encoding === 'identity' || encoding === '' ? null : decoderFor(encoding);
    if (encoding !== 'identity' && encoding !== '' && !decoder) {
      res.destroy();
      reject(new FetchFailure('bad_encoding', encoding.slice(0, 40)));
      return;
    }
    let wire = 0;
    let out = 0;
    const declared = Number(res.headers['content-length'] ?? 0) || 0;
    const chunks: Buffer[] = [];
    let settled = false;
    const fail = (f: FetchFailure) => {
      if (settled) return;
      settled = true;
      res.destroy();
      decoder?.destroy();
      reject(f);
    };
    const onAbort = () => fail(signal.reason instanceof FetchFailure ? signal.reason : new FetchFailure('timeout'));
    signal.addEventListener('abort', onAbort, { once: true });
    res.on('data', (c: Buffer) => {
      wire += c.length;
      if (wire > options.maxBytes) fail(new FetchFailure('too_large', `> ${options.maxBytes} bytes`));
      else options.onProgress?.(wire, Math.max(declared, wire));
    });
    res.on('error', (e) => fail(toFailure(e, signal)));
    const source: Readable = decoder ? res.pipe(decoder) : res;
    source.on('data', (c: Buffer) => {
      out += c.length;
      if (out > options.maxBytes) {
        // A small download that inflates past the cap is a bomb; a big one is just too large.
        fail(decoder && out > wire * 20 ? new FetchFailure('decompression_bomb', `${wire} → > ${options.maxBytes} bytes`) : new FetchFailure('too_large'));
        return;
      }
      chunks.push(c);
    });
    source.on('error', (e) => fail(toFailure(e, signal)));
    source.on('end', () => {
      signal.removeEventListener('abort', onAbort);
      if (settled) return;
      settled = true;
      resolve({ body: Buffer.concat(chunks), wireBytes: wire });
    });
  });
}

/** GET with every limit in `options`; throws FetchFailure with a clear code (show users only its `generic` class). */
export async function safeFetch(rawUrl: string, options: FetchOptions): Promise<Fetched> {
  const controller = new AbortController();
  const total = setTimeout(() => controller.abort(new FetchFailure('timeout', `> ${options.totalTimeoutMs} ms`)), options.totalTimeoutMs);
  const outer = options.signal;
  const onOuter = () => controller.abort(outer?.reason instanceof FetchFailure ? outer.reason : new FetchFailure('timeout', 'deadline'));
  if (outer?.aborted) onOuter();
  else outer?.addEventListener('abort', onOuter, { once: true });
  try {
    const seen = new Set<string>();
    const redirects: string[] = [];
    let u = checkUrl(rawUrl, options);
    for (;;) {
      seen.add(u.href);
      const res = await request(u, options, controller.signal);
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.destroy();
        if (redirects.length >= options.maxRedirects) throw new FetchFailure('too_many_redirects', `> ${options.maxRedirects}`);
        let next: URL;
        try {
          next = new URL(res.headers.location, u);
        } catch {
          throw new FetchFailure('invalid_url', 'redirect target');
        }
        next.hash = '';
        if (seen.has(next.href)) throw new FetchFailure('redirect_loop', `${redirects.length + 1} hops`);
        redirects.push(next.href);
        u = checkUrl(next.href, options); // every hop is checked again: scheme, credentials, address
        continue;
      }
      if (status < 200 || status >= 300) {
        res.destroy();
        throw new FetchFailure('http_error', String(status), status);
      }
      const { mime, charset } = parseContentType(res.headers['content-type']);
      if (!typeAllowed(mime, options.allowedTypes)) {
        res.destroy();
        throw new FetchFailure('bad_content_type', mime.slice(0, 80) || '(none)');
      }
      const declared = Number(res.headers['content-length'] ?? Number.NaN);
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        res.destroy();
        throw new FetchFailure('too_large', `${declared} bytes declared`);
      }
      const { body, wireBytes } = await readBody(res, options, controller.signal);
      return { url: u.href, redirects, status, mime, charset, body, wireBytes, fetchedAt: new Date().toISOString() };
    }
  } catch (e) {
    throw toFailure(e, controller.signal);
  } finally {
    clearTimeout(total);
    outer?.removeEventListener('abort', onOuter);
  }
}
