import { randomInt } from 'node:crypto';
import { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';
import { classify, contains, formatAddress, formatNet, type Net, overlaps, parseNet } from './cidr.js';
import { overlappingPairs } from './conflicts.js';
import type { Holding } from './ownership.js';

/**
 * The ownership rules stand on overlap and containment being right. Checked here against
 * node:net's BlockList (an independent implementation): two ranges overlap exactly when one's
 * first or last address is in the other.
 */
const randomNet = (family: 4 | 6, near?: Net): Net => {
  const w = family === 4 ? 32 : 128;
  let value = 0n;
  for (let i = 0; i < w / 16; i++) value = (value << 16n) | BigInt(randomInt(0, 0x10000));
  // half the time, start from another range's address so overlaps are common
  if (near && randomInt(0, 2) === 0) value = near.base | (value & ((1n << BigInt(w - near.prefix)) - 1n));
  const prefix = family === 4 ? randomInt(0, 33) : randomInt(0, 129);
  return parseNet(`${formatAddress(family, value)}/${prefix}`) as Net;
};
const last = (n: Net) => n.base | ((1n << BigInt((n.family === 4 ? 32 : 128) - n.prefix)) - 1n);
const blockOf = (n: Net) => {
  const b = new BlockList();
  b.addSubnet(formatAddress(n.family, n.base), n.prefix, n.family === 4 ? 'ipv4' : 'ipv6');
  return b;
};
const has = (b: BlockList, n: Net, v: bigint) => b.check(formatAddress(n.family, v), n.family === 4 ? 'ipv4' : 'ipv6');

describe('network ranges: overlap and containment against node:net BlockList', () => {
  it('agrees on 4,000 random pairs of IPv4 and IPv6 ranges', () => {
    for (let i = 0; i < 4000; i++) {
      const family = i % 2 === 0 ? 4 : 6;
      const a = randomNet(family);
      const b = randomNet(family, a);
      const inA = blockOf(a);
      const inB = blockOf(b);
      const expected = has(inA, b, b.base) || has(inA, b, last(b)) || has(inB, a, a.base) || has(inB, a, last(a));
      expect(overlaps(a, b), `${formatNet(a)} ${formatNet(b)}`).toBe(expected);
      expect(overlaps(b, a)).toBe(expected);
      expect(contains(a, b), `${formatNet(a)} ⊇ ${formatNet(b)}`).toBe(has(inA, b, b.base) && has(inA, b, last(b)));
    }
    expect(overlaps(parseNet('10.0.0.0/8')!, parseNet('::/0')!)).toBe(false); // families never overlap
  });

  it('prints one spelling that parses back to the same range (RFC 5952 for IPv6)', () => {
    for (let i = 0; i < 2000; i++) {
      const n = randomNet(i % 2 === 0 ? 4 : 6);
      const again = parseNet(formatNet(n))!;
      expect([again.base, again.prefix]).toEqual([n.base, n.prefix]);
    }
    expect(formatNet(parseNet('2001:0DB8:0000:0000:0001:0000:0000:0000/128')!)).toBe('2001:db8:0:0:1::/128'); // the longer zero run is the one compressed
    expect(formatNet(parseNet('10.1.2.7/24')!)).toBe('10.1.2.0/24');
    expect(formatNet(parseNet('::1')!)).toBe('::1/128');
  });

  it('classifies private, loopback, public and special space', () => {
    const cases: Record<string, string> = {
      '10.20.0.0/16': 'private',
      '172.16.0.0/12': 'private',
      '192.168.1.0/24': 'private',
      '100.64.0.0/10': 'private',
      'fd12:3456::/32': 'private',
      '127.0.0.0/8': 'loopback',
      '::1/128': 'loopback',
      '8.0.0.0/8': 'public',
      '2001:4860::/32': 'public',
      '0.0.0.0/8': 'special',
      '169.254.0.0/16': 'special',
      '224.0.0.0/4': 'special',
      '198.51.100.0/24': 'special',
      '2001:db8::/32': 'special',
      '::ffff:0:0/104': 'special',
      '64:ff9b::/96': 'special',
      '8.0.0.0/7': 'public',
      '8.0.0.0/6': 'special', // 8–11: takes in 10/8
      '0.0.0.0/0': 'special', // straddles everything
      '10.0.0.0/7': 'special', // 10/8 and public 11/8
    };
    for (const [cidr, kind] of Object.entries(cases)) expect(classify(parseNet(cidr)!), cidr).toBe(kind);
  });

  it('finds every overlapping pair of different schools, as a brute force does', () => {
    for (let round = 0; round < 20; round++) {
      const holdings: Holding[] = [];
      for (let i = 0; i < 60; i++) {
        const net = randomNet(4, holdings.length ? holdings[randomInt(0, holdings.length)]!.net : undefined);
        if (net.prefix < 4) continue;
        holdings.push({ kind: i % 3 === 0 ? 'assigned' : 'network', id: `h${i}`, schoolId: `s${randomInt(0, 4)}`, cidr: formatNet(net), net });
      }
      const key = ([a, b]: [Holding, Holding]) => [a.id, b.id].sort().join('+');
      const brute = new Set<string>();
      for (let i = 0; i < holdings.length; i++)
        for (let j = i + 1; j < holdings.length; j++)
          if (holdings[i]!.schoolId !== holdings[j]!.schoolId && overlaps(holdings[i]!.net, holdings[j]!.net)) brute.add(key([holdings[i]!, holdings[j]!]));
      const swept = overlappingPairs(holdings);
      expect(new Set(swept.map(key))).toEqual(brute);
      expect(swept.length).toBe(brute.size);
      for (const [outer, inner] of swept) expect(contains(outer.net, inner.net)).toBe(true);
    }
  });
});
