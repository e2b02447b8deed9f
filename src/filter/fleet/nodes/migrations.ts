import { sql } from 'kysely';
import type { FeatureMigration } from '../../../db/migrate.js';

// issue 16, fleet node registry (0145–0149)
export const fleetNodeMigrations: Record<string, FeatureMigration> = {
  '0145_filter_fleet_nodes': {
    async up(db) {
      await db.schema
        .createTable('filter_fleet_enrolments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('school_ids', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('node_id', 'text')
        .execute();
      await db.schema
        .createTable('filter_fleet_nodes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('school_ids', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('enrolment_id', 'text', (c) => c.notNull().references('filter_fleet_enrolments.id'))
        .addColumn('enrolled_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('revoked_by', 'text')
        .addColumn('revoke_reason', 'text')
        .addColumn('last_seen_at', 'text')
        .addColumn('address', 'text')
        .addColumn('software_version', 'text')
        .addColumn('policy_version', 'bigint')
        .addColumn('behind_since', 'text')
        .addColumn('health', 'text')
        .execute();
      await db.schema
        .createTable('filter_fleet_stats_receipts')
        .addColumn('node_id', 'text', (c) => c.notNull().references('filter_fleet_nodes.id').onDelete('cascade'))
        .addColumn('idempotency_key', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('filter_fleet_stats_receipts_pk', ['node_id', 'idempotency_key'])
        .execute();
      // the 7-day prune reads by age
      await db.schema.createIndex('filter_fleet_stats_receipts_at_idx').on('filter_fleet_stats_receipts').column('received_at').execute();
    },
  },
  '0146_filter_fleet_nodes_revoked_idx': {
    // Every central instance re-reads the revoked nodes whenever the policy version may have
    // moved (centre/policy-delivery.ts: each subscribing stream, each bus notification, every 2 s).
    // Without an index that is a scan of every node — 30,000 rows for a handful of revoked ones,
    // once per subscription in a storm of 3,000. Partial: only revoked rows are indexed.
    async up(db) {
      await db.schema
        .createIndex('filter_fleet_nodes_revoked_idx')
        .on('filter_fleet_nodes')
        .column('revoked_at')
        .where(sql.ref('revoked_at'), 'is not', null)
        .execute();
    },
  },
};
