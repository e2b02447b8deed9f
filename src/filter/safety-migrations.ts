import type { FeatureMigration } from '../db/migrate.js';

/** Migrations of the filter's false-positive loop (issue 11): numbers 0120–0139. */
export const filterSafetyMigrations: Record<string, FeatureMigration> = {
  '0120_filter_guard': {
    async up(db) {
      await db.schema
        .createTable('filter_guard_entries')
        .addColumn('domain', 'text', (c) => c.primaryKey())
        .addColumn('group_code', 'text', (c) => c.notNull())
        .addColumn('reason_vi', 'text', (c) => c.notNull())
        .addColumn('reason_en', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('removed_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('filter_guard_decisions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('category_code', 'text', (c) => c.notNull().references('filter_categories.code'))
        .addColumn('guard_domain', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('revoked_by', 'text')
        .addColumn('revoked_reason', 'text')
        .execute();
      await db.schema.createIndex('filter_guard_decisions_domain_idx').on('filter_guard_decisions').column('domain').execute();
      await db.schema
        .createTable('filter_list_guard_hits')
        .addColumn('list_id', 'text', (c) => c.notNull().references('filter_lists.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('guard_domain', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('filter_list_guard_hits_pk', ['list_id', 'name'])
        .execute();
    },
  },
  '0121_filter_held_refreshes': {
    async up(db) {
      await db.schema
        .createTable('filter_held_refreshes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('list_id', 'text', (c) => c.notNull().unique().references('filter_lists.id').onDelete('cascade'))
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('entries_before', 'integer', (c) => c.notNull())
        .addColumn('entries_after', 'integer', (c) => c.notNull())
        .addColumn('exceptions_after', 'integer', (c) => c.notNull())
        .addColumn('rejected_after', 'integer', (c) => c.notNull())
        .addColumn('lines_after', 'integer', (c) => c.notNull())
        .addColumn('added', 'integer', (c) => c.notNull())
        .addColumn('removed', 'integer', (c) => c.notNull())
        .addColumn('threshold', 'real', (c) => c.notNull())
        .addColumn('added_sample', 'text', (c) => c.notNull())
        .addColumn('removed_sample', 'text', (c) => c.notNull())
        .addColumn('guarded_added', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  // hosting platforms where each subdomain is a different owner's site (xyz.blogspot.com): the
  // guard protects the platform's own name (and its parents), a list may still block one tenant
  '0123_filter_guard_tenants': {
    async up(db) {
      await db.schema
        .alterTable('filter_guard_entries')
        .addColumn('tenant_subdomains', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db
        .updateTable('filter_guard_entries' as never)
        .set({ tenant_subdomains: 1 } as never)
        .where('domain' as never, 'in', ['blogspot.com', 'github.io'] as never)
        .where('origin' as never, '=', 'seed' as never)
        .execute();
    },
  },
  // the review loop: who answered, how, and for which band (never who asked)
  '0122_filter_review_loop': {
    async up(db) {
      for (const [col, type] of [
        ['band', 'text'],
        ['mandatory', 'integer'],
        ['answer_reason', 'text'],
        ['answered_by', 'text'],
        ['answered_at', 'text'],
        ['escalated_at', 'text'],
        ['requests', 'integer'],
      ] as const) {
        await db.schema.alterTable('filter_review_requests').addColumn(col, type).execute();
      }
      await db.schema.createIndex('filter_review_requests_school_idx').on('filter_review_requests').columns(['school_id', 'status']).execute();
    },
  },
};
