import type { FeatureMigration } from '../db/migrate.js';
import { fleetCentreMigrations } from './fleet/centre/migrations.js';
import { fleetNodeMigrations } from './fleet/nodes/migrations.js';
import { filterNetworkMigrations } from './networks/migrations.js';
import { filterSafetyMigrations } from './safety-migrations.js';

export const filterMigrations: Record<string, FeatureMigration> = {
  '0100_filter_policy': {
    async up(db) {
      await db.schema
        .createTable('filter_categories')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('bit', 'integer', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('mandatory', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('name_vi', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('filter_lists')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('category_code', 'text', (c) => c.notNull().references('filter_categories.code'))
        .addColumn('source_type', 'text', (c) => c.notNull())
        .addColumn('source', 'text')
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('entry_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('exception_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rejected_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_refreshed_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('filter_band_policies')
        .addColumn('band', 'text', (c) => c.primaryKey())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('filter_school_rules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
        .addColumn('band', 'text', (c) => c.notNull())
        .addColumn('blocked_categories', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('block_domains', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('allow_domains', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('filter_school_rules_school_band', ['school_id', 'band'])
        .execute();
      await db.schema
        .createTable('filter_networks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
        .addColumn('band', 'text', (c) => c.notNull())
        .addColumn('cidr', 'text', (c) => c.notNull().unique())
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('filter_networks_school_idx').on('filter_networks').column('school_id').execute();
      await db.schema
        .createTable('filter_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('filter_school_settings')
        .addColumn('school_id', 'text', (c) => c.primaryKey().references('schools.id').onDelete('cascade'))
        .addColumn('counsellor_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0101_filter_monitoring': {
    async up(db) {
      await db.schema
        .createTable('filter_counters')
        .addColumn('hour', 'text', (c) => c.notNull())
        .addColumn('school_id', 'text', (c) => c.notNull())
        .addColumn('band', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('filter_counters_pk', ['hour', 'school_id', 'band', 'category'])
        .execute();
      await db.schema.createIndex('filter_counters_school_idx').on('filter_counters').columns(['school_id', 'hour']).execute();
      await db.schema
        .createTable('filter_top_blocked')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('school_id', 'text', (c) => c.notNull())
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('filter_top_blocked_pk', ['day', 'school_id', 'domain'])
        .execute();
      await db.schema
        .createTable('filter_alerts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('school_id', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('hour', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('baseline', 'real', (c) => c.notNull())
        .addColumn('recipient_user_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('acknowledged_at', 'text')
        .addUniqueConstraint('filter_alerts_once', ['school_id', 'category', 'hour'])
        .execute();
      await db.schema
        .createTable('filter_review_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('school_id', 'text')
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  // Domains the reporting centre confirmed harmful (filter/confirmed.ts): the truth for the 'centre' list file.
  '0102_filter_centre_entries': {
    async up(db) {
      await db.schema
        .createTable('filter_centre_entries')
        .addColumn('list_id', 'text', (c) => c.notNull().references('filter_lists.id').onDelete('cascade'))
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('ref', 'text')
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('filter_centre_entries_pk', ['list_id', 'domain'])
        .execute();
    },
  },
  // issue 11: guard list, held refreshes, review loop (0120–0139)
  ...filterSafetyMigrations,
  // issue 10: ranges the city assigns to schools (0110–0119)
  ...filterNetworkMigrations,
  // issue 16: the fleet — policy delivery (0140–0144), node registry (0145–0149)
  ...fleetCentreMigrations,
  ...fleetNodeMigrations,
};
