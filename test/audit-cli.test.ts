import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorDay } from '../src/audit/anchor-head.js';
import { GENESIS_HASH } from '../src/audit/append.js';
import { legacyHash } from '../src/audit/chain-key.js';
import type { AuditLogTable } from '../src/audit/tables.js';
import { openSqlite } from '../src/db/database.js';
import { createTestDb, type TestDb, testDialects } from '../src/testing/databases.js';

/** `lachan audit anchor` and `lachan audit verify --anchor` as an operator runs them: the built CLI, real processes, real exit codes. */
const root = path.resolve(import.meta.dirname, '..');

function run(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [path.join(root, 'bin/lachan.js'), ...args], {
    cwd: root,
    env: { ...process.env, LACHAN_LANG: 'vi', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

const oneLine = (s: string) =>
  s
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '');

for (const dialect of testDialects()) {
  describe(`lachan audit anchor / verify --anchor [${dialect}]`, () => {
    let db: TestDb;
    let env: Record<string, string>;
    let dataDir: string;
    let anchorFile: string;
    let anchorSeq: number;
    beforeAll(async () => {
      db = await createTestDb(dialect, { migrate: false });
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-audit-cli-'));
      env = { LACHAN_DATA_DIR: dataDir, LACHAN_LOG_LEVEL: 'warn', LACHAN_NEW_PASSWORD: 'a-long-password-1', ...(db.url ? { DATABASE_URL: db.url } : {}) };
    }, 30_000);
    afterAll(() => db.drop());

    /** The trail, as an attacker with the database sees it. */
    const withDb = async <T>(work: (kysely: TestDb['kysely']) => Promise<T>): Promise<T> => {
      if (dialect === 'postgres') return work(db.kysely);
      const file = openSqlite(path.join(dataDir, 'lachan.sqlite'));
      try {
        return await work(file.kysely);
      } finally {
        await file.close();
      }
    };

    it('explains both commands', () => {
      for (const cmd of [
        ['audit', 'anchor'],
        ['audit', 'verify'],
      ]) {
        const r = run([...cmd, '--help'], env);
        expect(r.status).toBe(0);
        expect(r.stdout).toMatch(cmd[1] === 'anchor' ? /--out <file>/ : /--anchor <file>/);
      }
    });

    it("anchors the head: today's file in the data dir by default, or --out", () => {
      expect(run(['user', 'create', '-u', 'alice', '-r', 'system_admin'], env).status).toBe(0);
      const daily = run(['audit', 'anchor'], env);
      expect(daily.stderr).toBe('');
      expect(daily.status).toBe(0);
      const todays = path.join(dataDir, 'audit-anchors', `${anchorDay(new Date())}.json`);
      expect(existsSync(todays)).toBe(true);
      expect(oneLine(daily.stdout)).toHaveLength(1);
      expect(daily.stdout).toMatch(/^Đã neo nhật ký: mục #\d+, hash [0-9a-f]{64} → .*audit-anchors.*\.json; khoá công khai Ed25519: [A-Za-z0-9+/]{43}=/);

      anchorFile = path.join(dataDir, 'elsewhere', 'anchor.json');
      const out = run(['audit', 'anchor', '--out', anchorFile], { ...env, LACHAN_LANG: 'en' });
      expect(out.status).toBe(0);
      expect(out.stdout).toMatch(/^Audit trail anchored: entry #\d+/);
      const anchor = JSON.parse(readFileSync(anchorFile, 'utf8')) as { seq: number; hash: string; publicKey: string; signature: string };
      anchorSeq = anchor.seq;
      expect(anchor.seq).toBe(Number(/#(\d+)/.exec(daily.stdout)?.[1]) + 1);
      expect(anchor.publicKey).toBe(JSON.parse(readFileSync(todays, 'utf8')).publicKey);
    }, 60_000);

    it('verify --anchor passes on the intact chain, and on the chain grown since', () => {
      const ok = run(['audit', 'verify', '--anchor', anchorFile], env);
      expect(ok.status).toBe(0);
      expect(ok.stdout).toMatch(new RegExp(`^Nhật ký nguyên vẹn: ${anchorSeq} mục, head [0-9a-f]{64}; khớp mốc neo #${anchorSeq}`));
      expect(run(['user', 'create', '-u', 'bob', '-r', 'analyst'], env).status).toBe(0);
      const grown = run(['audit', 'verify', '--anchor', anchorFile], env);
      expect(grown.status).toBe(0);
      expect(grown.stdout).toMatch(new RegExp(`^Nhật ký nguyên vẹn: ${anchorSeq + 1} mục, .*khớp mốc neo #${anchorSeq}`));
    }, 60_000);

    it('refuses a forged anchor with exit code 2 and one line, and a file that is no anchor with exit code 1', () => {
      const anchor = JSON.parse(readFileSync(anchorFile, 'utf8')) as Record<string, unknown>;
      const forged = path.join(dataDir, 'forged.json');
      // an earlier head would let a truncation pass: the signature stops it
      writeFileSync(forged, JSON.stringify({ ...anchor, seq: 1 }));
      const vi = run(['audit', 'verify', '--anchor', forged], env);
      expect(vi.status).toBe(2);
      expect(oneLine(vi.stdout)).toEqual(['MỐC NEO GIẢ: chữ ký của tệp neo không hợp lệ (bad_signature)']);
      const en = run(['audit', 'verify', '--anchor', forged], { ...env, LACHAN_LANG: 'en' });
      expect(en.status).toBe(2);
      expect(oneLine(en.stdout)).toEqual(["FORGED ANCHOR: the anchor file's signature does not hold (bad_signature)"]);

      const junk = path.join(dataDir, 'junk.json');
      writeFileSync(junk, '{"format":"lachan-audit-anchor/1","alg":"ed25519","seq":"1;drop table audit_log"}');
      const bad = run(['audit', 'verify', '--anchor', junk], env);
      expect(bad.status).toBe(1);
      expect(oneLine(bad.stderr)).toEqual(['Tệp neo nhật ký không hợp lệ (seq): cần một tệp do lachan audit anchor tạo ra.']);
      const missing = run(['audit', 'verify', '--anchor', path.join(dataDir, 'nope.json')], { ...env, LACHAN_LANG: 'en' });
      expect(missing.status).toBe(1);
      expect(oneLine(missing.stderr)).toEqual([`Cannot read the audit anchor file ${path.join(dataDir, 'nope.json')}: ENOENT`]);
    }, 60_000);

    if (dialect === 'sqlite') {
      it("the issue's rewrite, on a copy of the SQLite file: triggers dropped, two entries deleted, renumbered, hashes recomputed, triggers restored → verify fails", async () => {
        const copyDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-audit-copy-'));
        for (const f of ['lachan.sqlite', 'lachan.sqlite-wal', 'secret.key'])
          if (existsSync(path.join(dataDir, f))) cpSync(path.join(dataDir, f), path.join(copyDir, f));
        const copy = openSqlite(path.join(copyDir, 'lachan.sqlite'));
        const rows = await copy.kysely.selectFrom('audit_log').selectAll().orderBy('seq').execute();
        await sql`drop trigger audit_log_no_update`.execute(copy.kysely);
        await sql`drop trigger audit_log_no_delete`.execute(copy.kysely);
        await sql`delete from audit_log`.execute(copy.kysely);
        let prev = GENESIS_HASH;
        const kept = rows.filter((r) => r.seq !== 2 && r.seq !== 3);
        for (const [i, r] of kept.entries()) {
          const { hash: _h, hash_alg: _a, ...rest } = r;
          const entry = { ...rest, seq: i + 1, prev_hash: prev };
          prev = legacyHash(entry);
          await copy.kysely
            .insertInto('audit_log')
            .values({ ...entry, hash: prev, hash_alg: r.hash_alg } satisfies AuditLogTable)
            .execute();
        }
        await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(
          copy.kysely,
        );
        await sql`create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(
          copy.kysely,
        );
        await copy.close();
        const r = run(['audit', 'verify'], { ...env, LACHAN_DATA_DIR: copyDir });
        expect(r.status).toBe(2);
        expect(oneLine(r.stdout)).toEqual(['NHẬT KÝ BỊ SỬA: mục #1 (hash_mismatch); 0 mục trước đó hợp lệ']);
        // the original is untouched
        expect(run(['audit', 'verify'], env).status).toBe(0);
      }, 60_000);
    }

    it('truncation of the newest entries: the chain alone says intact, verify --anchor fails with exit code 2', async () => {
      await withDb(async (k) => {
        if (dialect === 'sqlite') await sql`drop trigger audit_log_no_delete`.execute(k);
        else await sql`drop trigger audit_log_no_change on audit_log`.execute(k);
        await sql`delete from audit_log where seq >= ${anchorSeq - 1}`.execute(k);
      });
      const alone = run(['audit', 'verify'], env);
      expect(alone.status).toBe(0);
      expect(alone.stdout).toMatch(new RegExp(`^Nhật ký nguyên vẹn: ${anchorSeq - 2} mục`));
      const vi = run(['audit', 'verify', '--anchor', anchorFile], env);
      expect(vi.status).toBe(2);
      expect(oneLine(vi.stdout)).toEqual([`NHẬT KÝ BỊ CẮT: chuỗi chỉ còn đến mục #${anchorSeq - 2}, nhưng mốc neo đã ghi mục #${anchorSeq} (chain_shorter)`]);
      const en = run(['audit', 'verify', '--anchor', anchorFile], { ...env, LACHAN_LANG: 'en' });
      expect(en.status).toBe(2);
      expect(oneLine(en.stdout)).toEqual([
        `AUDIT TRAIL CUT SHORT: the chain ends at entry #${anchorSeq - 2}, but the anchor recorded entry #${anchorSeq} (chain_shorter)`,
      ]);
    }, 60_000);
  });
}
