import dns from 'node:dns';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { projectRoot } from '../../shared/paths.js';

/**
 * UDP for the DNS filter through the udp_batch addon (native/udp-batch): one readiness event reads
 * up to BATCH datagrams with one recvmmsg, calls JS once, and sends the answers written in that
 * call with one sendmmsg. node:dgram spends, per query, a recvmsg syscall, a JS callback, a Buffer
 * and an rinfo object, and per answer a send request and a sendmsg syscall; with the engine as
 * fast as it is, that was most of the filter's CPU. Linux only; the addon is optional (built by
 * `npm run build:native`), and without it the server uses dgram.
 */

/** Socket handle made by the addon (an external: opaque to JS). */
export type UdpBatchHandle = { readonly __udpBatch: unique symbol };

export interface UdpBatchStats {
  batches: number;
  messages: number;
  truncated: number;
  dropped: number;
  sendErrors: number;
}

export interface UdpBatchAddon {
  readonly BATCH: number;
  readonly SLOT: number;
  readonly META: number;
  readonly IPTEXT: number;
  readonly ADDR: number;
  bind(host: string, port: number, rcvbuf: number, sndbuf: number, reusePort: boolean): UdpBatchHandle;
  port(h: UdpBatchHandle): number;
  start(h: UdpBatchHandle, inBuf: Uint8Array, outBuf: Uint8Array, meta: Int32Array, ipText: Uint8Array, addrs: Uint8Array, onBatch: (n: number) => void): void;
  /** 0, or −errno */
  sendTo(h: UdpBatchHandle, data: Uint8Array, addr: Uint8Array): number;
  close(h: UdpBatchHandle): void;
  stats(h: UdpBatchHandle): UdpBatchStats;
}

export const UDP_BATCH_ADDON = path.join(projectRoot, 'native', 'udp-batch', 'build', 'Release', 'udp_batch.node');

let loaded: { addon: UdpBatchAddon | null; error: string | null } | null = null;

/** The addon, or null when it is not built or does not load here (the caller then uses dgram). */
export function loadUdpBatch(): UdpBatchAddon | null {
  if (loaded === null) {
    try {
      loaded = { addon: createRequire(import.meta.url)(UDP_BATCH_ADDON) as UdpBatchAddon, error: null };
    } catch (e) {
      loaded = { addon: null, error: (e as Error).message.split('\n')[0] ?? String(e) };
    }
  }
  return loaded.addon;
}

/** Why the addon did not load (null when it did, or was not tried yet). */
export function udpBatchLoadError(): string | null {
  return loaded?.error ?? null;
}

/** What the filter's UDP listener needs of a socket, whichever implementation serves it. */
export interface UdpTransport {
  readonly kind: 'recvmmsg' | 'dgram';
  address(): { address: string; family: string; port: number };
  /** the addon's counters (null on dgram): datagrams / batches is the mean batch size */
  stats(): UdpBatchStats | null;
  close(): void;
}

/** One query in, its answer (sync), a promise of it (async), or null (drop). */
export type UdpHandler = (query: Buffer, ip: string) => Buffer | null | Promise<Buffer | null>;

export interface BatchBindOptions {
  host: string;
  port: number;
  recvBufferSize: number;
  sendBufferSize: number;
  /** SO_REUSEPORT: cluster workers each bind the same port, the kernel spreads clients across them */
  reusePort?: boolean;
}

const noop = () => {};

export class BatchUdpSocket implements UdpTransport {
  readonly kind = 'recvmmsg' as const;
  private closed = false;
  private readonly family: string;
  /** read once: getsockname fails after close */
  private readonly port: number;

  private constructor(
    private readonly addon: UdpBatchAddon,
    private readonly h: UdpBatchHandle,
    private readonly host: string,
    handler: UdpHandler,
  ) {
    this.family = host.includes(':') ? 'IPv6' : 'IPv4';
    this.port = addon.port(h);
    const { BATCH, SLOT, META, IPTEXT, ADDR } = addon;
    // Allocated once: the kernel writes queries and addresses here, JS writes the answers. Buffer.alloc
    // of this size has its own zero-filled ArrayBuffer, whose pages count in RSS only once touched.
    const inBuf = Buffer.alloc(BATCH * SLOT);
    const outBuf = Buffer.alloc(BATCH * SLOT);
    const meta = new Int32Array(BATCH * META);
    const ipText = Buffer.alloc(BATCH * IPTEXT);
    const addrs = Buffer.alloc(BATCH * ADDR);
    // the previous datagram's source as a string: kept across batches, as the addon's "same IP"
    // flag compares with the last datagram of the previous batch too; the engine's last-client memo
    // then sees the very same string
    let ip = '';
    const onBatch = (n: number): void => {
      for (let i = 0; i < n && !this.closed; i++) {
        const m = i * META;
        const len = meta[m]!;
        if (len < 0) continue; // larger than a slot: no DNS query is
        if (meta[m + 1] === 0) {
          const o = i * IPTEXT;
          ip = ipText.toString('latin1', o, o + meta[m + 2]!);
        }
        // A copy: the engine keeps the query after returning a promise (a cache miss answered
        // from upstream reads its question again), and the next batch overwrites the slot.
        const off = i * SLOT;
        const q = Buffer.allocUnsafe(len);
        // a byte loop: queries are ~30–60 bytes, and Buffer#copy of a slice makes a temporary view first
        for (let j = 0; j < len; j++) q[j] = inBuf[off + j]!;
        let r: Buffer | null | Promise<Buffer | null>;
        try {
          r = handler(q, ip);
        } catch {
          continue;
        }
        if (r === null) continue;
        if (r instanceof Promise) {
          // the slot's address is overwritten by the next batch: keep a copy for the late answer
          const a = i * ADDR;
          const addr = Buffer.allocUnsafe(ADDR);
          addrs.copy(addr, 0, a, a + ADDR);
          r.then((b) => {
            if (b && !this.closed) addon.sendTo(h, b, addr);
          }, noop);
        } else if (r.length <= SLOT) {
          outBuf.set(r, off);
          meta[m + 3] = r.length;
        } else {
          addon.sendTo(h, r, addrs.subarray(i * ADDR, i * ADDR + ADDR));
        }
      }
    };
    addon.start(h, inBuf, outBuf, meta, ipText, addrs, onBatch);
  }

  /** Binds (a host name is looked up first, as dgram does) and starts serving. */
  static async bind(addon: UdpBatchAddon, opts: BatchBindOptions, handler: UdpHandler): Promise<BatchUdpSocket> {
    let host = opts.host;
    if (net.isIP(host) === 0) host = (await dns.promises.lookup(host, { family: 4 })).address;
    let h: UdpBatchHandle;
    try {
      h = addon.bind(host, opts.port, opts.recvBufferSize, opts.sendBufferSize, opts.reusePort ?? false);
    } catch (e) {
      // where, as dgram says it ("bind EADDRINUSE 127.0.0.1:5353")
      const err = e as NodeJS.ErrnoException & { address?: string; port?: number };
      err.message = `${err.message} ${host.includes(':') ? `[${host}]` : host}:${opts.port}`;
      err.address = host;
      err.port = opts.port;
      throw err;
    }
    try {
      return new BatchUdpSocket(addon, h, host, handler);
    } catch (e) {
      addon.close(h);
      throw e;
    }
  }

  address(): { address: string; family: string; port: number } {
    return { address: this.host, family: this.family, port: this.port };
  }

  stats(): UdpBatchStats {
    return this.addon.stats(this.h);
  }

  /** Idempotent; answers still pending are dropped. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.addon.close(this.h);
  }
}
