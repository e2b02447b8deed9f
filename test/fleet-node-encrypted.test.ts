import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { Deps } from '../src/context.js';
import { rawQuery } from '../src/filter/dns/client.js';
import { printEncryptedAddresses } from '../src/filter/encrypted-addresses.js';
import { fleetRoutes } from '../src/filter/fleet/routes.js';
import { publishSnapshot } from '../src/filter/service.js';
import { seedFilter } from '../src/filter/store.js';
import { kdig } from '../src/filter/testing/kdig.js';
import { selfSignedCertificate } from '../src/filter/testing/self-signed.js';
import { type StubUpstream, startStubUpstream } from '../src/filter/testing/stub-upstream.js';
import { type App, buildHttpApp } from '../src/http/app.js';
import { seedOrg } from '../src/org/seed.js';
import { routeModules } from '../src/platform.js';
import { newId } from '../src/shared/ids.js';
import { openSealer } from '../src/shared/secrets.js';
import { systemClock } from '../src/shared/time.js';
import { describeEachDb, TEST_SECRET_KEY } from '../src/testing/databases.js';

/**
 * Issue 16: a school's fleet node serves DNS-over-HTTPS and DNS-over-TLS at the addresses the
 * centre prints (`lachan filter addresses`), with the tokens the centre gives it — not the centre's
 * key — for its own schools only. Real processes on loopback: the centre (the web app, in this
 * process), one `lachan filter --central … --token …` node (the built CLI) with LACHAN_DOH_ADDR and
 * LACHAN_DOT_ADDR, kdig over UDP, DoH (POST and GET) and DoT, Node's https for hostile requests.
 */
const root = path.resolve(import.meta.dirname, '..');
const ADMIN_PASSWORD = 'fleet-admin-password-1';
/** The node's school's primary network: UDP from here is that school band, as DoH/DoT at its address are. */
const CLIENT = '127.0.1.1';
/** The first name of the bundled hostsVN adult list: blocked for every band by the seeded policy. */
const BUNDLED_ADULT = readFileSync(path.join(root, 'seed/blocklists/hostsVN/extensions_adult_domain.txt'), 'utf8')
  .split('\n')
  .find((l) => l.trim() && !l.startsWith('#'))!
  .trim();
const ALLOWED = 'www.example.test';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** One HTTPS request to the node's DoH port (HTTP/1.1; the test's own certificate). */
function doh(port: number, method: 'GET' | 'POST', pathname: string, body?: Buffer): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: pathname,
        rejectUnauthorized: false,
        headers: body ? { 'content-type': 'application/dns-message', 'content-length': String(body.length) } : {},
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts) }));
      },
    );
    // the server may answer 413 and close before the whole body is sent
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'EPIPE' || (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? null : reject(e)));
    req.end(body);
  });
}

interface Printed {
  dohPath: string;
  dotName: string;
}

describeEachDb('fleet: a node serves DoH and DoT at the addresses the centre prints, for its own schools only', (db, dialect) => {
  let stub: StubUpstream;
  let cert: ReturnType<typeof selfSignedCertificate>;
  let centreDir: string;
  let deps: Deps;
  let centre: App | null = null;
  let centrePort: number;
  let cookie = '';
  let csrf = '';
  let node: { proc: ChildProcess; out: string } | null = null;
  const nodeDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-fleet-enc-node-'));
  let ports: { dns: number; doh: number; dot: number };
  let mine: { id: string; code: string };
  let other: { id: string; code: string };

  const modules = routeModules.includes(fleetRoutes) ? routeModules : [...routeModules, fleetRoutes];
  const startCentre = async () => {
    const app = await buildHttpApp(deps, modules, { loginPerMinute: 10_000, rateLimitPerMinute: 1_000_000 });
    await app.listen({ host: '127.0.0.1', port: centrePort });
    centre = app;
  };
  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${centrePort}/api/v1${url}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const startNode = (token?: string): Promise<{ proc: ChildProcess; out: string }> =>
    new Promise((resolve, reject) => {
      const args = [path.join(root, 'bin/lachan.js'), 'filter', '--central', `http://127.0.0.1:${centrePort}`, ...(token ? ['--token', token] : [])];
      const proc = spawn(process.execPath, args, {
        cwd: root,
        env: {
          ...process.env,
          LACHAN_LANG: 'en',
          LACHAN_DATA_DIR: nodeDir,
          LACHAN_DNS_ADDR: `127.0.0.1:${ports.dns}`,
          LACHAN_DNS_UPSTREAMS: stub.addr,
          LACHAN_DNS_RATE_LIMIT: '0',
          LACHAN_DOH_ADDR: `127.0.0.1:${ports.doh}`,
          LACHAN_DOT_ADDR: `127.0.0.1:${ports.dot}`,
          LACHAN_TLS_CERT: cert.certFile,
          LACHAN_TLS_KEY: cert.keyFile,
          LACHAN_FLEET_BACKOFF_MAX_MS: '400',
        },
      });
      const n = { proc, out: '' };
      const timer = setTimeout(() => reject(new Error(`node not ready: ${n.out}`)), 30_000);
      proc.stdout!.on('data', (d: Buffer) => {
        n.out += d.toString();
        if (/ready in/.test(n.out)) {
          clearTimeout(timer);
          resolve(n);
        }
      });
      proc.stderr!.on('data', (d: Buffer) => {
        n.out += d.toString();
      });
      proc.on('exit', (code) => {
        clearTimeout(timer);
        if (!/ready in/.test(n.out)) reject(new Error(`node exited ${code}: ${n.out}`));
      });
    });
  const stopNode = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const p = node?.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill(signal);
    await exited;
  };
  /** What `lachan filter addresses --school CODE --band primary` prints at the centre (or the node), for the node's ports. */
  const printed = (code: string, dataDir = centreDir): Printed => {
    const out: string[] = [];
    const cfg = loadConfig({ LACHAN_DATA_DIR: dataDir });
    const opts = { school: code, band: 'primary', dohUrl: `https://127.0.0.1:${ports.doh}`, dotSuffix: 'dot.test' };
    expect(
      printEncryptedAddresses(
        cfg,
        opts,
        (_vi, en) => en,
        (s) => out.push(s),
      ),
      out.join(''),
    ).toBe(0);
    const [, , url, dotName] = out.join('').split('\n')[1]!.split('\t');
    return { dohPath: new URL(url!).pathname, dotName: dotName! };
  };
  /** The node's answer for a name: over UDP from the school's network, DoH POST, DoH GET and DoT. */
  const fourWays = async (name: string, at: Printed) => ({
    udp: await kdig('127.0.0.1', ports.dns, name, '-b', CLIENT),
    post: await kdig('127.0.0.1', ports.doh, name, `+https=${at.dohPath}`),
    get: await kdig('127.0.0.1', ports.doh, name, `+https=${at.dohPath}`, '+https-get'),
    dot: await kdig('127.0.0.1', ports.dot, name, '+tls', `+tls-sni=${at.dotName}`),
  });
  const expectSameDecisions = async (at: Printed) => {
    const blocked = await fourWays(BUNDLED_ADULT, at);
    expect(blocked.udp.status).toBe('NXDOMAIN');
    expect(blocked.udp.ede).toContain('lachan: adult');
    expect(blocked.post, 'DoH POST, blocked').toEqual(blocked.udp);
    expect(blocked.get, 'DoH GET, blocked').toEqual(blocked.udp);
    expect(blocked.dot, 'DoT, blocked').toEqual(blocked.udp);
    const allowed = await fourWays(ALLOWED, at);
    expect(allowed.udp.answers).toEqual([`${ALLOWED}. A 192.0.2.10`]);
    expect(allowed.post, 'DoH POST, allowed').toEqual(allowed.udp);
    expect(allowed.get, 'DoH GET, allowed').toEqual(allowed.udp);
    expect(allowed.dot, 'DoT, allowed').toEqual(allowed.udp);
  };
  const expectRefused = async (at: Printed) => {
    const q = rawQuery({ host: '127.0.0.1', port: ports.doh, name: ALLOWED }).toString('base64url');
    expect((await doh(ports.doh, 'GET', `${at.dohPath}?dns=${q}`)).status).toBe(404);
    const viaDot = await kdig('127.0.0.1', ports.dot, ALLOWED, '+tls', `+tls-sni=${at.dotName}`);
    expect(viaDot.status).toBe('REFUSED');
    expect(viaDot.ede).toContain('not a school DNS-over-TLS name');
  };

  beforeAll(async () => {
    stub = await startStubUpstream({ [ALLOWED]: [{ type: 'A', data: '192.0.2.10', ttl: 120 }] });
    cert = selfSignedCertificate();
    centreDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-fleet-enc-centre-'));
    const config = loadConfig({ LACHAN_DATA_DIR: centreDir, LACHAN_LOG_LEVEL: 'silent', LACHAN_ADMIN_PASSWORD: ADMIN_PASSWORD });
    deps = { db: db(), config, sealer: openSealer(centreDir, TEST_SECRET_KEY.toString('base64')).sealer, clock: systemClock };
    await seedOrg(deps);
    await seedFilter(db(), centreDir, new Date().toISOString(), newId);
    centrePort = await freePort();
    ports = { dns: await freePort(), doh: await freePort(), dot: await freePort() };
    await startCentre();
    const login = await fetch(`http://127.0.0.1:${centrePort}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    // the demo seed gives one school all of 127.0.0.0/8: here the node's school gets one loopback address
    await db().kysely.deleteFrom('filter_networks').execute();
    [mine, other] = (await db().kysely.selectFrom('schools').select(['id', 'code']).orderBy('code').limit(2).execute()) as [
      { id: string; code: string },
      { id: string; code: string },
    ];
    await api('POST', '/filter/networks', { schoolId: mine.id, band: 'primary', cidr: `${CLIENT}/32` });
    // the other school is filtered by the centre (a network of its own): the centre prints its addresses
    await api('POST', '/filter/networks', { schoolId: other.id, band: 'primary', cidr: '127.0.2.1/32' });
    const enrolment = (await api('POST', '/fleet/enrolments', { schoolIds: [mine.id], name: 'node enc' })) as { token: string };
    await publishSnapshot(db().kysely, centreDir);
    node = await startNode(enrolment.token);
  }, 90_000);

  afterAll(async () => {
    await stopNode('SIGKILL');
    await centre?.close();
    await stub?.close();
    cert?.remove();
  });

  it('answers at the centre’s printed addresses of its school as over UDP from the school’s network (DoH POST and GET, DoT), and refuses another school’s', async () => {
    expect(node!.out).toMatch(new RegExp(`DoH 127\\.0\\.0\\.1:${ports.doh} · DoT 127\\.0\\.0\\.1:${ports.dot}`));
    await expectSameDecisions(printed(mine.code));
    // another school's address, as the centre prints it (the centre answers there; this node must not)
    await expectRefused(printed(other.code));
    // what the node holds: its school's five bands, no other school's
    const saved = JSON.parse(readFileSync(path.join(nodeDir, 'filter/node-policy/addresses.json'), 'utf8')) as { tokens: Array<{ schoolId: string }> };
    expect(saved.tokens).toHaveLength(5);
    expect(new Set(saved.tokens.map((t) => t.schoolId))).toEqual(new Set([mine.id]));
    // `lachan filter addresses` on the node prints the centre's addresses from what the node saved
    // (never from a key of its own), and none of another school
    expect(printed(mine.code, nodeDir)).toEqual(printed(mine.code));
    const out: string[] = [];
    expect(
      printEncryptedAddresses(
        loadConfig({ LACHAN_DATA_DIR: nodeDir }),
        { school: other.code },
        (_vi, en) => en,
        (l) => out.push(l),
      ),
    ).toBe(1);
    expect(out.join('')).toBe(`No school '${other.code}'\n`);
    expect(existsSync(path.join(nodeDir, 'filter/encrypted-dns.key'))).toBe(false);
  }, 60_000);

  it('refuses hostile input: a malformed or wrong token, an oversized DoH body — and keeps answering', async () => {
    const at = printed(mine.code);
    const q = rawQuery({ host: '127.0.0.1', port: ports.doh, name: ALLOWED }).toString('base64url');
    const [, , code, band, token] = at.dohPath.split('/');
    const wrong = `${token!.slice(0, -1)}${token!.endsWith('a') ? 'b' : 'a'}`;
    for (const bad of [`${token}!`, `${token}${'a'.repeat(80)}`, token!.slice(0, 5), wrong, '../../etc'])
      expect((await doh(ports.doh, 'GET', `/dns-query/${code}/${band}/${encodeURIComponent(bad)}?dns=${q}`)).status, bad).toBe(404);
    for (const label of [`${code!.toLowerCase()}-${band}-${wrong}`, `${code!.toLowerCase()}-${band}-`, 'x', `${'a'.repeat(63)}`])
      expect((await kdig('127.0.0.1', ports.dot, ALLOWED, '+tls', `+tls-sni=${label}.dot.test`)).status, label).toBe('REFUSED');
    expect((await doh(ports.doh, 'POST', at.dohPath, Buffer.alloc(70_000, 1))).status).toBe(413);
    const ok = await doh(ports.doh, 'POST', at.dohPath, rawQuery({ host: '127.0.0.1', port: ports.doh, name: ALLOWED }));
    expect(ok.status).toBe(200);
    expect((await kdig('127.0.0.1', ports.dot, ALLOWED, '+tls', `+tls-sni=${at.dotName}`)).answers).toEqual([`${ALLOWED}. A 192.0.2.10`]);
  }, 60_000);

  it('keeps serving its addresses with the centre stopped, and after a restart with the centre still down', async () => {
    const at = printed(mine.code);
    await centre!.close();
    centre = null;
    await expectSameDecisions(at);
    await stopNode();
    node = await startNode();
    expect(node.out).toMatch(/DoH\/DoT addresses from the centre .* cannot fetch them \(ECONNREFUSED\)/);
    await expectSameDecisions(at);
    await expectRefused(printed(other.code));
    await startCentre();
  }, 90_000);

  it('follows a key replaced at the centre (a leaked address revoked): new addresses served, old ones refused; a damaged saved file is reported, not served', async () => {
    const before = printed(mine.code);
    await stopNode();
    await centre!.close();
    rmSync(path.join(centreDir, 'filter/encrypted-dns.key'));
    await startCentre();
    const after = printed(mine.code);
    expect(after.dohPath).not.toBe(before.dohPath);
    writeFileSync(path.join(nodeDir, 'filter/node-policy/addresses.json'), '{"tokens":[{"schoolId":"x","band":"primary","token":"../../etc"}]}');
    node = await startNode();
    expect(node.out).toMatch(/saved DoH\/DoT addresses damaged, waiting for the centre: .*addresses\.json: tokens\[0\]: token/);
    await expectSameDecisions(after);
    await expectRefused(before);
  }, 90_000);

  it('gives tokens only to a known node, for its own schools; a revoked node gets nothing new and keeps what it has', async () => {
    const { nodeToken, nodeId } = JSON.parse(readFileSync(path.join(nodeDir, 'filter/node.json'), 'utf8')) as { nodeToken: string; nodeId: string };
    const ask = (authorization?: string) => fetch(`http://127.0.0.1:${centrePort}/api/v1/fleet/addresses`, { headers: authorization ? { authorization } : {} });
    const res = await ask(`Bearer ${nodeToken}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const tokens = ((await res.json()) as { tokens: Array<{ schoolId: string; band: string; token: string }> }).tokens;
    expect(tokens.map((t) => t.schoolId)).toEqual(Array(5).fill(mine.id));
    expect(tokens.find((t) => t.band === 'primary')!.token).toBe(printed(mine.code).dohPath.split('/').at(-1));
    for (const bad of [undefined, 'Bearer lcn_nope', `Basic ${nodeToken}`, `Bearer ${nodeToken}x`]) expect((await ask(bad)).status, String(bad)).toBe(401);
    // as the centre's own stream of a policy, the cookie of an administrator opens nothing here
    expect((await fetch(`http://127.0.0.1:${centrePort}/api/v1/fleet/addresses`, { headers: { cookie } })).status).toBe(401);
    await api('POST', `/fleet/nodes/${nodeId}/revoke`, { reason: `test ${dialect}` });
    const revoked = await ask(`Bearer ${nodeToken}`);
    expect(revoked.status).toBe(403);
    expect(((await revoked.json()) as { error: { code: string } }).error.code).toBe('fleet.node_revoked');
    // restarted, it asks, is told it is revoked, and serves the tokens it saved
    await stopNode();
    node = await startNode();
    expect(node.out).toMatch(/DoH\/DoT addresses from the centre .* this node was revoked, keeping the addresses it has/);
    await expectSameDecisions(printed(mine.code));
  }, 90_000);
});
