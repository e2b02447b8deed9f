import type { FeatureMigration } from '../../db/migrate.js';

// issue 10, network ownership (0110–0119)
export const filterNetworkMigrations: Record<string, FeatureMigration> = {
  '0110_filter_assigned_ranges': {
    async up(db) {
      await db.schema
        .createTable('filter_assigned_ranges')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
        .addColumn('cidr', 'text', (c) => c.notNull().unique())
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('filter_assigned_ranges_school_idx').on('filter_assigned_ranges').column('school_id').execute();
    },
  },
};
