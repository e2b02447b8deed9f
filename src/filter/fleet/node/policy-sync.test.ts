import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Sealer } from '../../../shared/secrets.js';
import { TableBuilder } from '../../matcher.js';
import { testSnapshot } from '../../testing/snapshot.js';
import { fleetPublicKey, fleetSign } from '../centre/signing-key.js';
import { diffTables } from '../centre/table-diff.js';
import { encodeEnvelope, publicKeyFromRaw, tableDigest } from '../protocol.js';
import type { LastGood } from './node-files.js';
import { PolicySync } from './policy-sync.js';

const centre = { sealer: new Sealer(Buffer.alloc(32, 3)) };
const sign = (b: Buffer) => fleetSign(centre, b);
const table = (names: string[]) => {
  const b = new TableBuilder(names.length);
  for (const n of names) b.addName(n, 17);
  return b.build();
};
const t1 = table(['a.example', 'b.example']);
const t2 = table(['a.example', 'b.example', 'c.example']);
const full1 = encodeEnvelope({ kind: 'full', version: 1, base: 0, issuedAt: 1, body: { policy: testSnapshot(), table: { kind: 'full', table: t1 } } }, sign);
const delta2 = encodeEnvelope(
  {
    kind: 'delta',
    version: 2,
    base: 1,
    issuedAt: 2,
    body: { policy: null, table: { kind: 'diff', bits: t2.bits, ...diffTables(t1, t2)!, digest: tableDigest(t2) } },
  },
  sign,
);

let server: http.Server | null = null;
let sync: PolicySync | null = null;
afterEach(async () => {
  await sync?.stop();
  await new Promise((r) => (server ? server.close(r) : r(null)));
  server = null;
});

/** A stand-in centre on loopback: answers each request with the next scripted reply. */
async function fakeCentre(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<string> {
  server = http.createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function startSync(central: string, start: LastGood | null) {
  let current = start;
  const applied: number[] = [];
  const logs: string[] = [];
  sync = new PolicySync({
    central,
    nodeToken: 'lcn_test',
    key: publicKeyFromRaw(fleetPublicKey(centre)),
    current: () => current,
    apply: (next) => {
      current = next;
      applied.push(next.version);
    },
    log: (l) => logs.push(l),
    backoffMaxMs: 100,
  });
  sync.start();
  return { applied, logs, current: () => current };
}

const event = (bytes: Buffer, id: number) => `id: ${id}\nevent: policy\ndata: ${bytes.toString('base64')}\n\n`;

describe('node policy sync', () => {
  it('refuses a tampered, a replayed and a truncated envelope with one log line each, keeps its policy, applies the next good one', async () => {
    const tampered = Buffer.from(delta2);
    tampered[60]! ^= 0x10;
    const seen: string[] = [];
    const central = await fakeCentre((req, res) => {
      seen.push(req.url!);
      expect(req.headers.authorization).toBe('Bearer lcn_test');
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': hello\n\n');
      res.write(event(tampered, 2));
      res.write(event(full1, 1)); // replay of version 1 to a node at version 1
      res.write(event(delta2.subarray(0, delta2.length - 10), 2));
      res.write(event(delta2, 2));
    });
    const s = startSync(central, { version: 1, policy: testSnapshot(), tables: [t1] });
    await expect.poll(() => s.applied, { timeout: 5000 }).toEqual([2]);
    expect(seen[0]).toBe('/api/v1/fleet/stream?since=1');
    const refusals = s.logs.filter((l) => l.includes('refused'));
    expect(refusals).toHaveLength(3);
    expect(refusals[0]).toMatch(/\(signature: .*keeping version 1$/);
    expect(refusals[1]).toMatch(/\(replay: /);
    expect(refusals[2]).toMatch(/\(truncated: /);
    expect(s.current()!.tables.reduce((n, t) => n + t.size, 0)).toBe(3);
  });

  it('falls back to long polls when a proxy keeps answering the stream with something else', async () => {
    const urls: string[] = [];
    const central = await fakeCentre((req, res) => {
      urls.push(req.url!);
      if (req.url!.startsWith('/api/v1/fleet/stream')) {
        // a proxy that answers the stream with its own page
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>blocked</html>');
        return;
      }
      if (req.url === '/api/v1/fleet/policy?since=0&wait=25') res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(full1);
      else if (req.url === '/api/v1/fleet/policy?since=1&wait=25') res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(delta2);
      else setTimeout(() => res.writeHead(204).end(), 200);
    });
    const s = startSync(central, null);
    await expect.poll(() => s.applied, { timeout: 8000 }).toEqual([1, 2]);
    expect(urls.filter((u) => u.startsWith('/api/v1/fleet/stream'))).toHaveLength(2);
    expect(s.logs.some((l) => l.includes('long-polling'))).toBe(true);
  });

  it('a revoked node logs it once and keeps its policy', async () => {
    let calls = 0;
    const central = await fakeCentre((_req, res) => {
      calls++;
      res.writeHead(403, { 'content-type': 'application/json' }).end('{"error":{"code":"fleet.node_revoked","message":"x"}}');
    });
    const s = startSync(central, { version: 1, policy: testSnapshot(), tables: [t1] });
    await expect.poll(() => calls, { timeout: 5000 }).toBeGreaterThan(3);
    expect(s.logs.filter((l) => l.includes('revoked'))).toHaveLength(1);
    expect(s.current()!.version).toBe(1);
  });
});
