import { BlockList } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Band } from '../model.js';
import { formatAddress } from '../networks/cidr.js';
import { ClientMap } from './clients.js';

/**
 * The client → school lookup on the DNS path has its own address parser (why: clients.ts). It is
 * checked here against node:net's BlockList, an independent implementation: for random networks
 * and random client addresses written in every spelling a peer or an operator may use, the
 * school ClientMap finds is the longest-prefix network BlockList says holds the address.
 */
const V6_MAPPED = 0xffff_0000_0000n; // ::ffff:0:0/96, IPv4 written as IPv6

const groupsOf = (v: bigint) => Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(112 - 16 * i)) & 0xffffn));
const dotted = (v: bigint) => formatAddress(4, v & 0xffff_ffffn);

/** One IPv6 address, spelled in one of the ways RFC 4291 allows. */
function spellV6(v: bigint, how: number, pick: number): string {
  const g = groupsOf(v);
  switch (how % 7) {
    case 0:
      return formatAddress(6, v); // RFC 5952
    case 1:
      return g.map((x) => x.toString(16).toUpperCase().padStart(4, '0')).join(':');
    case 2:
      return g.map((x) => x.toString(16)).join(':');
    case 3: {
      // '::' for some run of zero groups, not necessarily the longest (one group is allowed too)
      const runs: [number, number][] = [];
      for (let i = 0; i < 8; i++) for (let j = i; j < 8 && g[j] === 0; j++) runs.push([i, j + 1]);
      if (runs.length === 0) return g.map((x) => x.toString(16)).join(':');
      const [s, e] = runs[pick % runs.length] as [number, number];
      return `${g
        .slice(0, s)
        .map((x) => x.toString(16))
        .join(':')}::${g
        .slice(e)
        .map((x) => x.toString(16))
        .join(':')}`;
    }
    case 4:
      return `${g
        .slice(0, 6)
        .map((x) => x.toString(16))
        .join(':')}:${dotted(v)}`; // dotted tail
    case 5:
      return `${formatAddress(6, v)}%eth${pick % 4}`; // a zone, as link-local peers arrive
    default:
      return g.map((x, i) => x.toString(16).padStart(1 + ((pick >> i) % 4), '0')).join(':');
  }
}

/** One IPv4 address, dotted or as an IPv4-mapped IPv6 address (what a dual-stack socket reports). */
function spellV4(v: bigint, how: number, pick: number): string {
  switch (how % 5) {
    case 0:
    case 1:
      return dotted(v);
    case 2:
      return `::ffff:${dotted(v)}`;
    case 3:
      return spellV6(V6_MAPPED | v, 4 + (pick % 2) * 3, pick); // 0:0:0:0:0:ffff:a.b.c.d, zero-padded groups
    default:
      return `::FFFF:${dotted(v)}`;
  }
}

const bits = (n: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(n)) - 1n });
const network = fc.oneof(
  fc.record({ family: fc.constant(4 as const), value: bits(32), prefix: fc.integer({ min: 0, max: 32 }) }),
  fc.record({ family: fc.constant(6 as const), value: bits(128), prefix: fc.integer({ min: 0, max: 128 }) }),
);
const band: Band = 'primary' as Band;

describe('client identification against node:net BlockList', () => {
  it('finds the longest-prefix network BlockList says holds the address, for every spelling', () => {
    fc.assert(
      fc.property(
        fc.array(network, { minLength: 1, maxLength: 12 }),
        fc.array(fc.record({ from: fc.nat(), host: bits(128), how: fc.nat(), pick: fc.nat(), fresh: fc.boolean() }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.nat({ max: 128 }), { maxLength: 12 }),
        (nets, clients, widths) => {
          const cidrs = nets.map((n, i) => {
            const width = n.family === 4 ? 32 : 128;
            // some networks inside others, so the longest prefix has to win
            const prefix =
              widths[i] !== undefined && i > 0 && nets[i - 1]?.family === n.family
                ? Math.max(n.prefix, (nets[i - 1]?.prefix ?? 0) + ((widths[i] as number) % 8))
                : n.prefix;
            const p = Math.min(prefix, width);
            const base = i > 0 && nets[i - 1]?.family === n.family && (widths[i] ?? 0) % 2 === 0 ? (nets[i - 1] as typeof n).value : n.value;
            return { family: n.family, text: `${formatAddress(n.family, base)}/${p}`, base, prefix: p, schoolId: `s${i}` };
          });
          const map = new ClientMap(cidrs.map((c) => ({ cidr: c.text, schoolId: c.schoolId, band })));
          expect(map.size).toBe(cidrs.length);
          for (const c of clients) {
            // half the clients inside one of the networks, the rest anywhere
            const net = cidrs[c.from % cidrs.length] as (typeof cidrs)[number];
            const width = net.family === 4 ? 32 : 128;
            const hostMask = (1n << BigInt(width - net.prefix)) - 1n;
            const family = c.fresh ? (c.from % 2 === 0 ? 4 : 6) : net.family;
            let value = c.fresh ? c.host & ((1n << BigInt(family === 4 ? 32 : 128)) - 1n) : (net.base & ~hostMask) | (c.host & hostMask);
            if (family === 6 && value >> 32n === 0xffffn) value ^= 1n << 100n; // IPv6 clients outside the mapped block
            const canonical = formatAddress(family, value);
            const spelled = family === 4 ? spellV4(value, c.how, c.pick) : spellV6(value, c.how, c.pick);
            let expected: string | null = null;
            let longest = -1;
            for (const n of cidrs) {
              if (n.family !== family || n.prefix <= longest) continue;
              const block = new BlockList();
              // BlockList takes the network's first address as written in the CIDR (host bits set or not)
              block.addSubnet(formatAddress(n.family, n.base), n.prefix, family === 4 ? 'ipv4' : 'ipv6');
              if (block.check(canonical, family === 4 ? 'ipv4' : 'ipv6')) {
                expected = n.schoolId;
                longest = n.prefix;
              }
            }
            expect(map.lookup(spelled)?.schoolId ?? null, `${spelled} in ${cidrs.map((x) => x.text).join(' ')}`).toBe(expected);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('BlockList counts an IPv4-mapped client as IPv4, and so does the lookup', () => {
    const block = new BlockList();
    block.addSubnet('10.1.0.0', 16, 'ipv4');
    const map = new ClientMap([{ cidr: '10.1.0.0/16', schoolId: 'a', band }]);
    for (const ip of ['10.1.2.3', '::ffff:10.1.2.3', '::ffff:a01:203', '::FFFF:10.1.2.3', '0:0:0:0:0:ffff:10.1.2.3']) {
      expect(block.check(ip, ip.includes(':') ? 'ipv6' : 'ipv4'), ip).toBe(true);
      expect(map.lookup(ip)?.schoolId, ip).toBe('a');
    }
  });

  it('matches nothing for what is not an address, and ignores networks it cannot read', () => {
    const map = new ClientMap([
      { cidr: '0.0.0.0/0', schoolId: 'v4', band },
      { cidr: '::/0', schoolId: 'v6', band },
      { cidr: '10.0.0.0/33', schoolId: 'bad', band },
      { cidr: '10.0.0.0/', schoolId: 'bad', band },
      { cidr: '1.2.3/8', schoolId: 'bad', band },
      { cidr: 'fe80::1%eth0/64', schoolId: 'bad', band },
      { cidr: 'gg::/16', schoolId: 'bad', band },
      { cidr: '10.0.0.0/8/8', schoolId: 'bad', band },
    ]);
    expect(map.size).toBe(2);
    for (const ip of ['', 'localhost', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1::2::3', '1:2:3:4:5:6:7:8:9', 'g::1', ':::', '1.2.3.4/32'])
      expect(map.lookup(ip), ip).toBeNull();
  });
});
