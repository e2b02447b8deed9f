import pg from 'pg';

/** One statement on a PostgreSQL admin connection (create or drop a bench database), then closed. */
export async function pgAdmin(url: string, statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}
