import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { Checkpointer } from './checkpointer.js';
import { GroupCommit } from './group-commit.js';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

/** One handle over either database; the rest of the code never asks which one, except migrations. */
export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: DialectName;
  /** Human description without secrets, for logs. */
  readonly description: string;
  /** Small, frequent writes that must be durable before they are acknowledged (reports, token use). */
  readonly writes: GroupCommit;
  close(): Promise<void>;
}

export type Tx = Kysely<Database>;

// COUNT(*) and BIGINT arrive from pg as strings; every number we store fits in a double.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export function openSqlite(file: string): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  const wal = sqlite.pragma('journal_mode = WAL', { simple: true }) === 'wal';
  // FULL: a commit is on disk before we acknowledge it (durable before acknowledged), even on power loss.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  cachePreparedStatements(sqlite);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const onDisk = wal && file !== ':memory:';
  // group commits flush the WAL themselves, off the event loop (see WalFlusher)
  const writes = new GroupCommit(kysely, { walFile: onDisk ? `${file}-wal` : undefined, sqlite });
  // and checkpoints run on a thread of their own (see Checkpointer)
  const checkpointer = onDisk ? new Checkpointer(sqlite, file) : null;
  return {
    kysely,
    writes,
    dialect: 'sqlite',
    description: `sqlite:${file}`,
    close: async () => {
      await writes.close();
      await checkpointer?.close();
      await kysely.destroy();
    },
  };
}

/**
 * Kysely asks better-sqlite3 to prepare every query afresh; preparing costs more than running a
 * small statement. Keep the prepared statements of the SQL texts we see (bounded: queries with
 * IN-lists of varying length produce many texts, so the cache is simply cleared when full).
 */
function cachePreparedStatements(sqlite: SQLite.Database, max = 1000): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, SQLite.Statement>();
  sqlite.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (!stmt) {
      stmt = prepare(source);
      if (cache.size >= max) cache.clear();
      cache.set(source, stmt);
    }
    return stmt;
  }) as typeof sqlite.prepare;
}

export function openPostgres(url: string, poolSize = 10): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const u = new URL(url);
  return {
    kysely,
    writes: new GroupCommit(kysely),
    dialect: 'postgres',
    description: `postgres://${u.hostname}:${u.port || 5432}${u.pathname}`,
    close: () => kysely.destroy(),
  };
}

export function openDatabase(databaseUrl: string | null, dataDir: string): Db {
  return databaseUrl ? openPostgres(databaseUrl) : openSqlite(path.join(dataDir, 'lachan.sqlite'));
}

export async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db.kysely);
    return true;
  } catch {
    return false;
  }
}
