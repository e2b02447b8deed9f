import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { exchange, query } from '../dns/client.js';
import { buildQuery, T } from '../dns/wire.js';
import { tableFrom, testSnapshot } from '../testing/snapshot.js';
import { type StubUpstream, startStubUpstream } from '../testing/stub-upstream.js';
import { FilterEngine } from './engine.js';
import { localTime } from './policy.js';
import { type DnsServer, startDnsServer } from './server.js';

const run = promisify(execFile);
const SCHOOL = 'school-1';

async function dig(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('dig', ['@127.0.0.1', '-p', String(port), '+tries=1', '+time=3', ...args]);
  return stdout;
}
const status = (out: string) => /status: (\w+)/.exec(out)?.[1];
const answers = (out: string) =>
  out
    .split('\n')
    .filter((l) => l && !l.startsWith(';'))
    .map((l) => l.split(/\s+/).filter(Boolean))
    .map((p) => `${p[0]} ${p[3]} ${p[4]}`);

describe('DNS filter: resolver chain over UDP and TCP, against a real upstream on loopback', () => {
  let up: StubUpstream;
  let up2: StubUpstream;
  let engine: FilterEngine;
  let server: DnsServer;
  let clock = Date.parse('2026-03-02T03:00:00Z'); // Monday 10:00 in Hà Nội
  const port = () => server.address.port;

  beforeAll(async () => {
    up = await startStubUpstream({
      'www.example.test': [{ type: 'A', data: '192.0.2.10', ttl: 120 }],
      'dual.example.test': [
        { type: 'A', data: '192.0.2.11' },
        { type: 'AAAA', data: '2001:db8::11' },
        { type: 'MX', data: { preference: 10, exchange: 'mx.example.test' } },
        { type: 'TXT', data: ['hello'] },
        { type: 'SRV', data: { priority: 1, weight: 1, port: 443, target: 'srv.example.test' } },
      ],
      'alias.example.test': [{ type: 'CNAME', data: 'www.example.test' }],
      'big.example.test': Array.from({ length: 12 }, (_, i) => ({ type: 'TXT', data: `${i % 10}`.repeat(200) })),
      'ok.adult.test': [{ type: 'A', data: '192.0.2.20' }],
      'forcesafesearch.google.com': [
        { type: 'A', data: '216.239.38.120' },
        { type: 'AAAA', data: '2001:4860:4802:32::78' },
      ],
      'restrict.youtube.com': [{ type: 'A', data: '216.239.38.120' }],
      'restrictmoderate.youtube.com': [{ type: 'A', data: '216.239.38.119' }],
      'strict.bing.com': [{ type: 'A', data: '204.79.197.220' }],
      'safe.duckduckgo.com': [{ type: 'A', data: '52.250.41.2' }],
      'strict-safe-search.ecosia.org': [{ type: 'A', data: '192.0.2.30' }],
      'safesearch.pixabay.com': [{ type: 'A', data: '192.0.2.31' }],
      'familysearch.yandex.ru': [{ type: 'A', data: '213.180.193.56' }],
      'olm.vn': [{ type: 'A', data: '192.0.2.40' }],
      'facebook.com': [{ type: 'A', data: '192.0.2.41' }],
    });
    up2 = await startStubUpstream({ 'www.example.test': [{ type: 'A', data: '192.0.2.10' }], 'failover.example.test': [{ type: 'A', data: '192.0.2.99' }] });
    const snap = testSnapshot(
      {
        networks: [
          { cidr: '127.0.0.1/32', schoolId: SCHOOL, band: 'primary' },
          { cidr: '127.0.0.2/32', schoolId: SCHOOL, band: 'staff' },
          { cidr: '127.0.0.3/32', schoolId: SCHOOL, band: 'upper_secondary' },
          { cidr: '127.0.0.4/32', schoolId: SCHOOL, band: 'lower_secondary' },
        ],
      },
      { upstreams: [up.addr, up2.addr], rateLimitQps: 0 },
    );
    const ls = snap.bands.find((b) => b.band === 'lower_secondary')!;
    ls.schedules = [{ name: 'class', days: [1, 2, 3, 4, 5], from: '07:30', to: '11:30', mode: 'learning' }];
    const us = snap.bands.find((b) => b.band === 'upper_secondary')!;
    us.blockResponse = 'nxdomain';
    snap.settings.blockpageIpv4 = '10.0.0.80';
    const tables = [
      tableFrom({ adult: 'adult.test\n@@ok.adult.test\n', gambling: '||bet.test^', learning: 'olm.vn', social: 'facebook.com', self_harm: 'selfharm.test' }),
    ];
    engine = new FilterEngine(snap, tables, { now: () => clock, upstreamTimeoutMs: 400 });
    server = await startDnsServer(() => engine, { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server.close();
    engine.close();
    await up.close();
    await up2.close();
  });
  afterEach(() => {
    up.mode = 'normal';
    up.delayMs = 0;
  });

  it('forwards allowed names and passes every record type through (dig)', async () => {
    const a = await dig(port(), 'www.example.test', 'A');
    expect(status(a)).toBe('NOERROR');
    expect(answers(a)).toEqual(['www.example.test. A 192.0.2.10']);
    for (const [type, value] of [
      ['AAAA', '2001:db8::11'],
      ['MX', '10'],
      ['TXT', '"hello"'],
      ['SRV', '1'],
    ]) {
      const out = await dig(port(), 'dual.example.test', type!);
      expect(answers(out)).toEqual([`dual.example.test. ${type} ${value}`]);
    }
    expect(answers(await dig(port(), 'alias.example.test'))[0]).toBe('alias.example.test. CNAME www.example.test.');
    expect(status(await dig(port(), 'nothing.example.test'))).toBe('NXDOMAIN');
  });

  it('caches by TTL, counts down, caches NXDOMAIN by the SOA (RFC 2308) and sends identical in-flight questions once', async () => {
    up.seen.length = 0;
    const first = await query({ host: '127.0.0.1', port: port(), name: 'dual.example.test', type: 'A' });
    clock += 50_000;
    const second = await query({ host: '127.0.0.1', port: port(), name: 'DUAL.example.TEST', type: 'A' });
    expect(second.packet.answers?.[0]).toMatchObject({ data: '192.0.2.11' });
    const ttlOf = (r: typeof first) => (r.packet.answers ?? [])[0] as { ttl: number };
    expect(ttlOf(second).ttl).toBe(ttlOf(first).ttl - 50);
    expect(second.packet.questions?.[0]?.name).toBe('DUAL.example.TEST');
    expect(up.seen.filter((s) => s === 'dual.example.test A')).toHaveLength(1);
    // NXDOMAIN cached for min(SOA TTL, MINIMUM) = 60 s
    up.seen.length = 0;
    await query({ host: '127.0.0.1', port: port(), name: 'neg.example.test' });
    await query({ host: '127.0.0.1', port: port(), name: 'neg.example.test' });
    expect(up.seen).toEqual(['neg.example.test A']);
    clock += 61_000;
    await query({ host: '127.0.0.1', port: port(), name: 'neg.example.test' });
    expect(up.seen).toEqual(['neg.example.test A', 'neg.example.test A']);
    // de-duplication: 20 identical questions while the upstream is slow → one upstream query
    up.seen.length = 0;
    up.delayMs = 100;
    const all = await Promise.all(Array.from({ length: 20 }, () => query({ host: '127.0.0.1', port: port(), name: 'slow.example.test' })));
    expect(all.every((r) => r.rcode === 'NXDOMAIN')).toBe(true);
    expect(up.seen).toEqual(['slow.example.test A']);
  });

  it('honours EDNS buffer sizes: truncates over UDP, answers in full over TCP, several queries per connection', async () => {
    const small = await dig(port(), 'big.example.test', 'TXT', '+bufsize=1232', '+ignore');
    expect(small).toMatch(/flags: qr tc/);
    const noEdns = await query({ host: '127.0.0.1', port: port(), name: 'big.example.test', type: 'TXT', edns: false });
    expect(noEdns.truncated).toBe(true);
    expect(noEdns.raw.length).toBeLessThanOrEqual(512);
    const big = await dig(port(), 'big.example.test', 'TXT', '+bufsize=4096');
    expect(big).not.toMatch(/flags: qr tc/);
    expect(answers(big)).toHaveLength(12);
    const viaTcp = await dig(port(), 'big.example.test', 'TXT', '+tcp');
    expect(answers(viaTcp)).toHaveLength(12);
    // dig retries over TCP by itself after TC
    const retried = await dig(port(), 'big.example.test', 'TXT', '+bufsize=1232');
    expect(retried).toMatch(/TXT/);
    // one TCP connection, three pipelined queries, three answers
    const sock = net.connect(port(), '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    const frames = ['www.example.test', 'dual.example.test', 'adult.test'].map((n, i) => {
      const m = buildQuery(100 + i, n, T.A);
      const len = Buffer.alloc(2);
      len.writeUInt16BE(m.length);
      return Buffer.concat([len, m]);
    });
    sock.write(Buffer.concat(frames));
    const ids = await new Promise<number[]>((resolve) => {
      let buf = Buffer.alloc(0);
      const got: number[] = [];
      sock.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          got.push(buf.readUInt16BE(2));
          buf = buf.subarray(2 + buf.readUInt16BE(0));
        }
        if (got.length === 3) resolve(got);
      });
    });
    sock.destroy();
    expect(ids.sort()).toEqual([100, 101, 102]);
  });

  it('blocks by band with the block page address and an Extended DNS Error naming the category', async () => {
    const out = await dig(port(), 'www.adult.test');
    expect(status(out)).toBe('NOERROR');
    expect(answers(out)).toEqual(['www.adult.test. A 10.0.0.80']);
    expect(out).toMatch(/EDE: 15 \(Blocked\).*lachan: adult/);
    // exception in the list
    expect(answers(await dig(port(), 'ok.adult.test'))).toEqual(['ok.adult.test. A 192.0.2.20']);
    // upper secondary: NXDOMAIN
    const nx = await dig(port(), '-b', '127.0.0.3', 'x.bet.test');
    expect(status(nx)).toBe('NXDOMAIN');
    expect(nx).toMatch(/EDE: 15 \(Blocked\).*lachan: gambling/);
    // social networks: blocked for primary (17 Filtered, not mandatory), open for staff
    const fb = await dig(port(), 'facebook.com');
    expect(fb).toMatch(/EDE: 17 \(Filtered\).*lachan: social/);
    expect(answers(await dig(port(), '-b', '127.0.0.2', 'facebook.com'))).toEqual(['facebook.com. A 192.0.2.41']);
    // the staff band still may not reach mandatory categories
    expect(await dig(port(), '-b', '127.0.0.2', 'adult.test')).toMatch(/lachan: adult/);
  });

  it('applies class-hours learning mode from the schedule (injectable clock)', async () => {
    clock = Date.parse('2026-03-02T03:00:00Z');
    expect(localTime(clock)).toEqual({ day: 1, minute: 600 });
    const blocked = await dig(port(), '-b', '127.0.0.4', 'www.example.test');
    expect(blocked).toMatch(/lachan: learning_mode/);
    expect(answers(await dig(port(), '-b', '127.0.0.4', 'olm.vn'))).toEqual(['olm.vn. A 192.0.2.40']);
    clock = Date.parse('2026-03-02T06:00:00Z'); // 13:00, after class
    expect(answers(await dig(port(), '-b', '127.0.0.4', 'www.example.test'))).toEqual(['www.example.test. A 192.0.2.10']);
    clock = Date.parse('2026-03-07T03:00:00Z'); // Saturday 10:00
    expect(answers(await dig(port(), '-b', '127.0.0.4', 'www.example.test'))).toEqual(['www.example.test. A 192.0.2.10']);
  });

  it('answers safe search with the CNAME and addresses each search engine expects', async () => {
    const cases: Array<[string, string, string, string?]> = [
      ['www.google.com', 'forcesafesearch.google.com.', '216.239.38.120'],
      ['www.google.com.vn', 'forcesafesearch.google.com.', '216.239.38.120'],
      ['google.co.uk', 'forcesafesearch.google.com.', '216.239.38.120'],
      ['www.youtube.com', 'restrict.youtube.com.', '216.239.38.120'],
      ['m.youtube.com', 'restrict.youtube.com.', '216.239.38.120'],
      ['www.bing.com', 'strict.bing.com.', '204.79.197.220'],
      ['duckduckgo.com', 'safe.duckduckgo.com.', '52.250.41.2'],
      ['www.ecosia.org', 'strict-safe-search.ecosia.org.', '192.0.2.30'],
      ['pixabay.com', 'safesearch.pixabay.com.', '192.0.2.31'],
      ['yandex.ru', 'familysearch.yandex.ru.', '213.180.193.56'],
      ['www.youtube.com', 'restrictmoderate.youtube.com.', '216.239.38.119', '127.0.0.3'],
    ];
    for (const [name, cname, ip, from] of cases) {
      const out = await dig(port(), ...(from ? ['-b', from] : []), name);
      expect(answers(out), name).toEqual([`${name}. CNAME ${cname}`, `${cname} A ${ip}`]);
    }
    const v6 = await dig(port(), 'www.google.com', 'AAAA');
    expect(answers(v6)).toEqual(['www.google.com. CNAME forcesafesearch.google.com.', 'forcesafesearch.google.com. AAAA 2001:4860:4802:32::78']);
    // staff: no rewrite
    expect(status(await dig(port(), '-b', '127.0.0.2', 'www.bing.com'))).toBe('NXDOMAIN');
    // mail.google.com is not search
    expect(await dig(port(), 'mail.google.com')).not.toMatch(/CNAME/);
  });

  it('blocks bypass canaries: DoH canary and iCloud Private Relay answer NXDOMAIN', async () => {
    for (const name of ['use-application-dns.net', 'mask.icloud.com', 'mask-h2.icloud.com']) {
      const out = await dig(port(), name);
      expect(status(out), name).toBe('NXDOMAIN');
    }
    // staff do not get canaries blocked (the stub says NXDOMAIN too, so look at the upstream)
    up.seen.length = 0;
    await dig(port(), '-b', '127.0.0.2', 'use-application-dns.net');
    expect(up.seen).toContain('use-application-dns.net A');
  });

  it('refuses unknown clients (never an open resolver) and answers ANY minimally (RFC 8482)', async () => {
    const out = await dig(port(), '-b', '127.0.0.9', 'www.example.test');
    expect(status(out)).toBe('REFUSED');
    expect(out).toMatch(/EDE: 18 \(Prohibited\)/);
    const any = await dig(port(), 'www.example.test', 'ANY');
    expect(answers(any)).toEqual(['www.example.test. HINFO "RFC8482"']);
  });

  it('drops upstream answers with the wrong ID or question, fails over, then serves stale', async () => {
    up.mode = 'wrong-id';
    up2.mode = 'silent';
    const before = engine.metrics.upstreamMismatches;
    const r = await query({ host: '127.0.0.1', port: port(), name: 'spoof.example.test', timeoutMs: 5000 });
    expect(r.rcode).toBe('SERVFAIL');
    expect(engine.metrics.upstreamMismatches).toBeGreaterThan(before);
    up.mode = 'wrong-question';
    const r2 = await query({ host: '127.0.0.1', port: port(), name: 'spoof2.example.test', timeoutMs: 5000 });
    expect(r2.rcode).toBe('SERVFAIL');
    // failover: first upstream silent, second answers
    up.mode = 'silent';
    up2.mode = 'normal';
    const f = await query({ host: '127.0.0.1', port: port(), name: 'failover.example.test', timeoutMs: 5000 });
    expect(f.packet.answers?.[0]).toMatchObject({ data: '192.0.2.99' });
    // serve stale: cached, expired, all upstreams down
    up.mode = 'normal';
    await query({ host: '127.0.0.1', port: port(), name: 'www.example.test' });
    clock += 3600_000;
    up.mode = 'silent';
    up2.mode = 'silent';
    const stale = await dig(port(), 'www.example.test');
    expect(answers(stale)).toEqual(['www.example.test. A 192.0.2.10']);
    expect(stale).toMatch(/www.example.test.\s+30\s+IN\s+A/);
    expect(stale).toMatch(/EDE: 3 \(Stale Answer\)/);
    up2.mode = 'normal';
  });

  it('survives malformed and random packets: answers FORMERR or drops, never crashes or stalls', async () => {
    const sock = dgram.createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const replies: Buffer[] = [];
    sock.on('message', (m) => replies.push(m));
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 600 }), async (bytes) => {
        const b = Buffer.from(bytes);
        if (b.length >= 3) b[2]! &= 0x7f; // mostly queries, so the parser goes deep
        const r = engine.handle(b, '127.0.0.1', false);
        const out = r instanceof Promise ? await r : r;
        if (out) {
          expect(out.length).toBeGreaterThanOrEqual(12);
          expect(out[2]! & 0x80).toBe(0x80);
        }
        sock.send(b, port(), '127.0.0.1');
      }),
      { numRuns: 2000 },
    );
    // mutated real queries
    const base = buildQuery(1, 'www.example.test', T.A);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: base.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: base.length }),
        async (pos, val, cut) => {
          const b = Buffer.from(base);
          b[pos] = val;
          const r = engine.handle(b.subarray(0, cut), '127.0.0.1', false);
          if (r instanceof Promise) await r;
        },
      ),
      { numRuns: 2000 },
    );
    // a short, a response-flagged and a two-question message
    expect(engine.handle(Buffer.alloc(5), '127.0.0.1', false)).toBeNull();
    const resp = Buffer.from(base);
    resp[2]! |= 0x80;
    expect(engine.handle(resp, '127.0.0.1', false)).toBeNull();
    const two = Buffer.from(base);
    two.writeUInt16BE(2, 4);
    expect((engine.handle(two, '127.0.0.1', false) as Buffer)[3]! & 0x0f).toBe(1);
    sock.close();
    // still answering
    expect(answers(await dig(port(), 'www.example.test'))).toEqual(['www.example.test. A 192.0.2.10']);
  });

  it('rate-limits a client that floods', async () => {
    const limited = new FilterEngine(
      testSnapshot({ networks: [{ cidr: '127.0.0.0/8', schoolId: SCHOOL, band: 'staff' }] }, { upstreams: [up.addr], rateLimitQps: 5 }),
      [],
      { now: () => clock },
    );
    let answered = 0;
    for (let i = 0; i < 50; i++) if (limited.handle(buildQuery(i, 'adult.test', T.A), '127.0.0.7', false) !== null) answered++;
    expect(answered).toBe(10);
    expect(limited.handle(buildQuery(1, 'adult.test', T.A), '127.0.0.8', false)).not.toBeNull();
    limited.close();
  });

  it('answers over the project client with EDNS and DO echoed', async () => {
    const r = await query({ host: '127.0.0.1', port: port(), name: 'adult.test', dnssecOk: true });
    const opt = r.packet.additionals?.find((a) => a.type === 'OPT') as { flag_do?: boolean; udpPayloadSize?: number } | undefined;
    expect(opt?.udpPayloadSize).toBe(1232);
    expect(r.ede).toEqual({ code: 15, text: 'lachan: adult' });
    const raw = await exchange('127.0.0.1', port(), buildQuery(7, 'www.example.test', T.A), true);
    expect(raw.readUInt16BE(0)).toBe(7);
  });
});

describe('DNS filter: binding UDP and TCP on one port', () => {
  it('a port the caller named and TCP already holds is refused with EADDRINUSE, UDP left free (no silent retry)', async () => {
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
    const taken = (holder.address() as net.AddressInfo).port;
    try {
      const engine = new FilterEngine(testSnapshot(), []);
      await expect(startDnsServer(() => engine, { host: '127.0.0.1', port: taken, udp: 'dgram' })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      // the UDP half was released: the port can be bound again
      const probe = dgram.createSocket('udp4');
      await new Promise<void>((resolve, reject) => {
        probe.once('error', reject);
        probe.bind(taken, '127.0.0.1', () => resolve());
      });
      probe.close();
      engine.close();
    } finally {
      await new Promise<void>((r) => holder.close(() => r()));
    }
  });

  it('port 0: UDP and TCP end up on the same free port, many servers at once', async () => {
    const engine = new FilterEngine(testSnapshot(), []);
    const servers = await Promise.all(Array.from({ length: 20 }, () => startDnsServer(() => engine, { host: '127.0.0.1', port: 0, udp: 'dgram' })));
    try {
      for (const s of servers) expect((s.tcp.address() as net.AddressInfo).port).toBe(s.address.port);
      expect(new Set(servers.map((s) => s.address.port)).size).toBe(20);
    } finally {
      for (const s of servers) await s.close();
      engine.close();
    }
  });
});
