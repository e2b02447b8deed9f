import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAnswer } from '../dns/client.js';
import { buildQuery, T } from '../dns/wire.js';
import { kdig } from '../testing/kdig.js';
import { selfSignedCertificate } from '../testing/self-signed.js';
import { tableFrom, testSnapshot } from '../testing/snapshot.js';
import { type StubUpstream, startStubUpstream } from '../testing/stub-upstream.js';
import { answerMaxAge } from './doh.js';
import { type EncryptedListeners, startEncryptedListeners } from './encrypted-listeners.js';
import { FilterEngine } from './engine.js';
import { type DnsServer, startDnsServer } from './server.js';

const run = promisify(execFile);
const SCHOOL = { id: 'school-1', code: 'DEMO-TH-01' };
const OTHER = { id: 'school-2', code: 'DEMO-THCS-02' };

/** curl: status, content type, cache-control and body of one request (-k: the test's own certificate). */
async function curl(url: string, ...args: string[]): Promise<{ status: number; type: string; cache: string; body: Buffer }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lachan-curl-'));
  try {
    const out = path.join(dir, 'body');
    const { stdout } = await run('curl', ['-sk', '--max-time', '5', '-o', out, '-w', '%{http_code} %{content_type} %header{cache-control}', ...args, url]);
    const [status, type = '', ...cache] = stdout.split(' ');
    const { readFileSync } = await import('node:fs');
    return { status: Number(status), type, cache: cache.join(' '), body: readFileSync(out) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('DNS-over-HTTPS (RFC 8484) per school band: kdig, curl and hostile requests', () => {
  let up: StubUpstream;
  let engine: FilterEngine;
  let udp: DnsServer;
  let enc: EncryptedListeners;
  let dataDir: string;
  let cert: ReturnType<typeof selfSignedCertificate>;
  const base = () => `https://127.0.0.1:${enc.doh!.port}`;
  const pathOf = (band: 'primary' | 'staff', school = SCHOOL) => enc.addresses.dohPath(school, band);

  beforeAll(async () => {
    cert = selfSignedCertificate();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-doh-'));
    up = await startStubUpstream({
      'www.example.test': [{ type: 'A', data: '192.0.2.10', ttl: 120 }],
      'facebook.com': [{ type: 'A', data: '192.0.2.41', ttl: 300 }],
    });
    const snap = testSnapshot(
      {
        schools: [
          { ...SCHOOL, name: 'Trường Tiểu học Demo' },
          { ...OTHER, name: 'Trường THCS Demo' },
        ],
        networks: [
          { cidr: '127.0.0.1/32', schoolId: SCHOOL.id, band: 'primary' },
          { cidr: '127.0.0.2/32', schoolId: SCHOOL.id, band: 'staff' },
        ],
      },
      { upstreams: [up.addr], rateLimitQps: 0 },
    );
    engine = new FilterEngine(snap, [tableFrom({ adult: 'adult.test\n', social: 'facebook.com' })], { upstreamTimeoutMs: 500 });
    udp = await startDnsServer(() => engine, { host: '127.0.0.1', port: 0 });
    enc = await startEncryptedListeners(engine, { dataDir, doh: { host: '127.0.0.1', port: 0 }, dot: null, certFile: cert.certFile, keyFile: cert.keyFile });
  });
  afterAll(async () => {
    await enc.close();
    await udp.close();
    engine.close();
    await up.close();
    cert.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers with the decision UDP gives the same school and band, over POST and GET (kdig)', async () => {
    const cases: Array<[string, 'primary' | 'staff', string]> = [
      ['adult.test', 'primary', '127.0.0.1'],
      ['www.adult.test', 'staff', '127.0.0.2'],
      ['facebook.com', 'primary', '127.0.0.1'],
      ['facebook.com', 'staff', '127.0.0.2'],
      ['www.example.test', 'primary', '127.0.0.1'],
    ];
    for (const [name, band, source] of cases) {
      const viaUdp = await kdig('127.0.0.1', udp.address.port, name, '-b', source);
      const viaPost = await kdig('127.0.0.1', enc.doh!.port, name, `+https=${pathOf(band)}`);
      const viaGet = await kdig('127.0.0.1', enc.doh!.port, name, `+https=${pathOf(band)}`, '+https-get');
      expect(viaPost, `${name} ${band} POST`).toEqual(viaUdp);
      expect(viaGet, `${name} ${band} GET`).toEqual(viaUdp);
    }
    // the decisions themselves: social is blocked for primary, not for staff; adult for both
    expect((await kdig('127.0.0.1', enc.doh!.port, 'facebook.com', `+https=${pathOf('primary')}`)).status).toBe('NXDOMAIN');
    expect((await kdig('127.0.0.1', enc.doh!.port, 'facebook.com', `+https=${pathOf('staff')}`)).answers).toEqual(['facebook.com. A 192.0.2.41']);
    expect((await kdig('127.0.0.1', enc.doh!.port, 'adult.test', `+https=${pathOf('staff')}`)).ede).toContain('lachan: adult');
  });

  it('serves HTTP/2 and HTTP/1.1 (curl), with max-age from the answer', async () => {
    const q = buildQuery(0, 'www.example.test', T.A).toString('base64url');
    const h2 = await curl(`${base()}${pathOf('primary')}?dns=${q}`, '--http2', '-H', 'accept: application/dns-message');
    expect(h2.status).toBe(200);
    expect(h2.type).toBe('application/dns-message');
    const a = decodeAnswer(h2.body);
    expect(a.packet.answers?.[0]).toMatchObject({ name: 'www.example.test', data: '192.0.2.10' });
    // the cached answer's TTL counts down: max-age is what is left of it, never more
    const maxAge = Number(/max-age=(\d+)/.exec(h2.cache)?.[1]);
    expect(maxAge).toBeGreaterThan(100);
    expect(maxAge).toBeLessThanOrEqual(120);
    expect(maxAge).toBe(answerMaxAge(h2.body));

    const blocked = buildQuery(0, 'adult.test', T.A).toString('base64url');
    const h1 = await curl(`${base()}${pathOf('primary')}?dns=${blocked}`, '--http1.1');
    expect(h1.status).toBe(200);
    expect(decodeAnswer(h1.body).rcode).toBe('NXDOMAIN');
    // a block's negative-caching time: its SOA (60 s)
    expect(h1.cache).toBe('max-age=60');

    const empty = await curl(`${base()}${pathOf('primary')}`, '--http1.1', '-H', 'content-type: application/dns-message', '--data-binary', '', '-X', 'POST');
    // an empty message is not a DNS query
    expect(empty.status).toBe(400);
  });

  it('refuses hostile requests with the right status and keeps answering', async () => {
    const q = buildQuery(0, 'www.example.test', T.A).toString('base64url');
    const p = pathOf('primary');
    const token = p.split('/').pop()!;
    const wrongToken = `${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`;
    const statuses = {
      wrongToken: (await curl(`${base()}/dns-query/${SCHOOL.code}/primary/${wrongToken}?dns=${q}`)).status,
      // the other school's token does not open this school's address
      otherSchoolsToken: (await curl(`${base()}/dns-query/${SCHOOL.code}/primary/${pathOf('primary', OTHER).split('/').pop()}?dns=${q}`)).status,
      unknownSchool: (await curl(`${base()}/dns-query/NO-SUCH/primary/${token}?dns=${q}`)).status,
      unknownBand: (await curl(`${base()}/dns-query/${SCHOOL.code}/college/${token}?dns=${q}`)).status,
      noToken: (await curl(`${base()}/dns-query/${SCHOOL.code}/primary?dns=${q}`)).status,
      root: (await curl(`${base()}/`)).status,
      traversal: (await curl(`${base()}/dns-query/..%2f..%2fetc/primary/${token}?dns=${q}`)).status,
      put: (await curl(`${base()}${p}`, '-X', 'PUT', '-H', 'content-type: application/dns-message', '--data-binary', 'x')).status,
      noParam: (await curl(`${base()}${p}`)).status,
      badBase64: (await curl(`${base()}${p}?dns=***`)).status,
      stdBase64: (await curl(`${base()}${p}?dns=${buildQuery(0, 'www.example.test', T.A).toString('base64').replace(/=+$/, '')}%2B%2F`)).status,
      tooShort: (await curl(`${base()}${p}?dns=AAAA`)).status,
      wrongType: (await curl(`${base()}${p}`, '-H', 'content-type: text/plain', '--data-binary', 'hello')).status,
    };
    expect(statuses).toEqual({
      wrongToken: 404,
      otherSchoolsToken: 404,
      unknownSchool: 404,
      unknownBand: 404,
      noToken: 404,
      root: 404,
      traversal: 404,
      put: 405,
      noParam: 400,
      badBase64: 400,
      stdBase64: 400,
      tooShort: 400,
      wrongType: 415,
    });
    // a body over 65,535 bytes, over HTTP/2 (one stream of the session refused, the session lives on)
    const session = http2.connect(base(), { rejectUnauthorized: false });
    try {
      const post = (body: Buffer, type = 'application/dns-message') =>
        new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
          const s = session.request({ ':method': 'POST', ':path': p, 'content-type': type });
          const parts: Buffer[] = [];
          let status = 0;
          s.on('response', (h) => {
            status = Number(h[':status']);
          });
          s.on('data', (d: Buffer) => parts.push(d));
          s.on('end', () => resolve({ status, body: Buffer.concat(parts) }));
          s.on('error', reject);
          s.end(body);
        });
      expect((await post(Buffer.alloc(70_000, 1))).status).toBe(413);
      // a response message (QR set) is not a query
      const response = buildQuery(7, 'www.example.test', T.A);
      response[2]! |= 0x80;
      expect((await post(response)).status).toBe(400);
      // a message that is a query but malformed is answered in DNS: FORMERR, 200
      const twoQuestions = buildQuery(9, 'www.example.test', T.A);
      twoQuestions.writeUInt16BE(2, 4);
      const formerr = await post(twoQuestions);
      expect(formerr.status).toBe(200);
      expect(decodeAnswer(formerr.body).rcode).toBe('FORMERR');
      const ok = await post(buildQuery(1, 'www.example.test', T.A));
      expect(ok.status).toBe(200);
      expect(decodeAnswer(ok.body).packet.answers?.[0]).toMatchObject({ data: '192.0.2.10' });
    } finally {
      session.close();
    }
  });

  it('holds a client to the per-client rate limit of UDP (429 with Retry-After)', async () => {
    const saved = engine.snapshot;
    engine.reload({ ...saved, settings: { ...saved.settings, rateLimitQps: 5 } }, [...engine.tables]);
    const session = http2.connect(base(), { rejectUnauthorized: false });
    try {
      const statuses = await Promise.all(
        Array.from(
          { length: 40 },
          () =>
            new Promise<{ status: number; retry: string | undefined }>((resolve, reject) => {
              const q = buildQuery(0, 'adult.test', T.A).toString('base64url');
              const s = session.request({ ':path': `${pathOf('primary')}?dns=${q}` });
              s.on('response', (h) => resolve({ status: Number(h[':status']), retry: h['retry-after'] as string | undefined }));
              s.on('error', reject);
              s.resume();
            }),
        ),
      );
      const limited = statuses.filter((s) => s.status === 429);
      // a burst of 2 × 5 passes, the rest waits
      expect(statuses.filter((s) => s.status === 200).length).toBeGreaterThanOrEqual(10);
      expect(limited.length).toBeGreaterThanOrEqual(20);
      expect(limited[0]!.retry).toBe('1');
    } finally {
      session.close();
      engine.reload({ ...saved }, [...engine.tables]);
    }
  });
});
