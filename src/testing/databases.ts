import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { bindAuditKey } from '../audit/chain-key.js';
import { type Db, type DialectName, openPostgres, openSqlite } from '../db/database.js';
import { migrate } from '../db/migrate.js';

/**
 * Every database test runs on SQLite, and on PostgreSQL too when LACHAN_TEST_PG_URL points at a
 * server (CI always sets it). Each suite gets a database of its own, created and dropped here.
 */
export const PG_URL_ENV = 'LACHAN_TEST_PG_URL';
/** The secret key of test databases (the audit chain's key is derived from it). */
export const TEST_SECRET_KEY = Buffer.alloc(32, 7);

export function testDialects(): DialectName[] {
  return process.env[PG_URL_ENV] ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestDb extends Db {
  /** DATABASE_URL for a child process (PostgreSQL); null for SQLite. */
  url: string | null;
  /** The SQLite file, for a child process (null on PostgreSQL). */
  file: string | null;
  /** Closes and deletes the database. */
  drop(): Promise<void>;
}

export async function createTestDb(dialect: DialectName, options: { migrate?: boolean } = {}): Promise<TestDb> {
  let db: Db;
  let cleanup: () => Promise<void>;
  let url: string | null = null;
  let file: string | null = null;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lachan-test-'));
    file = path.join(dir, 'test.sqlite');
    db = openSqlite(file);
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const adminUrl = process.env[PG_URL_ENV];
    if (!adminUrl) throw new Error(`${PG_URL_ENV} is not set`);
    const name = `lachan_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    db = openPostgres(url, 4);
    cleanup = async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  // the key createTestApp's sealer uses too: one secret key per platform, as in production
  bindAuditKey(db, TEST_SECRET_KEY);
  if (options.migrate !== false) await migrate(db);
  return {
    ...db,
    url,
    file,
    close: db.close,
    async drop() {
      await db.close();
      await cleanup();
    },
  };
}

/** `describe` once per dialect, with a fresh migrated database per suite. */
export function describeEachDb(name: string, body: (db: () => TestDb, dialect: DialectName) => void): void {
  for (const dialect of testDialects()) {
    describe(`${name} [${dialect}]`, () => {
      let db: TestDb | undefined;
      beforeAll(async () => {
        db = await createTestDb(dialect);
      }, 30_000);
      afterAll(async () => {
        await db?.drop();
      });
      body(() => {
        if (!db) throw new Error('test database not ready');
        return db;
      }, dialect);
    });
  }
}
