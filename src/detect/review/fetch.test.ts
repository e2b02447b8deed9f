import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBlockedAddress } from '../../outbound/addresses.js';
import { decodeText } from './charset.js';
import { checkUrl, type FetchFailure, type FetchOptions, IMAGE_LIMITS, PAGE_LIMITS, safeFetch } from './fetch.js';
import {
  br,
  bytes,
  deflate,
  endless,
  type Fixture,
  gz,
  gzipBombBody,
  html,
  redImageJpeg,
  redirect,
  startFixture,
  startSilentServer,
  VI_1258,
} from './fixtures.js';

const failure = async (p: Promise<unknown>): Promise<FetchFailure> => {
  try {
    await p;
  } catch (e) {
    return e as FetchFailure;
  }
  throw new Error('expected a failure');
};

describe('review fetcher: strict limits against local fixtures', () => {
  let f: Fixture;
  const opts = (o: Partial<FetchOptions> = {}): FetchOptions => ({ ...PAGE_LIMITS, allowPrivateNetworks: ['127.0.0.1'], ...o });

  beforeAll(async () => {
    const jpeg = await redImageJpeg();
    f = await startFixture({
      '/page': html('<html><head><title>Xin chào</title></head><body><p>Nội dung</p></body></html>'),
      '/big': endless(64 * 1024 * 1024),
      '/big-declared': (_q, s) => {
        s.writeHead(200, { 'content-type': 'text/html', 'content-length': String(50 * 1024 * 1024) });
        s.write('x');
      },
      '/r/*': redirect((q) => `/r/${Number(q.url?.split('/').pop()) + 1}`),
      '/loop-a': redirect('/loop-b'),
      '/loop-b': redirect('/loop-a'),
      '/hop': redirect('/hop2'),
      '/hop2': redirect('/page'),
      '/to-metadata': redirect('http://169.254.169.254/latest/meta-data/'),
      '/to-ipv6-loopback': redirect('http://[::1]/'),
      '/to-mapped': redirect('http://[::ffff:127.0.0.1]/'),
      '/to-creds': redirect('http://user:secret@127.0.0.1/page'),
      '/to-file': redirect('file:///etc/passwd'),
      '/bomb': bytes('text/html', gzipBombBody(), { 'content-encoding': 'gzip' }),
      '/gzip': bytes('text/html; charset=utf-8', gz('<p>nén gzip</p>'), { 'content-encoding': 'gzip' }),
      '/br': bytes('text/html; charset=utf-8', br('<p>nén brotli</p>'), { 'content-encoding': 'br' }),
      '/deflate': bytes('text/html; charset=utf-8', deflate('<p>nén deflate</p>'), { 'content-encoding': 'deflate' }),
      '/bad-gzip': bytes('text/html', Buffer.from('this is not gzip at all'), { 'content-encoding': 'gzip' }),
      '/weird-encoding': bytes('text/html', Buffer.from('x'), { 'content-encoding': 'compress' }),
      '/pdf': bytes('application/pdf', Buffer.from('%PDF-1.4\n%%EOF')),
      '/no-type': (_q, s) => s.writeHead(200).end('x'),
      '/image': bytes('image/jpeg', jpeg),
      '/slow-headers': () => {},
      '/drip': (_q, s) => {
        s.writeHead(200, { 'content-type': 'text/html' });
        const t = setInterval(() => s.write('a'), 50);
        s.on('close', () => clearInterval(t));
      },
      '/500': (_q, s) => s.writeHead(503).end(),
      '/404': (_q, s) => s.writeHead(404).end(),
    });
  });
  afterAll(() => f.close());

  it('fetches a page and reports type, charset, final URL', async () => {
    const r = await safeFetch(`${f.url}/hop`, opts());
    expect(r).toMatchObject({ status: 200, mime: 'text/html', charset: 'utf-8', url: `${f.url}/page`, redirects: [`${f.url}/hop2`, `${f.url}/page`] });
    expect(r.body.toString()).toContain('Xin chào');
  });

  it('decompresses gzip, deflate and brotli', async () => {
    for (const [p, word] of [
      ['/gzip', 'gzip'],
      ['/deflate', 'deflate'],
      ['/br', 'brotli'],
    ] as const) {
      const r = await safeFetch(`${f.url}${p}`, opts());
      expect(r.body.toString(), p).toContain(`nén ${word}`);
      expect(r.wireBytes).toBeLessThan(r.body.length + 30);
    }
  });

  it('stops a giant page at the cap while streaming (without and with a declared length)', async () => {
    const t0 = Date.now();
    expect((await failure(safeFetch(`${f.url}/big`, opts({ maxBytes: 1024 * 1024 })))).code).toBe('too_large');
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect((await failure(safeFetch(`${f.url}/big-declared`, opts()))).code).toBe('too_large');
  });

  it('stops a gzip bomb with a clear status, having inflated no more than the cap', async () => {
    const e = await failure(safeFetch(`${f.url}/bomb`, opts({ maxBytes: 2 * 1024 * 1024 })));
    expect(e.code).toBe('decompression_bomb');
    expect(e.transient).toBe(false);
  });

  it('refuses broken or unknown content encodings', async () => {
    expect((await failure(safeFetch(`${f.url}/bad-gzip`, opts()))).code).toBe('bad_encoding');
    expect((await failure(safeFetch(`${f.url}/weird-encoding`, opts()))).code).toBe('bad_encoding');
  });

  it('caps redirects, detects loops, and checks every hop again', async () => {
    expect((await failure(safeFetch(`${f.url}/r/0`, opts()))).code).toBe('too_many_redirects');
    expect(f.hits.get('/r/5')).toBe(1);
    expect(f.hits.get('/r/6')).toBeUndefined();
    expect((await failure(safeFetch(`${f.url}/loop-a`, opts()))).code).toBe('redirect_loop');
    for (const p of ['/to-metadata', '/to-ipv6-loopback', '/to-mapped'])
      expect((await failure(safeFetch(`${f.url}${p}`, opts()))).code, p).toBe('blocked_address');
    expect((await failure(safeFetch(`${f.url}/to-creds`, opts()))).code).toBe('credentials_in_url');
    expect((await failure(safeFetch(`${f.url}/to-file`, opts()))).code).toBe('bad_scheme');
  });

  it('accepts only the allowed content types', async () => {
    expect((await failure(safeFetch(`${f.url}/pdf`, opts()))).code).toBe('bad_content_type');
    expect((await failure(safeFetch(`${f.url}/no-type`, opts()))).code).toBe('bad_content_type');
    expect((await failure(safeFetch(`${f.url}/page`, { ...IMAGE_LIMITS, allowPrivateNetworks: true }))).code).toBe('bad_content_type');
    expect((await safeFetch(`${f.url}/image`, { ...IMAGE_LIMITS, allowPrivateNetworks: true })).mime).toBe('image/jpeg');
  });

  it('times out: server that never answers, body that never ends, TLS that never completes, outside deadline', async () => {
    let t0 = Date.now();
    expect((await failure(safeFetch(`${f.url}/slow-headers`, opts({ totalTimeoutMs: 400 })))).code).toBe('timeout');
    expect((await failure(safeFetch(`${f.url}/drip`, opts({ totalTimeoutMs: 400 })))).code).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(3_000);
    const silent = await startSilentServer();
    t0 = Date.now();
    const e = await failure(safeFetch(`https://127.0.0.1:${silent.port}/`, opts({ connectTimeoutMs: 300 })));
    expect(e.code).toBe('timeout');
    expect(e.detail).toBe('connect');
    expect(e.transient).toBe(true);
    expect(Date.now() - t0).toBeLessThan(2_000);
    await silent.close();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    expect((await failure(safeFetch(`${f.url}/drip`, opts({ signal: ac.signal })))).code).toBe('timeout');
  });

  it('marks server errors as worth a retry and missing pages as final', async () => {
    const e503 = await failure(safeFetch(`${f.url}/500`, opts()));
    expect(e503).toMatchObject({ code: 'http_error', httpStatus: 503 });
    expect(e503.transient).toBe(true);
    expect((await failure(safeFetch(`${f.url}/404`, opts()))).transient).toBe(false);
  });

  it('refuses private, loopback, link-local, CGNAT, multicast, unspecified and ULA addresses unless a test allows them', async () => {
    const noFlag = { ...PAGE_LIMITS };
    for (const u of [
      `${f.url}/page`,
      `http://localhost:${f.port}/page`,
      'http://10.1.2.3/',
      'http://172.20.0.1/',
      'http://192.168.1.1/',
      'http://100.100.1.1/',
      'http://169.254.169.254/',
      'http://224.0.0.1/',
      'http://0.0.0.0/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://[::1]/',
      'http://[::]/',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
      'http://[::ffff:10.0.0.1]/',
      'http://[64:ff9b::7f00:1]/',
    ]) {
      expect((await failure(safeFetch(u, noFlag))).code, u).toBe('blocked_address');
    }
    for (const ok of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '14.225.0.1']) expect(isBlockedAddress(ok), ok).toBe(false);
    expect(isBlockedAddress('not-an-ip')).toBe(true);
  });

  it('connects to the address it checked: a name resolving to loopback is refused; allowed, it reaches the fixture by that address', async () => {
    const rebinding = async () => [{ address: '127.0.0.1', family: 4 }];
    const e = await failure(safeFetch(`http://evil.example:${f.port}/page`, { ...PAGE_LIMITS, resolve: rebinding }));
    expect(e.code).toBe('blocked_address');
    const ok = await safeFetch(`http://evil.example:${f.port}/page`, { ...PAGE_LIMITS, resolve: rebinding, allowPrivateNetworks: ['127.0.0.1'] });
    expect(ok.body.toString()).toContain('Xin chào');
    const mixed = async () => [
      { address: '10.0.0.5', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    // only the allowed address is handed to the socket
    expect((await safeFetch(`http://two.example:${f.port}/page`, { ...PAGE_LIMITS, resolve: mixed, allowPrivateNetworks: ['127.0.0.1'] })).status).toBe(200);
    const nx = async () => {
      throw Object.assign(new Error('nx'), { code: 'ENOTFOUND' });
    };
    const dnsFail = await failure(safeFetch('http://nowhere.example/', { ...PAGE_LIMITS, resolve: nx }));
    expect(dnsFail.code).toBe('dns_failed');
    expect(dnsFail.transient).toBe(true);
  });

  it('refuses other schemes, credentials and junk before connecting', () => {
    const code = (u: string) => {
      try {
        checkUrl(u);
        return 'ok';
      } catch (e) {
        return (e as FetchFailure).code;
      }
    };
    expect(code('ftp://example.com/')).toBe('bad_scheme');
    expect(code('javascript:alert(1)')).toBe('bad_scheme');
    expect(code('file:///etc/passwd')).toBe('bad_scheme');
    expect(code('http://a:b@example.com/')).toBe('credentials_in_url');
    expect(code('http://user@example.com/')).toBe('credentials_in_url');
    expect(code('not a url')).toBe('invalid_url');
    expect(code('https://example.com/x')).toBe('ok');
  });
});

describe('review fetcher: charsets', () => {
  it('follows BOM, header, meta; guesses windows-1258 for undeclared legacy bytes; keeps UTF-8 with a few bad bytes', () => {
    const withMeta = Buffer.concat([Buffer.from('<html><head><meta charset="windows-1258"></head><body>'), VI_1258, Buffer.from('</body></html>')]);
    expect(decodeText(withMeta, null, true)).toMatchObject({ charset: 'windows-1258', source: 'meta' });
    expect(decodeText(withMeta, null, true).text).toContain('Tiếng Việt có dấu');
    const httpEquiv = Buffer.concat([Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'), VI_1258]);
    expect(decodeText(httpEquiv, null, true).text).toContain('Tiếng Việt có dấu');
    expect(decodeText(VI_1258, 'windows-1258', false)).toMatchObject({ text: 'Tiếng Việt có dấu', source: 'header' });
    // header wins over meta, BOM wins over both
    expect(decodeText(withMeta, 'utf-8', true).source).toBe('header');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Xin chào', 'utf16le')]);
    expect(decodeText(utf16, 'windows-1252', false)).toMatchObject({ text: 'Xin chào', source: 'bom' });
    // undeclared legacy bytes
    expect(decodeText(VI_1258, null, false)).toMatchObject({ text: 'Tiếng Việt có dấu', source: 'guess' });
    // mixed: UTF-8 text with two stray bytes → UTF-8 kept, bad bytes replaced
    const mixed = Buffer.concat([Buffer.from('Trẻ em được bảo vệ trên mạng '), Buffer.from([0xff, 0xfe]), Buffer.from(' an toàn')]);
    const d = decodeText(mixed, null, false);
    expect(d).toMatchObject({ charset: 'utf-8', replaced: 2 });
    expect(d.text).toContain('Trẻ em được bảo vệ');
    // an unknown label falls back, never throws
    expect(decodeText(Buffer.from('abc'), 'x-no-such-charset', false).text).toBe('abc');
    // windows-1252 smart quotes
    expect(decodeText(Buffer.from([0x93, 0x41, 0x94]), 'windows-1252', false).text).toBe('“A”');
  });

  it('never throws on random bytes', () => {
    for (let i = 0; i < 200; i++) {
      const b = Buffer.from(Array.from({ length: 64 }, () => Math.floor(Math.random() * 256)));
      const label = ['utf-8', 'windows-1258', 'utf-16le', null, 'shift_jis', 'bogus'][i % 6] as string | null;
      expect(typeof decodeText(b, label, i % 2 === 0).text).toBe('string');
    }
  });
});
