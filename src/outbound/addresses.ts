import { BlockList, isIP } from 'node:net';

/**
 * Address space the platform must never reach on behalf of a user-supplied URL (a reported link,
 * a block list's address): its own network — the database, a cloud host's metadata service, a
 * router — or anything that is not a unicast address on the public internet.
 *
 * The same table tells the DNS filter's network rules (src/filter/networks) which ranges are
 * private (a school may hold them) and which are special (nobody may).
 */
export type SpecialKind = 'private' | 'shared' | 'loopback' | 'link_local' | 'unspecified' | 'multicast' | 'reserved' | 'documentation' | 'tunnel';

export interface SpecialRange {
  net: string;
  bits: number;
  family: 4 | 6;
  kind: SpecialKind;
}

export const SPECIAL_RANGES: readonly SpecialRange[] = [
  { net: '0.0.0.0', bits: 8, family: 4, kind: 'unspecified' }, // "this network"
  { net: '10.0.0.0', bits: 8, family: 4, kind: 'private' },
  { net: '100.64.0.0', bits: 10, family: 4, kind: 'shared' }, // carrier-grade NAT
  { net: '127.0.0.0', bits: 8, family: 4, kind: 'loopback' },
  { net: '169.254.0.0', bits: 16, family: 4, kind: 'link_local' }, // cloud metadata at 169.254.169.254
  { net: '172.16.0.0', bits: 12, family: 4, kind: 'private' },
  { net: '192.0.0.0', bits: 24, family: 4, kind: 'reserved' }, // IETF protocol assignments
  { net: '192.0.2.0', bits: 24, family: 4, kind: 'documentation' },
  { net: '192.88.99.0', bits: 24, family: 4, kind: 'reserved' }, // 6to4 relay anycast (deprecated)
  { net: '192.168.0.0', bits: 16, family: 4, kind: 'private' },
  { net: '198.18.0.0', bits: 15, family: 4, kind: 'reserved' }, // benchmarking
  { net: '198.51.100.0', bits: 24, family: 4, kind: 'documentation' },
  { net: '203.0.113.0', bits: 24, family: 4, kind: 'documentation' },
  { net: '224.0.0.0', bits: 4, family: 4, kind: 'multicast' },
  { net: '240.0.0.0', bits: 4, family: 4, kind: 'reserved' }, // reserved, broadcast
  { net: '::', bits: 128, family: 6, kind: 'unspecified' },
  { net: '::1', bits: 128, family: 6, kind: 'loopback' },
  { net: '::', bits: 96, family: 6, kind: 'reserved' }, // IPv4-compatible (deprecated)
  { net: '100::', bits: 64, family: 6, kind: 'reserved' }, // discard
  { net: '2001:db8::', bits: 32, family: 6, kind: 'documentation' },
  { net: '2001::', bits: 32, family: 6, kind: 'tunnel' }, // Teredo: tunnels to arbitrary IPv4
  { net: '2002::', bits: 16, family: 6, kind: 'tunnel' }, // 6to4: tunnels to arbitrary IPv4
  { net: 'fc00::', bits: 7, family: 6, kind: 'private' }, // unique local
  { net: 'fe80::', bits: 10, family: 6, kind: 'link_local' },
  { net: 'fec0::', bits: 10, family: 6, kind: 'reserved' }, // site-local (deprecated)
  { net: 'ff00::', bits: 8, family: 6, kind: 'multicast' },
];

const blocked = new BlockList();
for (const r of SPECIAL_RANGES) blocked.addSubnet(r.net, r.bits, r.family === 4 ? 'ipv4' : 'ipv6');

/** An address as a number: 32 bits for IPv4, 128 for IPv6 (zone and brackets dropped); null if it is not one. */
export function addressValue(address: string): { family: 4 | 6; value: bigint } | null {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v = isIP(ip);
  if (v === 4) return { family: 4, value: ipv4Value(ip) };
  if (v !== 6) return null;
  let head = ip;
  let tail: bigint[] = [];
  // a dotted IPv4 tail (::ffff:1.2.3.4) is two 16-bit groups
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (dotted) {
    const v4 = ipv4Value(dotted[1] as string);
    tail = [v4 >> 16n, v4 & 0xffffn];
    head = ip.slice(0, -(dotted[1] as string).length);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const [left = '', right] = head.split('::');
  const groups = (s: string) =>
    s
      ? s
          .split(':')
          .filter((g) => g !== '')
          .map((g) => BigInt(Number.parseInt(g, 16)))
      : [];
  const l = groups(left);
  const r = [...(right === undefined ? [] : groups(right)), ...tail];
  const all = right === undefined ? [...l, ...tail] : [...l, ...Array<bigint>(8 - l.length - r.length).fill(0n), ...r];
  if (all.length !== 8) return null;
  return { family: 6, value: all.reduce((acc, g) => (acc << 16n) | g, 0n) };
}

function ipv4Value(ip: string): bigint {
  return ip.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
}

export function ipv4Text(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
}

/**
 * The IPv4 address a connection to this IPv6 address would reach: IPv4-mapped (::ffff:a.b.c.d),
 * IPv4-translated (::ffff:0:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d), however the text is spelled.
 */
export function embeddedIpv4(ip: string): string | null {
  const a = addressValue(ip);
  if (a?.family !== 6) return null;
  const high = a.value >> 32n;
  if (high === 0xffffn || high === 0xffff0000n || high === 0x64ff9b0000000000000000n) return ipv4Text(a.value & 0xffffffffn);
  return null;
}

/** True for private, loopback, link-local, CGNAT, multicast, unspecified, documentation, reserved and ULA addresses. */
export function isBlockedAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v = isIP(ip);
  if (v === 4) return blocked.check(ip, 'ipv4');
  if (v === 6) {
    const v4 = embeddedIpv4(ip);
    if (v4) return blocked.check(v4, 'ipv4');
    // local-use NAT64 (RFC 8215) translates to whatever the operator chose, private space included
    const a = addressValue(ip);
    if (a && a.value >> 80n === 0x64ff9b0001n) return true;
    return blocked.check(ip, 'ipv6');
  }
  return true; // not an address at all: refuse
}
