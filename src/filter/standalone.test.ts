import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Config } from '../config.js';
import { query } from './dns/client.js';
import { parseList, parseListFile, type Rejected, tableSink } from './lists/parse.js';
import { hashName, matchTables, TableBuilder } from './matcher.js';
import { loadSnapshot, snapshotFile } from './snapshot-file.js';
import { drainSpool, spoolStats } from './spool.js';
import { listCacheFile, loadListsCached, parseWorkers, runCompile, serve } from './standalone.js';
import { tableFrom, testSnapshot } from './testing/snapshot.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'lachan-standalone-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const blocked = (t: ReturnType<TableBuilder['build']>, name: string) => matchTables([t], hashName(name), { blocked: 0, excepted: 0, level: -1 }).blocked !== 0;

describe('parseListFile (streaming, bytes)', () => {
  it('reads CRLF, a byte order mark, comments, and matches parseList on the whole text', () => {
    const text =
      '\ufeffone.example\r\n# comment\r\n0.0.0.0 two.example three.example\r\n||four.example^\r\n@@||ok.four.example^\r\nnot a domain!\r\n*.five.example\r\nlast.example';
    const f = path.join(tmp(), 'list.txt');
    writeFileSync(f, text);
    for (const chunk of [16, 64, 1 << 20]) {
      const b = new TableBuilder(4);
      const rej: Rejected[] = [];
      const stats = parseListFile(f, tableSink(b, 1), (r) => rej.push(r), 1000, chunk);
      const whole = new TableBuilder(4);
      const wholeRej: Rejected[] = [];
      const ws = parseList(Buffer.from(text), tableSink(whole, 1), (r) => wholeRej.push(r));
      expect(stats).toEqual(ws);
      expect(rej).toEqual(wholeRej);
      const t = b.build();
      expect(t.size).toBe(whole.build().size);
      for (const n of ['one.example', 'two.example', 'three.example', 'x.four.example', 'a.five.example', 'last.example']) expect(blocked(t, n)).toBe(true);
      expect(blocked(t, 'ok.four.example')).toBe(false);
      expect(blocked(t, 'five.example')).toBe(false);
    }
  });

  it('rejects a line longer than the read buffer and goes on, with the right line numbers', () => {
    const f = path.join(tmp(), 'huge.txt');
    writeFileSync(f, `a.example\n${'x'.repeat(20_000)}\nb.example\n${'y'.repeat(5000)}.example\nc.example\n`);
    const b = new TableBuilder(2);
    const rej: Rejected[] = [];
    const stats = parseListFile(f, tableSink(b, 1), (r) => rej.push(r), 1000, 8192);
    expect(stats.accepted).toBe(3);
    expect(stats.lines).toBe(5);
    expect(rej.map((r) => [r.line, r.reason])).toEqual([
      [2, 'line_too_long'],
      [4, 'line_too_long'],
    ]);
    const t = b.build();
    for (const n of ['a.example', 'b.example', 'c.example']) expect(blocked(t, n)).toBe(true);
  });

  it('a later chunk starting with BOM bytes is not treated as the start of the file', () => {
    const bytes = Buffer.concat([Buffer.from(`${'a'.repeat(50)}.example\n`.repeat(200)), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('b.example\n')]);
    const f = path.join(tmp(), 'bom.txt');
    writeFileSync(f, bytes);
    const stats = parseListFile(f, tableSink(new TableBuilder(2), 1), undefined, 1000, 8192);
    expect(stats).toEqual(parseList(bytes, tableSink(new TableBuilder(2), 1)));
  });
});

describe('compiled --list cache', () => {
  it('compiles once, reads the compiled table after, recompiles when the file changes', () => {
    const data = tmp();
    const f = path.join(data, 'adult.txt');
    writeFileSync(f, 'a.example\nb.example\n');
    const snap = testSnapshot();
    const lists = [{ category: 'adult', file: f }];
    const t1 = loadListsCached(data, lists, snap)!;
    const c1 = listCacheFile(data, lists, snap).file;
    expect(statSync(c1).isFile()).toBe(true);
    const t2 = loadListsCached(data, lists, snap, () => {
      throw new Error('must not compile again');
    })!;
    expect(t2.size).toBe(t1.size);
    expect(blocked(t2, 'www.a.example')).toBe(true);
    writeFileSync(f, 'a.example\nb.example\nc.example\n');
    utimesSync(f, new Date(), new Date(Date.now() + 5000));
    const t3 = loadListsCached(data, lists, snap)!;
    expect(t3.size).toBe(3);
    expect(() => statSync(c1)).toThrow(); // the stale compilation is removed
    expect(() => loadListsCached(data, [{ category: 'nope', file: f }], snap)).toThrow(/unknown category/);
  });

  it('compiles before the first snapshot exists (built-in categories), into the file a later start reads', () => {
    const data = tmp();
    const f = path.join(data, 'adult.txt');
    writeFileSync(f, 'early.example\n');
    const lists = [`adult=${f}`];
    runCompile({ dataDir: data } as Config, { list: lists });
    // the start that follows has a snapshot (same built-in bits): it finds the compiled table
    const t = loadListsCached(data, [{ category: 'adult', file: f }], testSnapshot(), () => {
      throw new Error('must not compile again');
    })!;
    expect(blocked(t, 'www.early.example')).toBe(true);
    expect(() => runCompile({ dataDir: data } as Config, { list: [`custom_cat=${f}`] })).toThrow(/unknown category/);
  });
});

describe('snapshot-only start (no database)', () => {
  it('serves from snapshot.json + the compiled table and a --list file', async () => {
    const data = tmp();
    mkdirSync(path.join(data, 'filter'), { recursive: true });
    writeFileSync(path.join(data, 'filter', 'domains-test.bin'), tableFrom({ adult: 'snap.example\n' }).serialize());
    writeFileSync(
      snapshotFile(data),
      JSON.stringify(testSnapshot({ domainsFile: 'domains-test.bin', networks: [{ cidr: '127.0.0.0/8', schoolId: 'school-1', band: 'primary' }] })),
    );
    const list = path.join(data, 'extra.txt');
    writeFileSync(list, 'extra.example\r\n');
    expect(loadSnapshot(data)?.tables[0]?.size).toBe(1);
    const cfg = {
      dataDir: data,
      dns: { host: '127.0.0.1', port: 0 },
      filter: { upstreams: ['127.0.0.1:9'], blockpageIpv4: null, blockpageIpv6: null, rateLimitQps: 0, metrics: null, udp: 'auto' },
    } as unknown as Config;
    const r = await serve(cfg, { lists: [{ category: 'adult', file: list }], shared: false, metrics: false });
    try {
      const port = r.server.address.port;
      for (const name of ['snap.example', 'www.extra.example']) {
        const a = await query({ host: '127.0.0.1', port, name, type: 'A' });
        expect(a.rcode).toBe('NXDOMAIN');
      }
      expect(r.engine.metrics.domains).toBe(2);
    } finally {
      await r.close();
    }
  });

  it("the DNS process's module graph holds no database driver, web framework or spreadsheet library", () => {
    const seen = new Set<string>();
    const bad: string[] = [];
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(file, 'utf8');
      // static imports only (dynamic import() is loaded on use)
      for (const m of src.matchAll(/^import\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)) {
        const spec = m[1]!;
        if (spec.startsWith('.')) walk(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
        else if (/^(kysely|pg|better-sqlite3|fastify|@fastify\/|exceljs|pino|sharp|dns-packet)/.test(spec)) bad.push(`${path.basename(file)} → ${spec}`);
      }
      if (/\/db\/|\/http\//.test(file)) bad.push(file);
    };
    walk(path.resolve(__dirname, 'standalone.ts'));
    // a fleet node (`lachan filter --central …`, issue 16) is the same lean process
    walk(path.resolve(__dirname, 'fleet/node/run-node.ts'));
    expect(bad).toEqual([]);
    expect(seen.size).toBeGreaterThan(5);
  });
});

describe('stats spool', () => {
  it('each drain is stored once, and given back when storing fails', async () => {
    const data = tmp();
    const drain = { hour: '2026-01-01T00:00:00.000Z', counters: [{ schoolId: 's', band: 'primary' as const, category: 'all', count: 3 }], top: [] };
    expect(spoolStats(data, { ...drain, counters: [] })).toBe(false);
    expect(spoolStats(data, drain)).toBe(true);
    await expect(
      drainSpool(data, async () => {
        throw new Error('db down');
      }),
    ).rejects.toThrow('db down');
    const got: unknown[] = [];
    expect(await drainSpool(data, async (d) => void got.push(d))).toBe(1);
    expect(got).toEqual([drain]);
    expect(await drainSpool(data, async () => {})).toBe(0);
  });
});

describe('--workers', () => {
  it('parses', () => {
    expect(parseWorkers(undefined)).toBe(1);
    expect(parseWorkers('2')).toBe(2);
    expect(parseWorkers('auto')).toBeGreaterThanOrEqual(1);
    expect(() => parseWorkers('0')).toThrow();
    expect(() => parseWorkers('x')).toThrow();
  });
});
