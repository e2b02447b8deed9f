import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { AppError } from '../shared/errors.js';
import { t } from '../shared/i18n.js';
import { addressValue, embeddedIpv4, isBlockedAddress, SPECIAL_RANGES } from './addresses.js';
import { FetchFailure, type FetchOptions, outboundError, privateNetworksFromConfig, safeFetch } from './fetch.js';
import { endlessText, type HostileEnds, redirectTo, startHostileEnds, text } from './testing.js';

const failure = async (p: Promise<unknown>): Promise<FetchFailure> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof FetchFailure) return e;
    throw e;
  }
  throw new Error('expected a failure');
};

const LIMITS: FetchOptions = { connectTimeoutMs: 2_000, totalTimeoutMs: 5_000, maxBytes: 1024 * 1024, maxRedirects: 5, allowedTypes: ['text/plain'] };

describe('outbound fetch: the checks every feature that fetches a URL gets', () => {
  let h: HostileEnds;
  const onlyFixture = (o: Partial<FetchOptions> = {}): FetchOptions => ({ ...LIMITS, allowPrivateNetworks: ['127.0.0.1'], ...o });

  beforeAll(async () => {
    h = await startHostileEnds({
      '/list': text('example.com\n'),
      '/secret': text('db-password=hunter2\n'),
      '/500': text('boom', 'text/plain', 500),
      '/big': endlessText(64 * 1024 * 1024),
      '/to-localhost': (req, res) => redirectTo(`http://localhost:${h.port}/secret`)(req, res),
      '/to-v6-loopback': (req, res) => redirectTo(`http://[::1]:${h.port}/secret`)(req, res),
      '/to-mapped': (req, res) => redirectTo(`http://[::ffff:7f00:1]:${h.port}/secret`)(req, res),
      '/to-private': redirectTo('http://10.0.0.1/secret'),
      '/to-metadata': redirectTo('http://169.254.169.254/latest/meta-data/'),
    });
  });
  afterAll(() => h.close());

  it('refuses loopback (v4, v6, v4-mapped), private space, and names that resolve there — nothing is requested', async () => {
    const urls = [
      `${h.url}/secret`,
      `http://[::ffff:127.0.0.1]:${h.port}/secret`,
      `http://[0:0:0:0:0:ffff:7f00:1]:${h.port}/secret`,
      `http://[64:ff9b::7f00:1]:${h.port}/secret`,
      'http://10.20.0.1/secret',
      'http://172.31.255.1/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://[fd12::1]/',
      'http://[fe80::1]/',
    ];
    if (h.url6) urls.push(`${h.url6}/secret`);
    for (const u of urls) expect((await failure(safeFetch(u, LIMITS))).code, u).toBe('blocked_address');
    const toLoopback = async () => [{ address: '127.0.0.1', family: 4 }];
    const toMixed = async () => [
      { address: '10.1.1.1', family: 4 },
      { address: '::1', family: 6 },
    ];
    expect((await failure(safeFetch(`http://intranet.example:${h.port}/secret`, { ...LIMITS, resolve: toLoopback }))).code).toBe('blocked_address');
    expect((await failure(safeFetch(`http://intranet.example:${h.port}/secret`, { ...LIMITS, resolve: toMixed }))).code).toBe('blocked_address');
    expect(h.hits.get('/secret') ?? 0).toBe(0);
  });

  it('resolves once and connects to the address it checked: a rebinding name cannot swap it', async () => {
    let calls = 0;
    // first answer: the (allowed) fixture; any later answer: the database's private address
    const rebinding = async () => (calls++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.9.9.9', family: 4 }]);
    const ok = await safeFetch(`http://lists.example:${h.port}/list`, onlyFixture({ resolve: rebinding }));
    expect(ok.body.toString()).toBe('example.com\n');
    expect(calls).toBe(1);
  });

  it('checks every redirect hop again: none reaches loopback or private space', async () => {
    const resolve = async (name: string) => (name === 'localhost' ? [{ address: '::1', family: 6 }] : [{ address: '127.0.0.1', family: 4 }]);
    for (const p of ['/to-localhost', '/to-v6-loopback', '/to-mapped', '/to-private', '/to-metadata'])
      expect((await failure(safeFetch(`${h.url}${p}`, onlyFixture({ resolve })))).code, p).toBe('blocked_address');
    expect(h.hits.get('/to-localhost')).toBe(1);
    expect(h.hits.get('/secret') ?? 0).toBe(0);
  });

  it('answers one generic failure for a closed port, a silent port, a port that speaks garbage and an error status', async () => {
    const ends = {
      closed: `http://127.0.0.1:${h.closedPort}/`,
      silent: `http://127.0.0.1:${h.silentPort}/`,
      garbage: `http://127.0.0.1:${h.garbagePort}/`,
      status500: `${h.url}/500`,
      status404: `${h.url}/nothing`,
    };
    const seen = new Map<string, FetchFailure>();
    for (const [k, u] of Object.entries(ends)) seen.set(k, await failure(safeFetch(u, onlyFixture({ totalTimeoutMs: 600 }))));
    // precise codes stay for the log …
    expect(seen.get('closed')!.code).toBe('connect_failed');
    expect(seen.get('silent')!.code).toBe('timeout');
    expect(seen.get('garbage')!.code).toBe('bad_response');
    expect(seen.get('status500')!.code).toBe('http_error');
    // … a user sees one answer for all of them
    const shown = [...seen.values()].map((f) => {
      const e = outboundError(f);
      return JSON.stringify({ status: e.status, code: e.code, params: e.params, vi: t('vi', e.code, e.params), en: t('en', e.code, e.params) });
    });
    expect(new Set(shown).size).toBe(1);
    expect(JSON.parse(shown[0]!)).toMatchObject({ status: 400, code: 'outbound.unavailable' });
    expect(shown[0]).not.toMatch(/SSH|ECONN|500|404|timeout/i);
  });

  it('stops reading past the size limit while the body streams, and past the time limit', async () => {
    const big = await failure(safeFetch(`${h.url}/big`, onlyFixture()));
    expect(big.code).toBe('too_large');
    expect(outboundError(big, { limit: LIMITS.maxBytes })).toMatchObject({ status: 413, code: 'outbound.too_large', params: { limitMb: 1 } });
    await new Promise((r) => setTimeout(r, 100));
    // the server was cut off long before its 64 MB (socket buffers hold a few MB at most)
    expect(h.sent.get('/big') ?? 0).toBeLessThan(16 * 1024 * 1024);
    const started = Date.now();
    const slow = await failure(safeFetch(`http://127.0.0.1:${h.silentPort}/`, onlyFixture({ connectTimeoutMs: 60_000, totalTimeoutMs: 300 })));
    expect(slow.generic).toBe('unavailable');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reports progress and takes private addresses only behind the deployment switch (new name and old)', async () => {
    const progress: number[] = [];
    await safeFetch(`${h.url}/list`, onlyFixture({ onProgress: (d) => progress.push(d) }));
    expect(progress.at(-1)).toBe('example.com\n'.length);
    const base = { LACHAN_DATA_DIR: '/tmp/lachan-outbound-test', LACHAN_LOG_LEVEL: 'silent' };
    expect(loadConfig(base).fetchPrivate).toBe(false);
    expect(loadConfig({ ...base, LACHAN_FETCH_PRIVATE: 'true' }).fetchPrivate).toBe(true);
    expect(loadConfig({ ...base, LACHAN_DETECT_FETCH_PRIVATE: 'true' }).fetchPrivate).toBe(true);
    expect(() => loadConfig({ ...base, LACHAN_FETCH_PRIVATE: 'yes' })).toThrow(ConfigError);
    const on = privateNetworksFromConfig(loadConfig({ ...base, LACHAN_FETCH_PRIVATE: 'true' }));
    expect((await safeFetch(`${h.url}/list`, { ...LIMITS, ...on })).status).toBe(200);
    expect((await failure(safeFetch(`${h.url}/list`, { ...LIMITS, ...privateNetworksFromConfig(loadConfig(base)) }))).generic).toBe('not_allowed');
    expect(outboundError(new FetchFailure('blocked_address'))).toBeInstanceOf(AppError);
  });
});

describe('outbound addresses: every spelling of an address gets the same answer', () => {
  // an independent reading of the table: ranges as numbers, compared by masking
  const inTable = (family: 4 | 6, value: bigint) =>
    SPECIAL_RANGES.some((r) => {
      if (r.family !== family) return false;
      const width = family === 4 ? 32n : 128n;
      const shift = width - BigInt(r.bits);
      return value >> shift === addressValue(r.net)!.value >> shift;
    });
  const v4Text = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  const hex = (n: number) => `${((n >>> 16) & 0xffff).toString(16)}:${(n & 0xffff).toString(16)}`;

  it('random IPv4 addresses and their IPv6 forms (mapped, translated, NAT64, expanded) agree with the table', () => {
    // the special ranges are tiny in a random sample: mix in addresses drawn from inside each one
    const samples: number[] = Array.from({ length: 3000 }, () => randomInt(0, 2 ** 32));
    for (const r of SPECIAL_RANGES.filter((x) => x.family === 4)) {
      const base = Number(addressValue(r.net)!.value);
      for (let i = 0; i < 20; i++) samples.push((base + randomInt(0, 2 ** (32 - r.bits))) >>> 0);
    }
    for (const n of samples) {
      const ip = v4Text(n);
      const expected = inTable(4, BigInt(n));
      for (const form of [ip, `::ffff:${ip}`, `::ffff:${hex(n)}`, `0:0:0:0:0:ffff:${hex(n)}`, `::ffff:0:${hex(n)}`, `64:ff9b::${ip}`, `[::ffff:${ip}]`])
        expect(isBlockedAddress(form), form).toBe(expected);
      expect(embeddedIpv4(`0:0:0:0:0:FFFF:${hex(n)}`)).toBe(ip);
    }
  });

  it('random IPv6 addresses agree with the table; garbage is refused', () => {
    for (let i = 0; i < 3000; i++) {
      const groups = Array.from({ length: 8 }, () => randomInt(0, 0x10000));
      // bias the first group towards the special prefixes
      if (i % 3 === 0) groups[0] = [0xfc00, 0xfd12, 0xfe80, 0xff02, 0x2001, 0x2002, 0x0100, 0][i % 8]! | (i % 6 === 0 ? 0 : randomInt(0, 16));
      if (i % 5 === 0) groups.splice(1, 5, 0, 0, 0, 0, 0);
      const ip = groups.map((g) => g.toString(16)).join(':');
      const v = addressValue(ip)!;
      const mapped = embeddedIpv4(ip);
      const expected = mapped ? inTable(4, addressValue(mapped)!.value) : v.value >> 80n === 0x64ff9b0001n || inTable(6, v.value);
      expect(isBlockedAddress(ip), ip).toBe(expected);
    }
    for (const junk of ['', 'localhost', '1.2.3', '1.2.3.4.5', '::g', '999.1.1.1']) expect(isBlockedAddress(junk), junk).toBe(true);
  });
});
