import { isIPv6 } from 'node:net';
import type { Band, NetworkData } from '../model.js';
import { type Net as Cidr, parseNet } from '../networks/cidr.js';

/**
 * Client identification: source address → (school, band) by longest-prefix match over the
 * schools' networks (IPv4 and IPv6 CIDRs). Results are memoised per address (bounded).
 *
 * Networks are read by the one CIDR parser the ownership rules use (networks/cidr.ts), once per
 * snapshot. A client address is parsed here, into 32-bit words rather than cidr.ts's bigint,
 * because it runs for every new client address on the DNS path; ipaddr.js (only a transitive
 * dependency) is not used for the same reason. clients.test.ts checks the lookup against
 * node:net's BlockList for random networks and addresses in every spelling. Checking that grammar
 * (isIPv6, mapped spellings) cost nothing measurable: a lookup of a new address against 300
 * networks took 9.3–13 µs (mapped IPv4) and 11–21 µs (IPv6) before, 6.5–9.3 µs and 11–15 µs after
 * (60,000 new addresses each, three rounds, same process; the network scan dominates). The engine
 * bench (bench/dns/engine.ts) queries from one address, so it only ever sees the memo.
 */
export interface ClientInfo {
  schoolId: string;
  band: Band;
}

interface Net {
  words: number[]; // 1 word for IPv4, 4 for IPv6
  prefix: number;
  info: ClientInfo;
}

function v6Words(ip: string): number[] | null {
  let s = ip;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  // node's grammar first: the split below would take '1::2::3' or 'fe80::1g' for addresses
  if (!isIPv6(s)) return null;
  let tailV4: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) {
    const w = v4Word(s.slice(lastColon + 1));
    if (w === null) return null;
    tailV4 = [(w >>> 16) & 0xffff, w & 0xffff];
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const [head = '', tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
  const groups = tail !== undefined ? [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t] : h;
  if (groups.length !== 8) return null;
  const g = groups.map((x) => Number.parseInt(x, 16));
  if (tailV4.length) {
    g[6] = tailV4[0]!;
    g[7] = tailV4[1]!;
  }
  if (g.some((x) => !(x >= 0 && x <= 0xffff))) return null;
  return [((g[0]! << 16) | g[1]!) >>> 0, ((g[2]! << 16) | g[3]!) >>> 0, ((g[4]! << 16) | g[5]!) >>> 0, ((g[6]! << 16) | g[7]!) >>> 0];
}

function v4Word(ip: string): number | null {
  const p = ip.split('.');
  if (p.length !== 4) return null;
  let w = 0;
  for (const x of p) {
    const n = Number(x);
    if (!/^(?:0|[1-9]\d{0,2})$/.test(x) || n > 255) return null; // no leading zeros: '010' is octal to some readers
    w = (w << 8) | n;
  }
  return w >>> 0;
}

/** Parses an address: IPv4-mapped IPv6, in any spelling, counts as IPv4 (as BlockList reads it). */
function addressWords(ip: string): number[] | null {
  // what a dual-stack socket reports for an IPv4 peer: straight to the IPv4 parser
  if (ip.startsWith('::ffff:') && ip.includes('.')) ip = ip.slice(7);
  if (!ip.includes(':')) {
    const w = v4Word(ip);
    return w === null ? null : [w];
  }
  const words = v6Words(ip);
  // ::FFFF:a.b.c.d, 0:0:0:0:0:ffff:a.b.c.d, ::ffff:a01:203 …
  if (words && words[0] === 0 && words[1] === 0 && words[2] === 0xffff) return [words[3] as number];
  return words;
}

/** A network from cidr.ts as the words the lookup compares. */
function netWords(n: Cidr): number[] {
  if (n.family === 4) return [Number(n.base)];
  return [96n, 64n, 32n, 0n].map((shift) => Number((n.base >> shift) & 0xffff_ffffn));
}

function mask(words: number[], prefix: number): number[] {
  return words.map((w, i) => {
    const bits = Math.max(0, Math.min(32, prefix - i * 32));
    return bits === 0 ? 0 : bits === 32 ? w : (w & (~0 << (32 - bits))) >>> 0;
  });
}

export class ClientMap {
  private readonly v4: Net[] = [];
  private readonly v6: Net[] = [];
  private readonly memo = new Map<string, ClientInfo | null>();

  constructor(networks: readonly NetworkData[]) {
    for (const n of networks) {
      const c = parseNet(n.cidr);
      if (!c) continue;
      (c.family === 4 ? this.v4 : this.v6).push({ words: netWords(c), prefix: c.prefix, info: { schoolId: n.schoolId, band: n.band } });
    }
    this.v4.sort((a, b) => b.prefix - a.prefix);
    this.v6.sort((a, b) => b.prefix - a.prefix);
  }

  get size(): number {
    return this.v4.length + this.v6.length;
  }

  lookup(ip: string): ClientInfo | null {
    const m = this.memo.get(ip);
    if (m !== undefined) return m;
    const words = addressWords(ip);
    let found: ClientInfo | null = null;
    if (words) {
      for (const n of words.length === 1 ? this.v4 : this.v6) {
        const masked = mask(words, n.prefix);
        if (masked.every((w, i) => w === n.words[i])) {
          found = n.info;
          break;
        }
      }
    }
    if (this.memo.size >= 65_536) this.memo.clear();
    this.memo.set(ip, found);
    return found;
  }
}

/** Token bucket per client address: `qps` per second, bursts of 2×qps. 0 = unlimited. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly qps: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** `t`: the caller's clock reading, when it has one (the engine reads it once per query) */
  allow(ip: string, t?: number): boolean {
    if (this.qps <= 0) return true;
    if (t === undefined) t = this.now();
    let b = this.buckets.get(ip);
    if (!b) {
      if (this.buckets.size >= 100_000) this.buckets.clear();
      b = { tokens: this.qps * 2, at: t };
      this.buckets.set(ip, b);
    } else {
      b.tokens = Math.min(this.qps * 2, b.tokens + ((t - b.at) / 1000) * this.qps);
      b.at = t;
    }
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
