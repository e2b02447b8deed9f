import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, PG_URL_ENV, type TestDb, testDialects } from '../testing/databases.js';
import { DatabaseUnavailable } from './unavailable.js';

/**
 * A dropped PostgreSQL connection must cost the requests that were using it, never the process.
 * PostgreSQL only: SQLite is a file opened in this process — there is no connection to drop, and
 * no server to restart (its outage is a full disk, which the durability tests cover).
 */
const pgOnly = testDialects().includes('postgres');

/** What an operator (or a crash) does to the backends of one database, from another connection. */
export async function terminateBackends(dbName: string): Promise<number> {
  const admin = new pg.Client({ connectionString: process.env[PG_URL_ENV] });
  await admin.connect();
  try {
    const r = await admin.query('select pg_terminate_backend(pid) as t from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName]);
    return r.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describe.skipIf(!pgOnly)('a terminated PostgreSQL connection [postgres]', () => {
  let db: TestDb;
  let dbName: string;
  beforeAll(async () => {
    db = await createTestDb('postgres', { migrate: false });
    dbName = new URL(db.url as string).pathname.slice(1);
    await sql`create table outage_rows (id text primary key, kind text not null)`.execute(db.kysely);
  });
  afterAll(() => db?.drop());

  it('fails only the work that used it, as DatabaseUnavailable, and the next work succeeds', async () => {
    const failures: unknown[] = [];
    let ok = 0;
    let n = 0;
    const until = Date.now() + 4000;
    // Three kinds of holders: a transaction idle between two statements (the connection error
    // arrives while no query runs — this is what crashed the process), a transaction inside a
    // slow statement, and the group commit that reports go through.
    const idleInTx = async () => {
      const id = `i${++n}`;
      await db.kysely.transaction().execute(async (trx) => {
        await trx.insertInto('outage_rows' as never).values({ id, kind: 'idle' } as never).execute();
        await new Promise((r) => setTimeout(r, 40));
        await sql`select 1`.execute(trx);
      });
    };
    const busyInTx = async () => {
      const id = `b${++n}`;
      await db.kysely.transaction().execute(async (trx) => {
        await sql`select pg_sleep(0.03)`.execute(trx);
        await trx.insertInto('outage_rows' as never).values({ id, kind: 'busy' } as never).execute();
      });
    };
    const grouped = async () => {
      const id = `g${++n}`;
      await db.writes.run((trx) => trx.insertInto('outage_rows' as never).values({ id, kind: 'group' } as never).execute());
    };
    const worker = async (job: () => Promise<void>) => {
      while (Date.now() < until) {
        try {
          await job();
          ok++;
        } catch (e) {
          failures.push(e);
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    };
    let terminated = 0;
    const killer = (async () => {
      while (Date.now() < until - 500) {
        await new Promise((r) => setTimeout(r, 250));
        terminated += await terminateBackends(dbName);
      }
    })();
    await Promise.all([worker(idleInTx), worker(idleInTx), worker(busyInTx), worker(grouped), worker(grouped), killer]);

    expect(terminated).toBeGreaterThan(5);
    expect(failures.length).toBeGreaterThan(0);
    expect(ok).toBeGreaterThan(20);
    // every failure is the database being unavailable — the HTTP layer answers 503 for it
    for (const f of failures) expect(f, String(f)).toBeInstanceOf(DatabaseUnavailable);
    // and the pool recovers by itself: new connections, no restart
    await db.writes.run((trx) => trx.insertInto('outage_rows' as never).values({ id: 'after', kind: 'group' } as never).execute());
    expect(await sql<{ c: number }>`select count(*)::int as c from outage_rows where id = 'after'`.execute(db.kysely)).toMatchObject({ rows: [{ c: 1 }] });
    expect(db.available()).toBe(true);
  }, 30_000);
});
