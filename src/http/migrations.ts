import { sql } from 'kysely';
import type { FeatureMigration } from '../db/migrate.js';

export const httpMigrations: Record<string, FeatureMigration> = {
  '0060_http_rate_limits': {
    async up(db, dialect) {
      // SQLite runs in one process and keeps its counters in memory; the tables exist there too so
      // that both databases have one schema.
      const unlogged = dialect === 'postgres' ? sql`unlogged` : sql``;
      await sql`create ${unlogged} table rate_limit_windows (
        key text primary key,
        hits integer not null,
        resets_at bigint not null
      )`.execute(db);
      await sql`create ${unlogged} table rate_limit_buckets (
        key text primary key,
        tokens double precision not null,
        at bigint not null,
        granted integer not null,
        expires_at bigint not null
      )`.execute(db);
    },
  },
};
