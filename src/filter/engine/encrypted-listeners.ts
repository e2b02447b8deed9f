import { readFileSync, statSync } from 'node:fs';
import { type DohServer, startDoh } from './doh.js';
import { type DotServer, startDot } from './dot.js';
import type { FilterEngine } from './engine.js';
import { loadAddressKey, SchoolAddresses } from './school-addresses.js';

/**
 * DNS-over-HTTPS and DNS-over-TLS beside the UDP/TCP listeners (LACHAN_DOH_ADDR, LACHAN_DOT_ADDR,
 * LACHAN_TLS_CERT, LACHAN_TLS_KEY), for school devices off the school network. One entry for every
 * process that serves DNS — `npm start` (service.ts), `lachan filter` (standalone.ts) and a fleet
 * node (fleet/node/run-node.ts, with the tokens its centre gave) — which load this module only
 * when one of the two is configured: node:tls, node:http2 and OpenSSL stay out of a filter that
 * does not use them.
 *
 * The certificate and key are read again when either file changes (checked every minute): a
 * renewed certificate is served to new connections without a restart.
 */
export interface EncryptedListenerOptions {
  /** where the address key lives (<data>/filter/encrypted-dns.key); not read when `addresses` is given */
  dataDir: string;
  /** a fleet node's addresses, made from the tokens its centre gave (it holds no key) */
  addresses?: SchoolAddresses;
  doh: { host: string; port: number } | null;
  dot: { host: string; port: number } | null;
  /** PEM files */
  certFile: string;
  keyFile: string;
  /** cluster workers share the ports */
  shared?: boolean;
  /** idle connections are closed after this long (default 30 s) */
  idleMs?: number;
  /** one line per certificate reload or failed reload */
  log?: (line: string) => void;
  /** how often the certificate files are checked for a change (default a minute) */
  certCheckMs?: number;
}

export interface EncryptedListeners {
  doh: { host: string; port: number } | null;
  dot: { host: string; port: number } | null;
  /** the addresses of each school band */
  addresses: SchoolAddresses;
  close(): Promise<void>;
}

const CERT_CHECK_MS = 60_000;

function readPem(certFile: string, keyFile: string): { cert: Buffer; key: Buffer } {
  try {
    return { cert: readFileSync(certFile), key: readFileSync(keyFile) };
  } catch (e) {
    throw new Error(`chứng chỉ TLS không đọc được / cannot read the TLS certificate or key: ${(e as Error).message}`);
  }
}

const stamp = (f: string) => {
  try {
    const s = statSync(f);
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return '';
  }
};

export async function startEncryptedListeners(engine: FilterEngine, o: EncryptedListenerOptions): Promise<EncryptedListeners> {
  const addresses = o.addresses ?? SchoolAddresses.fromKey(loadAddressKey(o.dataDir));
  const pem = readPem(o.certFile, o.keyFile);
  const exclusive = !o.shared;
  let doh: DohServer | null = null;
  let dot: DotServer | null = null;
  try {
    if (o.doh) doh = await startDoh(engine, addresses, { ...o.doh, ...pem, exclusive, idleMs: o.idleMs });
    if (o.dot) dot = await startDot(engine, addresses, { ...o.dot, ...pem, exclusive, idleMs: o.idleMs });
  } catch (e) {
    await doh?.close();
    throw e;
  }
  let seen = `${stamp(o.certFile)}|${stamp(o.keyFile)}`;
  const timer = setInterval(() => {
    const now = `${stamp(o.certFile)}|${stamp(o.keyFile)}`;
    if (now === seen) return;
    try {
      const next = readPem(o.certFile, o.keyFile);
      doh?.server.setSecureContext(next);
      dot?.server.setSecureContext(next);
      seen = now;
      o.log?.('Đã nạp lại chứng chỉ TLS / TLS certificate reloaded');
    } catch (e) {
      // half-written, or a key that does not match: keep serving the one that works (and say so
      // each minute until the files are right)
      o.log?.(`Chứng chỉ TLS mới không dùng được, giữ chứng chỉ cũ / new TLS certificate unusable, keeping the old one: ${(e as Error).message}`);
    }
  }, o.certCheckMs ?? CERT_CHECK_MS);
  timer.unref();
  return {
    doh: doh?.address ?? null,
    dot: dot?.address ?? null,
    addresses,
    async close() {
      clearInterval(timer);
      await Promise.all([doh?.close(), dot?.close()]);
    },
  };
}
