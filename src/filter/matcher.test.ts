import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalisedSink, parseList, parseNormalised, parseNormalisedFile, type Rejected, rulesMatching, tableSink } from './lists/parse.js';
import { DomainTable, hashName, matchTables, TableBuilder } from './matcher.js';

const CAT = { adult: 1, gambling: 2 };

function table(lists: Record<number, string>): DomainTable {
  const b = new TableBuilder();
  for (const [cat, text] of Object.entries(lists)) parseList(Buffer.from(text), tableSink(b, Number(cat)));
  return b.build();
}

const match = (t: DomainTable[], name: string) => matchTables(t, hashName(name), { blocked: 0, excepted: 0, level: -1 });

describe('domain matcher', () => {
  it('blocks a listed domain and its subdomains, not its parent or look-alikes', () => {
    const t = [table({ [CAT.adult]: 'bad.example\n' })];
    expect(match(t, 'bad.example').blocked).toBe(1 << CAT.adult);
    expect(match(t, 'a.b.bad.example').blocked).toBe(1 << CAT.adult);
    expect(match(t, 'a.b.bad.example').level).toBe(2);
    expect(match(t, 'example').blocked).toBe(0);
    expect(match(t, 'notbad.example').blocked).toBe(0);
    expect(match(t, 'bad.example.com').blocked).toBe(0);
    expect(match(t, 'BAD.Example').blocked).toBe(1 << CAT.adult);
  });

  it('lets a more specific exception win, and a more specific block win over a wider exception', () => {
    const t = [table({ [CAT.adult]: '||bad.example^\n@@||ok.bad.example^\n||worse.ok.bad.example^\n' })];
    expect(match(t, 'x.bad.example').blocked).toBe(1 << CAT.adult);
    expect(match(t, 'ok.bad.example').blocked).toBe(0);
    expect(match(t, 'www.ok.bad.example').blocked).toBe(0);
    expect(match(t, 'worse.ok.bad.example').blocked).toBe(1 << CAT.adult);
  });

  it('keeps a name listed in two categories in both', () => {
    const t = [table({ [CAT.adult]: 'both.example', [CAT.gambling]: 'both.example\nbet.example' })];
    expect(match(t, 'www.both.example').blocked).toBe((1 << CAT.adult) | (1 << CAT.gambling));
    expect(match(t, 'bet.example').blocked).toBe(1 << CAT.gambling);
  });

  it('wildcards block subdomains only', () => {
    const t = [table({ [CAT.adult]: '*.wild.example\n||*.wilder.example^' })];
    expect(match(t, 'wild.example').blocked).toBe(0);
    expect(match(t, 'a.wild.example').blocked).toBe(1 << CAT.adult);
    expect(match(t, 'wilder.example').blocked).toBe(0);
    expect(match(t, 'x.y.wilder.example').blocked).toBe(1 << CAT.adult);
  });

  it('survives serialisation byte for byte', () => {
    const t = table({ [CAT.adult]: Array.from({ length: 5000 }, (_, i) => `d${i}.example`).join('\n') });
    const back = DomainTable.deserialize(t.serialize());
    expect(back.size).toBe(5000);
    expect(match([back], 'www.d4999.example').blocked).toBe(1 << CAT.adult);
    expect(match([back], 'd5000.example').blocked).toBe(0);
    expect(() => DomainTable.deserialize(Buffer.from('nonsense'))).toThrow();
  });

  it('reads a table written in the older full-hash layout (version 1) with the same answers', () => {
    const t = table({ [CAT.adult]: 'old.example\n*.wild.example\n@@ok.old.example', [CAT.gambling]: 'old.example' });
    // version 1: header, h1 (Int32), h2 (Int32), tags, padding, index of 2^bits + 1 (bits = 1 here)
    const names = [
      ['old.example', CAT.adult],
      ['wild.example', CAT.adult | 0x40],
      ['ok.old.example', CAT.adult | 0x80],
      ['old.example', CAT.gambling],
    ] as const;
    const rows = names.map(([nm, tag]) => {
      const h = hashName(nm);
      return { a: h.h1[0]!, b: h.h2[0]!, tag };
    });
    rows.sort((x, y) => (x.a >>> 31) - (y.a >>> 31));
    const n = rows.length;
    const buf = Buffer.alloc(16 + n * 9 + ((4 - (n % 4)) % 4) + 3 * 4);
    buf.write('LCDT', 0, 'latin1');
    buf.writeUInt32LE(1, 4);
    buf.writeUInt32LE(n, 8);
    buf.writeUInt32LE(1, 12);
    rows.forEach((r, i) => {
      buf.writeInt32LE(r.a, 16 + i * 4);
      buf.writeInt32LE(r.b, 16 + n * 4 + i * 4);
      buf[16 + n * 8 + i] = r.tag;
    });
    const idx = 16 + n * 9 + ((4 - (n % 4)) % 4);
    buf.writeUInt32LE(0, idx);
    buf.writeUInt32LE(rows.filter((r) => r.a >>> 31 === 0).length, idx + 4);
    buf.writeUInt32LE(n, idx + 8);
    const old = DomainTable.deserialize(buf);
    for (const nm of ['old.example', 'www.old.example', 'ok.old.example', 'wild.example', 'a.wild.example', 'other.example'])
      expect(match([old], nm)).toEqual(match([t], nm));
    expect(match([old], 'www.old.example').blocked).toBe((1 << CAT.adult) | (1 << CAT.gambling));
    // a damaged file is refused, not half-read
    expect(() => DomainTable.deserialize(buf.subarray(0, buf.length - 4))).toThrow();
    const bad = Buffer.from(t.serialize());
    bad.writeUInt32LE(7, 4);
    expect(() => DomainTable.deserialize(bad)).toThrow();
  });

  it('matches well over 2 million look-ups per second on one core', () => {
    const n = 200_000;
    const b = new TableBuilder(n);
    const text = Buffer.from(Array.from({ length: n }, (_, i) => `host${i}.zone${i % 97}.example`).join('\n'));
    parseList(text, tableSink(b, CAT.adult));
    const t = [b.build()];
    const names = Array.from({ length: 1000 }, (_, i) => (i % 2 ? `www.host${i * 7}.zone${(i * 7) % 97}.example` : `miss${i}.somewhere.example.org`));
    const hashed = names.map((nm) => hashName(nm));
    const r = { blocked: 0, excepted: 0, level: -1 };
    let blocked = 0;
    const started = performance.now();
    const rounds = 3000;
    for (let k = 0; k < rounds; k++) for (const h of hashed) if (matchTables(t, h, r).blocked) blocked++;
    const perSecond = (rounds * hashed.length) / ((performance.now() - started) / 1000);
    expect(blocked).toBe((rounds * names.length) / 2);
    expect(perSecond).toBeGreaterThan(2_000_000);
  });
});

describe('list parsing', () => {
  it('reads hosts files, plain lists, AdBlock rules and wildcards, and reports the rest by line', () => {
    const text = [
      '# Title: test',
      '! adblock comment',
      '[Adblock Plus 2.0]',
      '0.0.0.0 hosts-one.example',
      '127.0.0.1 hosts-two.example hosts-three.example # trailing',
      '127.0.0.1 localhost',
      '::1 ip6-localhost',
      'plain.example',
      'Mixed.CASE.Example.',
      '||adblock.example^',
      '||important.example^$important',
      '@@||allowed.adblock.example^',
      '*.wild.example',
      '||path.example/ads^',
      '||third.example^$third-party',
      'http://url.example/page',
      '1.2.3.4',
      'bad_label-.example',
      'exa mple',
      'xn--bcher-kva.example',
      'bücher.example',
      '',
    ].join('\n');
    const rejected: Rejected[] = [];
    const sink = normalisedSink();
    const stats = parseList(Buffer.from(text), sink, (r) => rejected.push(r));
    expect(sink.result().toString().trim().split('\n')).toEqual([
      'hosts-one.example',
      'hosts-two.example',
      'hosts-three.example',
      'plain.example',
      'mixed.case.example',
      'adblock.example',
      'important.example',
      '@@allowed.adblock.example',
      '*.wild.example',
      'xn--bcher-kva.example',
      'xn--bcher-kva.example',
    ]);
    expect(stats).toMatchObject({ accepted: 11, exceptions: 1, comments: 3, rejected: 6 });
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([
      [14, 'unsupported_rule'],
      [15, 'unsupported_rule'],
      [16, 'url_not_domain'],
      [17, 'ip_not_domain'],
      [18, 'bad_domain'],
      [19, 'unsupported_rule'],
    ]);
  });

  it('reads a stored (normalised) list on the fast path into the very table the full parser builds', () => {
    const names = Array.from({ length: 3000 }, (_, i) =>
      i % 7 === 0 ? `@@||ok${i}.example^` : i % 5 === 0 ? `*.wild${i}.example` : `0.0.0.0 Host${i}.Example.`,
    );
    const raw = Buffer.from(['# a list', ...names, '||adblock.example^', 'bücher.example', 'bad_label-.example', ''].join('\n'));
    const full = new TableBuilder(4096);
    parseList(raw, tableSink(full, 3));
    const expected = Buffer.from(full.build().serialize());
    const stored = normalisedSink();
    parseList(raw, stored);
    const fast = new TableBuilder(4096);
    const stats = parseNormalised(stored.result(), tableSink(fast, 3));
    expect(stats).toMatchObject({ lines: 3002, accepted: 3002, exceptions: 429 });
    expect(Buffer.from(fast.build().serialize()).equals(expected)).toBe(true);
    // through the chunked file reader too: ~60 KB in 8 KB chunks, lines cut at every boundary
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lachan-norm-'));
    const file = path.join(dir, 'list.txt');
    writeFileSync(file, stored.result());
    const chunked = new TableBuilder(4096);
    expect(parseNormalisedFile(file, tableSink(chunked, 3), 8192)).toMatchObject({ accepted: 3002 });
    expect(Buffer.from(chunked.build().serialize()).equals(expected)).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('explains which rules of a list match a name', () => {
    const list = Buffer.from('||bad.example^\n@@||ok.bad.example^\nother.example\n');
    expect(rulesMatching(list, 'www.ok.bad.example')).toEqual(['bad.example', '@@ok.bad.example']);
  });
});
