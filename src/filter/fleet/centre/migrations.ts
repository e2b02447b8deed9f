import type { FeatureMigration } from '../../../db/migrate.js';

// issue 16, fleet policy delivery (0140–0144)
export const fleetCentreMigrations: Record<string, FeatureMigration> = {
  '0140_filter_fleet_versions': {
    async up(db) {
      await db.schema
        .createTable('filter_fleet_versions')
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('generated_at', 'text', (c) => c.notNull())
        .addColumn('policy', 'text')
        .addColumn('policy_hash', 'text', (c) => c.notNull())
        .addColumn('table_file', 'text')
        .addColumn('table_bits', 'integer', (c) => c.notNull())
        .addColumn('table_digest', 'text', (c) => c.notNull())
        .addColumn('table_change', 'text', (c) => c.notNull())
        .addColumn('added', 'text')
        .addColumn('removed', 'text')
        .execute();
    },
  },
  // the city's small table beside the big one (compileDomains): a version whose big table is the
  // previous one's diffs only the small tables, and reads the big one's digest from the row
  '0141_filter_fleet_versions_city_table': {
    async up(db) {
      await db.schema.alterTable('filter_fleet_versions').addColumn('city_table_file', 'text').execute();
      await db.schema.alterTable('filter_fleet_versions').addColumn('base_digest', 'text').execute();
    },
  },
};
