import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../db/database.js';
import { createTestDb, type TestDb, testDialects } from '../testing/databases.js';

/** The built server as a process (test/global-setup.ts compiles it): a report acknowledged is a report kept, even after kill -9. */
const root = path.resolve(import.meta.dirname, '../..');

function start(env: Record<string, string>): { child: ChildProcess; ready: Promise<string> } {
  const child = spawn(process.execPath, [path.join(root, 'bin/lachan.js'), 'start'], { cwd: root, env: { ...process.env, LACHAN_LOG_LEVEL: 'warn', ...env } });
  let out = '';
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/console\//.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return { child, ready };
}
const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.on('exit', () => resolve())));

for (const dialect of testDialects()) {
  describe(`a report acknowledged survives kill -9 [${dialect}]`, () => {
    let db: TestDb;
    let env: Record<string, string>;
    beforeAll(async () => {
      db = await createTestDb(dialect, { migrate: false });
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-durable-'));
      env = {
        LACHAN_DATA_DIR: dataDir,
        LACHAN_HTTP_ADDR: '127.0.0.1:0',
        LACHAN_ADMIN_PASSWORD: 'durability-test-pass',
        ...(db.url ? { DATABASE_URL: db.url } : {}),
      };
    });
    afterAll(() => db.drop());

    it('kills the server right after the 201, restarts it, and the report is there', async () => {
      const first = start(env);
      const url = await first.ready;
      const page = await fetch(`${url}/`);
      const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const html = await page.text();
      const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
      const body = new URLSearchParams({ ...hidden, reporter: 'child', cat: 'sextortion', description: 'Có người dọa tung ảnh của em', age: '15_17' });
      const res = await fetch(`${url}/bao-cao`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body });
      expect(res.status).toBe(201);
      const text = await res.text();
      first.child.kill('SIGKILL');
      await exited(first.child);
      const code = /class="code">(LC-[A-Z0-9-]+)</.exec(text)?.[1] as string;
      expect(code).toBeDefined();

      const second = start(env);
      await second.ready;
      const check = dialect === 'sqlite' ? openSqlite(path.join(env.LACHAN_DATA_DIR as string, 'lachan.sqlite')) : db;
      const row = await check.kysely
        .selectFrom('intake_reports')
        .select(['tracking_code', 'priority', 'status'])
        .where('tracking_code', '=', code)
        .executeTakeFirst();
      expect(row).toEqual({ tracking_code: code, priority: 'p1', status: 'new' });
      const audit = await check.kysely.selectFrom('audit_log').select('action').where('action', '=', 'intake_report.submitted').execute();
      expect(audit).toHaveLength(1);
      if (check !== db) await check.close();
      second.child.kill('SIGTERM');
      await exited(second.child);
    }, 60_000);
  });
}
