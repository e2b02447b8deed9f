import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../src/db/database.js';
import { createTestDb, type TestDb, testDialects } from '../src/testing/databases.js';

/**
 * `lachan keys rotate` as an operator runs it, while `lachan start` keeps serving: two processes
 * sharing only the data dir and the database. Signed-in sessions keep working, a report filed
 * while the rotation runs is readable afterwards, and every sealed value ends under the new key.
 */
const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin/lachan.js');

function start(env: Record<string, string>): { child: ChildProcess; output: () => string; ready: Promise<string> } {
  const child = spawn(process.execPath, [bin, 'start'], { cwd: root, env: { ...process.env, LACHAN_LOG_LEVEL: 'warn', ...env } });
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

function run(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

for (const dialect of testDialects()) {
  describe(`lachan keys rotate beside a running server [${dialect}]`, () => {
    let db: TestDb;
    let env: Record<string, string>;
    let server: ReturnType<typeof start>;
    let url: string;
    let cookie: string;
    let csrf: string;
    let partner: string;
    const api = (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(`${url}/api/v1${p}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const file = (description: string) =>
      fetch(`${url}/api/v1/intake/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${partner}`, 'content-type': 'application/json', 'idempotency-key': `k-${Math.random()}` },
        body: JSON.stringify({ incidentTypes: ['cyberbullying'], description, reporter: { kind: 'parent_relative', name: 'Chị Hoa', phone: '0912 345 678' } }),
      });
    async function sealedValues(): Promise<string[]> {
      const h = dialect === 'sqlite' ? openSqlite(path.join(env.LACHAN_DATA_DIR as string, 'lachan.sqlite')) : db;
      try {
        const { rows } = await sql<{ v: string }>`select sealed_detail as v from intake_reports union all select sealed_contact from intake_reports`.execute(
          h.kysely,
        );
        return rows.map((r) => r.v);
      } finally {
        if (h !== db) await h.close();
      }
    }

    beforeAll(async () => {
      db = await createTestDb(dialect, { migrate: false });
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-keys-'));
      env = {
        LACHAN_DATA_DIR: dataDir,
        LACHAN_HTTP_ADDR: '127.0.0.1:0',
        LACHAN_ADMIN_PASSWORD: 'rotate-admin-password-1',
        ...(db.url ? { DATABASE_URL: db.url } : {}),
      };
      server = start(env);
      url = await server.ready;
      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'rotate-admin-password-1' }),
      });
      expect(login.status).toBe(200);
      cookie = login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
      const tok = await api('POST', '/tokens', { name: 'Tổng đài 111', scopes: ['reports:write'] });
      expect(tok.status).toBe(201);
      partner = ((await tok.json()) as { secret: string }).secret;
    }, 60_000);
    afterAll(async () => {
      server?.child.kill('SIGTERM');
      await db.drop();
    });

    it('rotates while the server files and reads reports; nobody is signed out; old values re-sealed', async () => {
      const before = await file('Báo cáo trước khi thay khoá');
      expect(before.status).toBe(201);
      const beforeId = ((await before.json()) as { id: string }).id;
      expect((await sealedValues()).every((v) => v === null || v.startsWith('v1.'))).toBe(true);

      const rotation = run(['keys', 'rotate', '--batch', '1'], env);
      // the server keeps answering while the rotation runs
      const during = await file('Báo cáo gửi trong lúc thay khoá');
      expect(during.status).toBe(201);
      const duringId = ((await during.json()) as { id: string }).id;
      const r = await rotation;
      expect(r.stderr).not.toMatch(/Lỗi|Error/);
      expect(r.status).toBe(0);
      const keyId = /khoá mới (\S+);/.exec(r.stdout)?.[1];
      expect(keyId).toBeDefined();

      const ring = JSON.parse(readFileSync(path.join(env.LACHAN_DATA_DIR as string, 'keyring.json'), 'utf8'));
      expect(ring).toMatchObject({ current: keyId, legacy: 'closed' });
      expect(ring.keys).toHaveLength(1);
      expect((await sealedValues()).filter((v) => v !== null).every((v) => v.startsWith(`k1.${keyId}.`))).toBe(true);

      // the same session (cookie key untouched) reads both reports, sealed under the new key
      for (const [id, text] of [
        [beforeId, 'Báo cáo trước khi thay khoá'],
        [duringId, 'Báo cáo gửi trong lúc thay khoá'],
      ]) {
        const res = await api('GET', `/intake/reports/${id}`);
        expect(res.status).toBe(200);
        expect(((await res.json()) as { description: string }).description).toBe(text);
      }
      expect((await file('Báo cáo sau khi thay khoá')).status).toBe(201);
      const verify = await run(['audit', 'verify'], env);
      expect(verify.status).toBe(0);
    }, 90_000);
  });
}
