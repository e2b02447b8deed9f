import pg from 'pg';
import { PG_URL_ENV } from './databases.js';

/**
 * What an operator (or a crash) does to the connections of one database: terminates every backend
 * connected to it, from a connection of its own to the test server. Returns how many it ended.
 */
export async function terminateBackends(dbName: string): Promise<number> {
  const admin = new pg.Client({ connectionString: process.env[PG_URL_ENV] });
  await admin.connect();
  try {
    const r = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName]);
    return r.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}
