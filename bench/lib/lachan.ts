// Starting the built platform (`node bin/lachan.js …`) for the HTTP benchmarks.
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { launch, outputOf, ROOT, sleep } from './common.js';

export const LACHAN_BIN = path.join(ROOT, 'bin', 'lachan.js');
export const built = (): boolean => existsSync(path.join(ROOT, 'dist', 'main.js'));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** GET → status code, or 0 when the connection failed. */
export function httpStatus(url: string, timeoutMs = 1000): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/** Polls GET url every 5 ms until 200; returns ms since t0. */
export async function waitFor200(child: ChildProcess, url: string, t0: number, timeoutMs = 120_000): Promise<number> {
  while (performance.now() - t0 < timeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`exited (${child.exitCode ?? child.signalCode}) before ${url} answered 200:\n${outputOf(child).slice(-3000)}`);
    if ((await httpStatus(url, 500)) === 200) return performance.now() - t0;
    await sleep(5);
  }
  throw new Error(`${url} not 200 after ${timeoutMs} ms:\n${outputOf(child).slice(-3000)}`);
}

export interface LachanEnv {
  dataDir: string;
  port: number;
  databaseUrl?: string;
  extra?: NodeJS.ProcessEnv;
}

export function lachanEnv(o: LachanEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LACHAN_DATA_DIR: o.dataDir,
    LACHAN_HTTP_ADDR: `127.0.0.1:${o.port}`,
    // the web process also serves DNS: any free port, so parallel runs (or a dev server) don't collide
    LACHAN_DNS_ADDR: '127.0.0.1:0',
    LACHAN_ADMIN_PASSWORD: 'bench-admin-password-1234',
    LACHAN_LOG_LEVEL: 'warn',
    LACHAN_LANG: 'en',
    ...o.extra,
  };
  if (o.databaseUrl) env.DATABASE_URL = o.databaseUrl;
  else delete env.DATABASE_URL;
  return env;
}

/** `node bin/lachan.js start`; resolves once /readyz answers 200. */
export async function startLachan(o: LachanEnv): Promise<{ child: ChildProcess; readyMs: number; url: string }> {
  const t0 = performance.now();
  const child = launch(process.execPath, [LACHAN_BIN, 'start'], { env: lachanEnv(o) });
  const url = `http://127.0.0.1:${o.port}`;
  const readyMs = await waitFor200(child, `${url}/readyz`, t0);
  return { child, readyMs, url };
}

/**
 * Issues an API token with the given scopes through the platform's own code (dist/), in a child
 * process, before the server starts: there is no CLI command for tokens.
 */
export function issueToken(o: LachanEnv, scopes: string[]): string {
  const script = `
    const { loadConfig } = await import(${JSON.stringify(path.join(ROOT, 'dist', 'config.js'))});
    const { openPlatform } = await import(${JSON.stringify(path.join(ROOT, 'dist', 'platform.js'))});
    const { userActor } = await import(${JSON.stringify(path.join(ROOT, 'dist', 'auth', 'sessions.js'))});
    const { issueToken } = await import(${JSON.stringify(path.join(ROOT, 'dist', 'org', 'tokens', 'issue-token.js'))});
    const p = await openPlatform(loadConfig(process.env));
    try {
      // issued by the first administrator, as an administrator would in the console
      const admin = await p.deps.db.kysely.selectFrom('users').selectAll().where('role', '=', 'system_admin').orderBy('created_at').executeTakeFirstOrThrow();
      const { secret } = await issueToken({ ...p.deps, actor: userActor(admin), origin: { ip: null } }, { name: 'bench', scopes: ${JSON.stringify(scopes)} });
      process.stdout.write(secret);
    } finally { await p.close(); }
  `;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: lachanEnv(o),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}
