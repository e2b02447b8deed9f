import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAnswer } from '../dns/client.js';
import { buildQuery, T } from '../dns/wire.js';
import { kdig } from '../testing/kdig.js';
import { selfSignedCertificate } from '../testing/self-signed.js';
import { tableFrom, testSnapshot } from '../testing/snapshot.js';
import { type StubUpstream, startStubUpstream } from '../testing/stub-upstream.js';
import { type EncryptedListeners, startEncryptedListeners } from './encrypted-listeners.js';
import { FilterEngine } from './engine.js';
import { type DnsServer, startDnsServer } from './server.js';

const SCHOOL = { id: 'school-1', code: 'DEMO_TH.01' };

const frame = (msg: Buffer) => {
  const out = Buffer.alloc(2 + msg.length);
  out.writeUInt16BE(msg.length, 0);
  msg.copy(out, 2);
  return out;
};

/** A raw DoT connection: writes what it is given, collects the answers in the order they arrive. */
function connect(port: number, servername: string): Promise<{ sock: tls.TLSSocket; answers: Buffer[]; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const answers: Buffer[] = [];
    let buf = Buffer.alloc(0);
    const sock = tls.connect({ host: '127.0.0.1', port, servername, rejectUnauthorized: false }, () => resolve({ sock, answers, closed }));
    const closed = new Promise<void>((r) => sock.on('close', () => r()));
    sock.on('error', reject);
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        answers.push(buf.subarray(2, 2 + buf.readUInt16BE(0)));
        buf = buf.subarray(2 + buf.readUInt16BE(0));
      }
    });
  });
}

const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('DNS-over-TLS (RFC 7858) per school band: kdig, pipelining, names that name no school', () => {
  let up: StubUpstream;
  let engine: FilterEngine;
  let udp: DnsServer;
  let enc: EncryptedListeners;
  let dataDir: string;
  let cert: ReturnType<typeof selfSignedCertificate>;
  const nameOf = (band: 'primary' | 'staff') => `${enc.addresses.dotLabel(SCHOOL, band)}.dot.test`;

  beforeAll(async () => {
    cert = selfSignedCertificate();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-dot-'));
    up = await startStubUpstream({
      'www.example.test': [{ type: 'A', data: '192.0.2.10', ttl: 120 }],
      'slow.example.test': [{ type: 'A', data: '192.0.2.11' }],
      'facebook.com': [{ type: 'A', data: '192.0.2.41', ttl: 300 }],
    });
    const snap = testSnapshot(
      {
        schools: [{ ...SCHOOL, name: 'Trường Tiểu học Demo' }],
        networks: [
          { cidr: '127.0.0.1/32', schoolId: SCHOOL.id, band: 'primary' },
          { cidr: '127.0.0.2/32', schoolId: SCHOOL.id, band: 'staff' },
        ],
      },
      { upstreams: [up.addr], rateLimitQps: 0 },
    );
    engine = new FilterEngine(snap, [tableFrom({ adult: 'adult.test\n', social: 'facebook.com' })], { upstreamTimeoutMs: 1000 });
    udp = await startDnsServer(() => engine, { host: '127.0.0.1', port: 0 });
    enc = await startEncryptedListeners(engine, {
      dataDir,
      doh: null,
      dot: { host: '127.0.0.1', port: 0 },
      certFile: cert.certFile,
      keyFile: cert.keyFile,
      idleMs: 400,
    });
  });
  afterAll(async () => {
    await enc.close();
    await udp.close();
    engine.close();
    await up.close();
    cert.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes the school code as one host-name label and reads it back', () => {
    expect(nameOf('primary')).toMatch(/^demo-th-01-primary-[a-z2-7]{13}\.dot\.test$/);
    expect(enc.addresses.fromServerName(engine.snapshot, nameOf('staff').toUpperCase())).toEqual({ schoolId: SCHOOL.id, band: 'staff' });
    expect(enc.addresses.fromServerName(engine.snapshot, nameOf('staff').replace('-staff-', '-primary-'))).toBeNull();
  });

  it('answers with the decision UDP gives the same school and band (kdig +tls, the school band from SNI)', async () => {
    const cases: Array<[string, 'primary' | 'staff', string]> = [
      ['adult.test', 'primary', '127.0.0.1'],
      ['adult.test', 'staff', '127.0.0.2'],
      ['facebook.com', 'primary', '127.0.0.1'],
      ['facebook.com', 'staff', '127.0.0.2'],
      ['www.example.test', 'primary', '127.0.0.1'],
    ];
    for (const [name, band, source] of cases) {
      const viaUdp = await kdig('127.0.0.1', udp.address.port, name, '-b', source);
      const viaTls = await kdig('127.0.0.1', enc.dot!.port, name, '+tls', `+tls-sni=${nameOf(band)}`);
      expect(viaTls, `${name} ${band}`).toEqual(viaUdp);
    }
    expect((await kdig('127.0.0.1', enc.dot!.port, 'facebook.com', '+tls', `+tls-sni=${nameOf('primary')}`)).status).toBe('NXDOMAIN');
    expect((await kdig('127.0.0.1', enc.dot!.port, 'facebook.com', '+tls', `+tls-sni=${nameOf('staff')}`)).answers).toEqual(['facebook.com. A 192.0.2.41']);
  });

  it('refuses, with an Extended DNS Error, a name that names no school band — and no name at all', async () => {
    const label = enc.addresses.dotLabel(SCHOOL, 'staff');
    for (const sni of [`demo-th-01-staff-${'a'.repeat(13)}.dot.test`, `nobody.dot.test`, `${label.slice(0, -1)}x.dot.test`]) {
      const r = await kdig('127.0.0.1', enc.dot!.port, 'www.example.test', '+tls', `+tls-sni=${sni}`);
      expect(r, sni).toMatchObject({ status: 'REFUSED', answers: [] });
      expect(r.ede).toContain('not a school DNS-over-TLS name');
    }
    // kdig to an IP address sends no SNI
    expect((await kdig('127.0.0.1', enc.dot!.port, 'www.example.test', '+tls')).status).toBe('REFUSED');
  });

  it('answers pipelined queries as they complete, out of order, on one connection; closes it when idle', async () => {
    up.delayMs = 300;
    try {
      const c = await connect(enc.dot!.port, nameOf('primary'));
      // one write: a slow name first (upstream), then a blocked one and a malformed one (answered at once)
      const malformed = buildQuery(3, 'www.example.test', T.A);
      malformed.writeUInt16BE(2, 4);
      c.sock.write(Buffer.concat([frame(buildQuery(1, 'slow.example.test', T.A)), frame(buildQuery(2, 'adult.test', T.A)), frame(malformed)]));
      await until(() => c.answers.length === 3);
      const got = c.answers.map((a) => decodeAnswer(a));
      expect(got.map((a) => [a.packet.id, a.rcode])).toEqual([
        [2, 'NXDOMAIN'],
        [3, 'FORMERR'],
        [1, 'NOERROR'],
      ]);
      expect(got[2]!.packet.answers?.[0]).toMatchObject({ data: '192.0.2.11' });
      // idle for longer than 400 ms: the server closes
      const t0 = Date.now();
      await c.closed;
      expect(Date.now() - t0).toBeLessThan(2000);
    } finally {
      up.delayMs = 0;
    }
  });

  it('serves a renewed certificate to new connections without a restart, and keeps the old one when the new files are unusable', async () => {
    const second = selfSignedCertificate();
    const lines: string[] = [];
    const own = await startEncryptedListeners(engine, {
      dataDir,
      doh: null,
      dot: { host: '127.0.0.1', port: 0 },
      certFile: path.join(second.dir, 'live-cert.pem'),
      keyFile: path.join(second.dir, 'live-key.pem'),
      certCheckMs: 50,
      log: (l) => lines.push(l),
    }).catch((e: Error) => e);
    // the files must exist at start: a clear error, not a listener without a certificate
    expect(own).toBeInstanceOf(Error);
    expect((own as Error).message).toContain('TLS');
    const live = { cert: path.join(second.dir, 'live-cert.pem'), key: path.join(second.dir, 'live-key.pem') };
    copyFileSync(cert.certFile, live.cert);
    copyFileSync(cert.keyFile, live.key);
    const enc2 = await startEncryptedListeners(engine, {
      dataDir,
      doh: null,
      dot: { host: '127.0.0.1', port: 0 },
      certFile: live.cert,
      keyFile: live.key,
      certCheckMs: 50,
      log: (l) => lines.push(l),
    });
    const fingerprint = async () => {
      const c = await connect(enc2.dot!.port, nameOf('primary'));
      const f = c.sock.getPeerCertificate().fingerprint256;
      c.sock.destroy();
      return f;
    };
    try {
      const first = await fingerprint();
      // a half-written pair (a key that does not match): logged, the old certificate kept
      writeFileSync(live.cert, readFileSync(second.certFile));
      await until(() => lines.some((l) => l.includes('keeping the old one')));
      expect(await fingerprint()).toBe(first);
      writeFileSync(live.key, readFileSync(second.keyFile));
      await until(() => lines.some((l) => l.includes('TLS certificate reloaded')));
      const renewed = await fingerprint();
      expect(renewed).not.toBe(first);
      expect(renewed).toBe(new X509Certificate(readFileSync(second.certFile)).fingerprint256);
    } finally {
      await enc2.close();
      second.remove();
    }
  });

  it('cuts a connection that sends more than one message can hold (64 KB) unframed, and serves the next', async () => {
    const c = await connect(enc.dot!.port, nameOf('primary'));
    c.sock.write(Buffer.concat([Buffer.from([0xff, 0xff]), Buffer.alloc(70_000, 1)]));
    await c.closed;
    // the listener lives on
    expect((await kdig('127.0.0.1', enc.dot!.port, 'adult.test', '+tls', `+tls-sni=${nameOf('primary')}`)).status).toBe('NXDOMAIN');
  });
});
