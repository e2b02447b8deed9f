import { addressValue, SPECIAL_RANGES, type SpecialKind } from '../../outbound/addresses.js';

/**
 * Networks as numbers, for the ownership rules: parse, print one canonical spelling, test overlap
 * and containment, and classify a range (private, public, loopback, or special space nobody may
 * hold). Pure functions; `overlap.test.ts` checks them against node:net's BlockList.
 */
export interface Net {
  family: 4 | 6;
  /** The network address (host bits cleared) as a number. */
  base: bigint;
  prefix: number;
}

const width = (family: 4 | 6) => (family === 4 ? 32 : 128);

/**
 * `10.1.2.0/24`, `fd12::/48`, a bare address (a /32 or /128). Host bits are cleared
 * (`10.1.2.7/24` is `10.1.2.0/24`). An IPv4-mapped spelling (`::ffff:10.1.2.0/120`) is refused:
 * the DNS engine counts a mapped client as IPv4, so such a range would match nothing.
 */
export function parseNet(text: string): Net | null {
  const parts = text.trim().split('/');
  if (parts.length > 2) return null;
  const [addr = '', len] = parts;
  if (len !== undefined && !/^\d{1,3}$/.test(len)) return null;
  const a = addressValue(addr);
  if (!a || addr.includes('%') || addr.startsWith('[')) return null;
  const prefix = len === undefined ? width(a.family) : Number(len);
  if (prefix > width(a.family)) return null;
  return { family: a.family, base: mask(a.value, a.family, prefix), prefix };
}

function mask(value: bigint, family: 4 | 6, prefix: number): bigint {
  const host = BigInt(width(family) - prefix);
  return (value >> host) << host;
}

/** The one spelling stored: dotted IPv4, compressed lower-case IPv6 (RFC 5952), always with the prefix. */
export function formatNet(n: Net): string {
  return `${formatAddress(n.family, n.base)}/${n.prefix}`;
}

export function formatAddress(family: 4 | 6, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  // the longest run of two or more zero groups becomes '::' (the first one on a tie)
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** The two ranges share at least one address (one contains the other: CIDR blocks never partly overlap). */
export function overlaps(a: Net, b: Net): boolean {
  if (a.family !== b.family) return false;
  const shift = BigInt(width(a.family) - Math.min(a.prefix, b.prefix));
  return a.base >> shift === b.base >> shift;
}

/** Every address of `inner` is in `outer`. */
export function contains(outer: Net, inner: Net): boolean {
  return outer.family === inner.family && outer.prefix <= inner.prefix && overlaps(outer, inner);
}

/** Number of addresses in the range, as a power of two: 2^(width − prefix). */
export const hostBits = (n: Net) => width(n.family) - n.prefix;

export type NetClass = 'private' | 'public' | 'loopback' | 'special';

const special: readonly { net: Net; kind: SpecialKind }[] = [
  ...SPECIAL_RANGES.map((r) => ({ net: parseNet(`${r.net}/${r.bits}`) as Net, kind: r.kind })),
  // IPv6 spellings of IPv4 addresses (mapped, translated, NAT64): a range of them is IPv4 in disguise
  { net: parseNet('::ffff:0:0/96') as Net, kind: 'reserved' as const },
  { net: parseNet('::ffff:0:0:0/96') as Net, kind: 'reserved' as const },
  { net: parseNet('64:ff9b::/96') as Net, kind: 'reserved' as const },
  { net: parseNet('64:ff9b:1::/48') as Net, kind: 'reserved' as const },
];

/**
 * What a range is: `private` (RFC 1918, carrier-grade NAT, IPv6 unique local), `loopback`,
 * `public` (touches no special range), or `special` (link-local, multicast, documentation,
 * reserved, unspecified, tunnels — or a range wide enough to straddle special and other space).
 */
export function classify(n: Net): NetClass {
  let inside: SpecialKind | null = null;
  let insideBits = -1;
  for (const s of special) {
    if (!overlaps(s.net, n)) continue;
    if (!contains(s.net, n)) return 'special'; // n is wider than a special range: mixed space
    if (s.net.prefix > insideBits) {
      inside = s.kind;
      insideBits = s.net.prefix;
    }
  }
  if (inside === null) return 'public';
  if (inside === 'private' || inside === 'shared') return 'private';
  if (inside === 'loopback') return 'loopback';
  return 'special';
}
