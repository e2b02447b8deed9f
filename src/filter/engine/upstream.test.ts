import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import { promisify } from 'node:util';
import dnsPacket from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { query } from '../dns/client.js';
import { testSnapshot } from '../testing/snapshot.js';
import { type StubUpstream, startStubUpstream } from '../testing/stub-upstream.js';
import { FilterEngine } from './engine.js';
import { type DnsServer, startDnsServer } from './server.js';

const run = promisify(execFile);
const SCHOOL = 'school-1';

/**
 * A UDP port on loopback where datagrams go unanswered. The socket stays bound and reads nothing:
 * a port that was bound and then released can be taken by a DNS server of another test file
 * running in parallel, which then answers at once (seen once in CI).
 */
async function silentUdpPort(): Promise<{ port: number; socket: dgram.Socket }> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  return { port: socket.address().port, socket };
}

/** Answers every A question with 192.0.2.1 — the upstream coming back on the port that was silent. */
async function answerOn(port: number): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  s.on('message', (msg, rinfo) => {
    const q = dnsPacket.decode(msg);
    const answers = (q.questions ?? []).filter((x) => x.type === 'A').map((x) => ({ type: 'A' as const, name: x.name, ttl: 60, data: '192.0.2.1' }));
    s.send(dnsPacket.encode({ id: q.id, type: 'response', flags: dnsPacket.RECURSION_AVAILABLE, questions: q.questions, answers }), rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => s.bind(port, '127.0.0.1', () => r()));
  return s;
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

describe('upstreams down: SERVFAIL at once once they are known silent (issue 10, item 12)', () => {
  const started: Array<{ engine: FilterEngine; server: DnsServer }> = [];
  const sockets: dgram.Socket[] = [];
  const stubs: StubUpstream[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) {
      await s.server.close();
      s.engine.close();
    }
    for (const s of sockets.splice(0)) s.close();
    for (const s of stubs.splice(0)) await s.close();
  });

  async function filterWith(upstreams: string[]) {
    const engine = new FilterEngine(
      testSnapshot({ networks: [{ cidr: '127.0.0.1/32', schoolId: SCHOOL, band: 'staff' }] }, { upstreams, rateLimitQps: 0 }),
      [],
    );
    const server = await startDnsServer(() => engine, { host: '127.0.0.1', port: 0 });
    started.push({ engine, server });
    return { engine, port: server.address.port };
  }

  it('with its only upstream silent, waits for two timeouts, then answers SERVFAIL without delay, and recovers by itself', async () => {
    const silent = await silentUdpPort();
    const { engine, port } = await filterWith([`127.0.0.1:${silent.port}`]);
    const ask = (name: string) => timed(() => query({ host: '127.0.0.1', port, name, timeoutMs: 5000 }));

    // the first tries wait for the upstream's timeout (1.5 s): it may only have lost a datagram
    const first = await ask('one.example.test');
    expect(first.value.rcode).toBe('SERVFAIL');
    expect(first.ms).toBeGreaterThan(1400);
    const second = await ask('two.example.test');
    expect(second.value.rcode).toBe('SERVFAIL');

    // now known silent: every query is answered at once (before the fix each waited ~1.5 s;
    // 300 ms leaves room for a loaded CI machine, loopback answers take ~1 ms)
    for (let i = 0; i < 10; i++) {
      const r = await ask(`fast${i}.example.test`);
      expect(r.value.rcode).toBe('SERVFAIL');
      expect(r.ms).toBeLessThan(300);
    }
    // dig, as an operator would see it
    const t0 = performance.now();
    const { stdout } = await run('dig', ['@127.0.0.1', '-p', String(port), '+tries=1', '+time=3', 'dig.example.test', 'A']);
    expect(stdout).toMatch(/status: SERVFAIL/);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(engine.upstreams.servers[0]?.unreachable).toBe(true);
    expect(engine.upstreams.shortCircuits).toBeGreaterThanOrEqual(11);

    // the upstream comes back on that port: a background probe notices within ~2 s, no query waited for it
    await new Promise<void>((r) => silent.socket.close(() => r()));
    sockets.push(await answerOn(silent.port));
    const deadline = Date.now() + 6000;
    let answered: Awaited<ReturnType<typeof ask>> | null = null;
    while (Date.now() < deadline) {
      const r = await ask(`back${Date.now()}.example.test`);
      if (r.value.rcode === 'NOERROR') {
        answered = r;
        break;
      }
      expect(r.ms).toBeLessThan(300);
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(answered?.value.packet.answers?.[0]).toMatchObject({ type: 'A', data: '192.0.2.1' });
    expect(engine.upstreams.servers[0]?.unreachable).toBe(false);
  }, 30_000);

  it('an upstream that answers SERVFAIL is there: it is not short-circuited, and its next good answer goes through at once', async () => {
    const up = await startStubUpstream({ 'ok.example.test': [{ type: 'A', data: '192.0.2.7' }] });
    stubs.push(up);
    up.mode = 'servfail';
    const { engine, port } = await filterWith([up.addr]);
    for (let i = 0; i < 4; i++) expect((await query({ host: '127.0.0.1', port, name: `sf${i}.example.test` })).rcode).toBe('SERVFAIL');
    expect(engine.upstreams.servers[0]?.unreachable).toBe(false);
    up.mode = 'normal';
    const r = await timed(() => query({ host: '127.0.0.1', port, name: 'ok.example.test' }));
    expect(r.value.packet.answers?.[0]).toMatchObject({ data: '192.0.2.7' });
    expect(r.ms).toBeLessThan(500);
    expect(engine.upstreams.shortCircuits).toBe(0);
  });

  it('one silent upstream of two: after it is known silent, queries go to the other without waiting', async () => {
    const silent = await silentUdpPort();
    sockets.push(silent.socket);
    const up = await startStubUpstream({ 'ok.example.test': [{ type: 'A', data: '192.0.2.8' }] });
    stubs.push(up);
    const { engine, port } = await filterWith([`127.0.0.1:${silent.port}`, up.addr]);
    // the first queries try the silent one first and fail over after its timeout
    for (let i = 0; i < 2; i++) expect((await query({ host: '127.0.0.1', port, name: 'ok.example.test', timeoutMs: 5000 })).rcode).toBe('NOERROR');
    const deadline = Date.now() + 10_000;
    while (!engine.upstreams.servers[0]?.unreachable && Date.now() < deadline)
      await query({ host: '127.0.0.1', port, name: `x${Date.now()}.example.test`, timeoutMs: 5000 });
    expect(engine.upstreams.servers[0]?.unreachable).toBe(true);
    const r = await timed(() => query({ host: '127.0.0.1', port, name: `y${Date.now()}.example.test` }));
    expect(r.value.rcode).toBe('NXDOMAIN');
    expect(r.ms).toBeLessThan(300);
  }, 30_000);
});
