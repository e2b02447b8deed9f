import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDialects } from '../src/testing/databases.js';

/** The `lachan` command as an operator runs it (the built bin, see global-setup.ts): a real process, real signals, real exit codes. */
const root = path.resolve(import.meta.dirname, '..');
const cliArgs = [path.join(root, 'bin/lachan.js')];

function run(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [...cliArgs, ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
}

/** Servers this file started: a failed assertion must not leave one running after the test. */
const started = new Set<ChildProcess>();
afterEach(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  started.clear();
});

function start(env: Record<string, string>): { child: ChildProcess; output: () => string; ready: Promise<string> } {
  const child = spawn(process.execPath, [...cliArgs, 'start'], { cwd: root, env: { ...process.env, LACHAN_LOG_LEVEL: 'warn', ...env } });
  started.add(child);
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
  return { child, output: () => out, ready };
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

describe('lachan --help', () => {
  it('explains every command', () => {
    for (const cmd of [
      [],
      ['start'],
      ['migrate'],
      ['import'],
      ['import', 'schools'],
      ['user'],
      ['user', 'create'],
      ['user', 'reset-password'],
      ['user', 'unlock'],
      ['audit'],
      ['audit', 'verify'],
    ]) {
      const r = run([...cmd, '--help'], {});
      expect(r.status, cmd.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Cách dùng: lachan/);
      expect(r.stdout).not.toMatch(/display help for command/);
    }
    // commander's headings in English when the operator asks for English
    expect(run(['--help'], { LACHAN_LANG: 'en' }).stdout).toMatch(/^Usage: lachan/);
  });
});

describe('lachan filter (lean entry)', () => {
  it('refuses an unknown option with one line and exit code 1', () => {
    const r = run(['filter', '--bogus'], {});
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--bogus/);
  });
});

describe('configuration errors', () => {
  it('stop the start with one line and exit code 1', () => {
    const r = run(['start'], { LACHAN_HTTP_ADDR: 'localhost' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^Lỗi cấu hình: LACHAN_HTTP_ADDR='localhost' không hợp lệ/);
  });
});

for (const dialect of testDialects()) {
  describe(`lachan start, stop and audit verify [${dialect}]`, () => {
    let db: TestDb;
    let env: Record<string, string>;
    beforeAll(async () => {
      db = await createTestDb(dialect, { migrate: false });
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-cli-'));
      env = { LACHAN_DATA_DIR: dataDir, LACHAN_HTTP_ADDR: '127.0.0.1:0', ...(db.url ? { DATABASE_URL: db.url } : {}) };
    });
    afterAll(() => db.drop());

    it('starts on a fresh data dir within 10 s, prints a generated admin password once, and stops cleanly on SIGTERM', async () => {
      const t0 = Date.now();
      const first = start(env);
      const url = await first.ready;
      expect(Date.now() - t0).toBeLessThan(10_000);
      const password = /(?:mật khẩu|password):\s+(\S+)/.exec(first.output())?.[1];
      expect(password).toBeDefined();
      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      first.child.kill('SIGTERM');
      expect(await exited(first.child)).toBe(0);

      const second = start(env);
      await second.ready;
      expect(second.output()).not.toMatch(/mật khẩu:/);
      second.child.kill('SIGINT');
      expect(await exited(second.child)).toBe(0);
    }, 40_000);

    it('verifies the audit chain and names the first entry edited behind its back', async () => {
      const ok = run(['audit', 'verify'], env);
      expect(ok.status).toBe(0);
      expect(ok.stdout).toMatch(/Nhật ký nguyên vẹn: \d+ mục/);
      if (dialect === 'sqlite') {
        const { openSqlite } = await import('../src/db/database.js');
        const file = openSqlite(path.join(env.LACHAN_DATA_DIR as string, 'lachan.sqlite'));
        await sql`drop trigger audit_log_no_update`.execute(file.kysely);
        await sql`update audit_log set actor_label = 'someone-else' where seq = 2`.execute(file.kysely);
        await file.close();
      } else {
        await sql`drop trigger audit_log_no_change on audit_log`.execute(db.kysely);
        await sql`update audit_log set actor_label = 'someone-else' where seq = 2`.execute(db.kysely);
      }
      const broken = run(['audit', 'verify'], env);
      expect(broken.status).toBe(2);
      expect(broken.stdout).toMatch(/NHẬT KÝ BỊ SỬA: mục #2 \(hash_mismatch\)/);
    }, 30_000);

    it('migrates idempotently from the command line', () => {
      const r = run(['migrate'], env);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/Cơ sở dữ liệu đã mới nhất/);
    });
  });
}
