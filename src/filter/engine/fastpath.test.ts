import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAnswer, EDE, isFailure, optRecord, parseQuery, type Query, RCODE, scanResponse, syntheticSoa, T } from '../dns/wire.js';
import { tableFrom, testSnapshot } from '../testing/snapshot.js';
import { DnsCache, questionHash } from './cache.js';
import { FilterEngine } from './engine.js';

/**
 * The per-query shortcuts of the engine must give the same bytes as the general code they stand
 * in for: block answers made from a stored tail, and cache entries found by a 32-bit hash of the
 * question (confirmed byte by byte, so a collision is a miss, never a wrong answer).
 */

/** A query as a client sends it: the name as given (letter case kept), optional EDNS with DO. */
function wireQuery(id: number, name: string, qtype: number, edns: 'none' | 'plain' | 'do'): Query {
  const labels = name.split('.');
  const opt = edns === 'none' ? Buffer.alloc(0) : optRecord(edns === 'do');
  const b = Buffer.alloc(12 + name.length + 2 + 4 + opt.length);
  b.writeUInt16BE(id, 0);
  b.writeUInt16BE(0x0100, 2);
  b.writeUInt16BE(1, 4);
  b.writeUInt16BE(edns === 'none' ? 0 : 1, 10);
  let o = 12;
  for (const l of labels) {
    b[o++] = l.length;
    o += b.write(l, o, 'latin1');
  }
  b[o++] = 0;
  b.writeUInt16BE(qtype, o);
  b.writeUInt16BE(1, o + 2);
  opt.copy(b, o + 4);
  const q = parseQuery(b);
  if (isFailure(q)) throw new Error(`bad test query ${name}`);
  return q;
}

/** An upstream answer to q: one A record, TTL 300. */
function answerTo(q: Query, ip: number): ReturnType<typeof scanResponse> {
  const rr = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 1, 44, 0, 4, 192, 0, 2, ip]);
  const r = Buffer.concat([q.buf.subarray(0, q.qEnd), rr]);
  r[2] = 0x81;
  r[3] = 0x80;
  r.writeUInt16BE(1, 6);
  r.writeUInt16BE(0, 10);
  return scanResponse(r);
}

const label = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9-]{0,14}$/);
const name = fc.array(label, { minLength: 1, maxLength: 5 }).map((l) => `${l.join('.')}.adult.test`);

describe('engine fast paths', () => {
  it('answers a blocked name with the same bytes buildAnswer makes (NXDOMAIN + SOA + OPT with the Extended DNS Error)', () => {
    const snap = testSnapshot({ networks: [{ cidr: '127.0.0.1/32', schoolId: 'school-1', band: 'primary' }] }, { rateLimitQps: 0, upstreams: ['127.0.0.1:9'] });
    snap.bands.find((b) => b.band === 'primary')!.blockResponse = 'nxdomain';
    const engine = new FilterEngine(snap, [tableFrom({ adult: 'adult.test', social: 'social.test' })]);
    try {
      fc.assert(
        fc.property(
          name,
          fc.integer({ min: 0, max: 0xffff }),
          fc.constantFrom('none', 'plain', 'do') as fc.Arbitrary<'none' | 'plain' | 'do'>,
          fc.constantFrom(T.A, T.AAAA, T.MX),
          fc.boolean(),
          (n, id, edns, qtype, social) => {
            const q = wireQuery(id, social ? n.replace(/adult\.test$/, 'social.test') : n, qtype, edns);
            const got = engine.handle(q.buf, '127.0.0.1', false);
            const category = social ? 'social' : 'adult';
            const ede = { code: social ? EDE.FILTERED : EDE.BLOCKED, text: `lachan: ${category}` };
            const want = buildAnswer(q, RCODE.NXDOMAIN, [], ede, syntheticSoa(60));
            expect(Buffer.isBuffer(got)).toBe(true);
            expect((got as Buffer).equals(want)).toBe(true);
          },
        ),
        { numRuns: 300 },
      );
    } finally {
      engine.close();
    }
  });

  it('finds a cached answer whatever the letter case, keeps DO apart, and treats a hash collision as a miss', () => {
    const cache = new DnsCache();
    const now = Date.parse('2026-03-02T03:00:00Z');
    const q = wireQuery(1, 'www.example.test', T.A, 'plain');
    expect(cache.set(q, answerTo(q, 10)!, now)).toBe(300);
    const upper = wireQuery(2, 'WWW.Example.TEST', T.A, 'plain');
    const hit = cache.get(upper, now + 10_000);
    expect(hit?.readUInt16BE(0)).toBe(2);
    expect(hit?.subarray(12, upper.qEnd).equals(upper.buf.subarray(12, upper.qEnd))).toBe(true);
    expect(hit?.readUInt32BE(upper.qEnd + 6)).toBe(290); // the TTL, aged
    expect(cache.get(wireQuery(3, 'www.example.test', T.A, 'do'), now)).toBeNull();
    expect(cache.get(wireQuery(4, 'www.example.test', T.AAAA, 'plain'), now)).toBeNull();

    // two different questions with the same 32-bit key: found by brute force (birthday bound ~77k)
    const seen = new Map<number, string>();
    let pair: [string, string] | null = null;
    for (let i = 0; !pair; i++) {
      const n = `h${i}.collide.test`;
      const k = questionHash(wireQuery(0, n, T.A, 'none'));
      const other = seen.get(k);
      if (other) pair = [other, n];
      else seen.set(k, n);
    }
    const [first, second] = pair;
    const q1 = wireQuery(5, first, T.A, 'none');
    const q2 = wireQuery(6, second, T.A, 'none');
    expect(questionHash(q1)).toBe(questionHash(q2));
    cache.set(q1, answerTo(q1, 21)!, now);
    expect(cache.get(q2, now)).toBeNull();
    expect(cache.get(q1, now)?.[q1.qEnd + 15]).toBe(21);
    // the later question takes the key over; the earlier one is then a miss, never the other's answer
    cache.set(q2, answerTo(q2, 22)!, now);
    expect(cache.get(q2, now)?.[q2.qEnd + 15]).toBe(22);
    expect(cache.get(q1, now)).toBeNull();
  });

  it("keeps every cached answer intact when thousands share the cache's blocks, large ones included", () => {
    const cache = new DnsCache({ maxEntries: 3000 });
    const now = Date.parse('2026-03-02T03:00:00Z');
    /** an answer with `n` A records, so sizes vary from ~50 bytes to past the 16 KB large-answer line */
    const answerWith = (q: Query, n: number, tag: number) => {
      const rrs = Array.from({ length: n }, (_, i) => Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 1, 44, 0, 4, 10, tag >> 8, tag & 255, i & 255]));
      const r = Buffer.concat([q.buf.subarray(0, q.qEnd), ...rrs]);
      r[2] = 0x81;
      r[3] = 0x80;
      r.writeUInt16BE(n, 6);
      return scanResponse(r)!;
    };
    const sizes = (i: number) => (i % 997 === 0 ? 1100 : 1 + (i % 13));
    const qs: Query[] = [];
    for (let i = 0; i < 5000; i++) {
      const q = wireQuery(i & 0xffff, `n${i}.blocks.test`, T.A, 'none');
      qs.push(q);
      expect(cache.set(q, answerWith(q, sizes(i), i), now)).toBe(300);
    }
    expect(cache.size).toBe(3000);
    for (let i = 0; i < 5000; i++) {
      const hit = cache.get(qs[i]!, now + 1000);
      // the oldest 2,000 were evicted; every other answer is its own, record for record
      if (i < 2000) {
        expect(hit).toBeNull();
        continue;
      }
      expect(hit).not.toBeNull();
      const n = sizes(i);
      expect(hit!.readUInt16BE(6)).toBe(n);
      for (const j of [0, n - 1]) {
        const at = qs[i]!.qEnd + j * 16;
        expect(hit!.readUInt32BE(at + 6)).toBe(299);
        expect([hit![at + 13], hit![at + 14], hit![at + 15]]).toEqual([i >> 8, i & 255, j & 255]);
      }
    }
  });
});
