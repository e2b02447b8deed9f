import { describe, expect, it } from 'vitest';
import { Sealer } from '../../shared/secrets.js';
import { hashName, matchTables, TableBuilder } from '../matcher.js';
import { testSnapshot } from '../testing/snapshot.js';
import { fleetPublicKey, fleetSign } from './centre/signing-key.js';
import { composeDiffs, diffTables } from './centre/table-diff.js';
import { applyTableChange } from './node/apply-table.js';
import { addDigests, decodeBody, decodeEnvelope, EnvelopeRefused, encodeEnvelope, publicKeyFromRaw, tableDigest } from './protocol.js';

const centre = { sealer: new Sealer(Buffer.alloc(32, 1)) };
const other = { sealer: new Sealer(Buffer.alloc(32, 2)) };
const key = publicKeyFromRaw(fleetPublicKey(centre));
const sign = (b: Buffer) => fleetSign(centre, b);

/** names, plus `filler` entries of pseudo-random hashes (a big table without hashing 300k names) */
const table = (names: string[], filler = 0) => {
  const b = new TableBuilder(names.length + filler);
  let x = 12345;
  for (let i = 0; i < filler; i++) {
    x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 1;
    b.add(x, Math.imul(x, 0x297a2d39), 17);
  }
  for (const n of names) b.addName(n, 17);
  return b.build();
};
const blocked = (t: ReturnType<typeof table>, name: string) => matchTables([t], hashName(name), { blocked: 0, excepted: 0, level: -1 }).blocked !== 0;
const blockedIn = (ts: ReturnType<typeof table>[], name: string) => matchTables(ts, hashName(name), { blocked: 0, excepted: 0, level: -1 }).blocked !== 0;
const many = (n: number, prefix = 'd') => Array.from({ length: n }, (_, i) => `${prefix}${i}.example`);

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof EnvelopeRefused) return e.reason;
    throw e;
  }
  return 'accepted';
}

describe('fleet envelope', () => {
  const full = encodeEnvelope(
    { kind: 'full', version: 7, base: 0, issuedAt: 1, body: { policy: testSnapshot(), table: { kind: 'full', table: table(['bad.example']) } } },
    sign,
  );

  it('round-trips a signed full snapshot', () => {
    const e = decodeEnvelope(full, key, 0);
    expect([e.kind, e.version, e.base]).toEqual(['full', 7, 0]);
    const body = decodeBody(e.body);
    expect(body.policy?.bands.length).toBe(testSnapshot().bands.length);
    expect(body.table.kind === 'full' && blocked(body.table.table, 'x.bad.example')).toBe(true);
  });

  it('refuses a tampered byte anywhere, a truncation, another key, a replay and a wrong base', () => {
    for (const at of [5, 9, 40, full.length - 70, full.length - 1]) {
      const bad = Buffer.from(full);
      bad[at]! ^= 0x01;
      expect(refusal(() => decodeEnvelope(bad, key, 0))).toMatch(/signature|malformed/);
    }
    expect(refusal(() => decodeEnvelope(full.subarray(0, full.length - 1), key, 0))).toBe('truncated');
    expect(refusal(() => decodeEnvelope(full.subarray(0, 20), key, 0))).toBe('truncated');
    expect(refusal(() => decodeEnvelope(Buffer.concat([full, Buffer.from([0])]), key, 0))).toBe('malformed');
    expect(refusal(() => decodeEnvelope(full, publicKeyFromRaw(fleetPublicKey(other)), 0))).toBe('signature');
    expect(refusal(() => decodeEnvelope(full, key, 7))).toBe('replay');
    expect(refusal(() => decodeEnvelope(full, key, 9))).toBe('replay');
    const delta = encodeEnvelope({ kind: 'delta', version: 9, base: 7, issuedAt: 1, body: { policy: null, table: { kind: 'same' } } }, sign);
    expect(refusal(() => decodeEnvelope(delta, key, 8))).toBe('base');
    expect(decodeEnvelope(delta, key, 7).version).toBe(9);
    // signed by the centre but not a body: refused when read, not applied
    const junk = Buffer.from(full);
    expect(refusal(() => decodeBody(Buffer.from('not gzip')))).toBe('malformed');
    expect(junk.length).toBeGreaterThan(100);
  });
});

describe('table deltas', () => {
  it('one confirmed domain is one entry; the node rebuilds the same table (large and small tables)', () => {
    for (const filler of [0, 300_000]) {
      const before = table(many(5), filler);
      const after = table([...many(5), 'new-harm.example'], filler);
      expect(after.bits).toBe(filler ? 17 : 1);
      const d = diffTables(before, after)!;
      expect([d.added.tags.length, d.removed.tags.length]).toEqual([1, 0]);
      const rebuilt = applyTableChange([before], { kind: 'diff', bits: after.bits, ...d, digest: tableDigest(after) });
      expect(rebuilt).toHaveLength(2); // the base as it was, and a small table of what was added
      expect(rebuilt[0]).toBe(before);
      expect(blockedIn(rebuilt, 'new-harm.example')).toBe(true);
      expect(blockedIn(rebuilt, 'd3.example')).toBe(true);
      expect(addDigests(rebuilt.map(tableDigest))).toBe(tableDigest(after));
    }
  });

  it('composes steps, removes entries, and refuses a diff that does not add up to the digest', () => {
    const t0 = table(many(20));
    const t1 = table([...many(20), 'a.example', 'b.example']);
    const t2 = table([...many(19), 'b.example', 'c.example']);
    const d = composeDiffs(diffTables(t0, t1)!, diffTables(t1, t2)!);
    const got = applyTableChange([t0], { kind: 'diff', bits: t2.bits, ...d, digest: tableDigest(t2) });
    expect(got).toHaveLength(1); // a removal rebuilds the base
    expect(tableDigest(got[0]!)).toBe(tableDigest(t2));
    expect(blockedIn(got, 'a.example')).toBe(false);
    expect(blockedIn(got, 'd19.example')).toBe(false);
    expect(blockedIn(got, 'c.example')).toBe(true);
    expect(refusal(() => applyTableChange([t1], { kind: 'diff', bits: t2.bits, ...d, digest: tableDigest(t2) }))).toBe('base');
    // additions on top of additions, then a removal that folds the small table back into the base
    const t3 = table([...many(19), 'b.example', 'c.example', 'e.example']);
    const step3 = applyTableChange(got, { kind: 'diff', bits: t3.bits, ...diffTables(t2, t3)!, digest: tableDigest(t3) });
    expect(step3).toHaveLength(2);
    const t4 = table([...many(19), 'c.example', 'e.example', 'f.example']);
    const step4 = applyTableChange(step3, { kind: 'diff', bits: t4.bits, ...diffTables(t3, t4)!, digest: tableDigest(t4) });
    expect(step4).toHaveLength(1);
    expect(tableDigest(step4[0]!)).toBe(tableDigest(t4));
    expect(blockedIn(step4, 'b.example')).toBe(false);
    expect(blockedIn(step4, 'e.example')).toBe(true);
  });

  it('a small table crossing a power of two is sent whole', () => {
    expect(diffTables(table(many(4)), table(many(40)))).toBeNull();
  });

  it('travels compactly: a 1-domain delta of a 300k table is a few hundred bytes', () => {
    const before = table([], 300_000);
    const after = table(['x.example'], 300_000);
    const d = diffTables(before, after)!;
    const env = encodeEnvelope(
      { kind: 'delta', version: 2, base: 1, issuedAt: 1, body: { policy: null, table: { kind: 'diff', bits: after.bits, ...d, digest: tableDigest(after) } } },
      sign,
    );
    expect(env.length).toBeLessThan(400);
  });
});
