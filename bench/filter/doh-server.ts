// The server side of bench/filter/doh.ts, in a process of its own: one FilterEngine serving UDP/TCP
// (startDnsServer: the udp_batch addon when built, as `lachan filter` serves) and DoH + DoT
// (startEncryptedListeners) — the same engine, cache and policy behind every transport. Names:
// 100,000 listed `b<i>.blocked.test` (adult), everything else answered by a stub upstream in this
// process and cached during the warm-up. Prints one JSON line with its ports, then answers
// `cpu` messages (IPC) with process.cpuUsage() so the driver can charge CPU per answered query.
import dgram from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEncryptedListeners } from '../../src/filter/engine/encrypted-listeners.js';
import { FilterEngine } from '../../src/filter/engine/engine.js';
import { startDnsServer } from '../../src/filter/engine/server.js';
import { selfSignedCertificate } from '../../src/filter/testing/self-signed.js';
import { tableFrom, testSnapshot } from '../../src/filter/testing/snapshot.js';

const LISTED = 100_000;
const SCHOOL = { id: 'bench-school', code: 'BENCH-01' };

async function stubUpstream(): Promise<string> {
  const s = dgram.createSocket('udp4');
  s.on('message', (m, r) => {
    // answer = the query with QR set and one A record pointing at the question name (0xc00c)
    let o = 12;
    while (m[o]) o += (m[o] as number) + 1;
    const qEnd = o + 5;
    const out = Buffer.alloc(qEnd + 16);
    m.copy(out, 0, 0, qEnd);
    out.writeUInt16BE(0x8180, 2);
    out.writeUInt16BE(1, 6);
    out.writeUInt16BE(0, 8);
    out.writeUInt16BE(0, 10);
    out.set([0xc0, 0x0c, 0, 1, 0, 1, 0, 1, 0x51, 0x80, 0, 4, 198, 51, 100, 7], qEnd);
    s.send(out, r.port, r.address);
  });
  await new Promise<void>((res) => s.bind(0, '127.0.0.1', () => res()));
  return `127.0.0.1:${s.address().port}`;
}

async function main() {
  const names = Array.from({ length: LISTED }, (_, i) => `b${i}.blocked.test`).join('\n');
  const table = tableFrom({ adult: names });
  const snap = testSnapshot(
    { schools: [{ ...SCHOOL, name: 'Bench' }], networks: [{ cidr: '127.0.0.0/8', schoolId: SCHOOL.id, band: 'primary' }] },
    { upstreams: [await stubUpstream()], rateLimitQps: 0 },
  );
  const engine = new FilterEngine(snap, [table], { cache: { maxEntries: 200_000 } });
  const udp = await startDnsServer(() => engine, { host: '127.0.0.1', port: 0 });
  const cert = selfSignedCertificate();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-bench-doh-'));
  const enc = await startEncryptedListeners(engine, {
    dataDir,
    doh: { host: '127.0.0.1', port: 0 },
    dot: { host: '127.0.0.1', port: 0 },
    certFile: cert.certFile,
    keyFile: cert.keyFile,
  });
  process.on('message', (m) => {
    if (m === 'cpu') process.send!({ cpu: process.cpuUsage() });
  });
  process.on('disconnect', () => {
    cert.remove();
    process.exit(0);
  });
  process.stdout.write(
    `${JSON.stringify({
      udp: udp.address.port,
      udpKind: udp.udp.kind,
      doh: enc.doh!.port,
      dot: enc.dot!.port,
      dohPath: enc.addresses.dohPath(SCHOOL, 'primary'),
      dotName: `${enc.addresses.dotLabel(SCHOOL, 'primary')}.dot.test`,
      listed: LISTED,
    })}\n`,
  );
}

void main();
