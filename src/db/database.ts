import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { Checkpointer } from './checkpointer.js';
import { GroupCommit } from './group-commit.js';
import { PgGuard, type PgGuardOptions } from './pg-guard.js';
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
  /**
   * False while the database is known not to answer (PostgreSQL: see PgGuard); requests that need
   * it then fail at once with 503. SQLite is a file in this process: always true.
   */
  available(): boolean;
  /**
   * PostgreSQL only: the settings for a connection of one's own, outside the pool (the change
   * bus LISTENs on one — a pooled connection is handed to others between queries). Never logged.
   */
  readonly pgClientConfig?: pg.ClientConfig;
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
    available: () => true,
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

export interface PostgresOptions extends PgGuardOptions {
  poolSize?: number;
}

export function openPostgres(url: string, options: PostgresOptions | number = {}): Db {
  const o = typeof options === 'number' ? { poolSize: options } : options;
  const connectTimeoutMs = o.connectTimeoutMs ?? 5000;
  const pool = new pg.Pool({
    connectionString: url,
    max: o.poolSize ?? 10,
    // a request must not hang on a server that does not answer: a new connection gets this long
    // (waiting for a free one in a busy pool too), then the request fails with 503
    connectionTimeoutMillis: connectTimeoutMs,
    // notices a peer that vanished while a connection sat idle
    keepAlive: true,
  });
  const guard = new PgGuard(pool, { connectionString: url, keepAlive: true }, { ...o, connectTimeoutMs });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: { connect: () => guard.connect(), end: () => pool.end() } }) });
  const u = new URL(url);
  return {
    kysely,
    writes: new GroupCommit(kysely),
    dialect: 'postgres',
    description: `postgres://${u.hostname}:${u.port || 5432}${u.pathname}`,
    pgClientConfig: { connectionString: url, keepAlive: true, connectionTimeoutMillis: connectTimeoutMs },
    available: () => guard.available(),
    close: async () => {
      await guard.close();
      await kysely.destroy();
    },
  };
}

export function openDatabase(databaseUrl: string | null, dataDir: string): Db {
  return databaseUrl ? openPostgres(databaseUrl) : openSqlite(path.join(dataDir, 'lachan.sqlite'));
}

export async function ping(db: Db): Promise<boolean> {
  if (!db.available()) return false;
  try {
    await sql`select 1`.execute(db.kysely);
    return true;
  } catch {
    return false;
  }
}
