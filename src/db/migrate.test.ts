import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createTestDb, describeEachDb } from '../testing/databases.js';
import { collectMigrations, migrate } from './migrate.js';

describeEachDb('migrations', (_db, dialect) => {
  it('upgrades an installation whose applied migrations sort after a newly added one', async () => {
    const db = await createTestDb(dialect, { migrate: false });
    try {
      const names = Object.keys(collectMigrations(dialect)).sort();
      // An installation made before the newest org/auth/audit migration (00xx) was added: it has
      // already run the filter, intake and detection migrations (01xx–03xx) numbered after it.
      const late = names.filter((n) => n < '0100').at(-1) as string;
      expect(names.some((n) => n > late)).toBe(true);
      await migrate(db, { only: (n) => n !== late });
      const { applied } = await migrate(db);
      expect(applied).toEqual([late]);
      const rows = await sql<{ name: string }>`select name from schema_migrations`.execute(db.kysely);
      expect(rows.rows.map((r) => r.name).sort()).toEqual(names);
    } finally {
      await db.drop();
    }
  });
});
