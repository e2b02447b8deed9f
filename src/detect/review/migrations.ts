import { timestamps } from '../../db/columns.js';
import type { FeatureMigration } from '../../db/migrate.js';

/** URL review, analyst decisions, takedown requests (0310–0329). */
export const reviewMigrations: Record<string, FeatureMigration> = {
  '0310_detect_review': {
    async up(db) {
      await timestamps(
        db.schema
          .createTable('detect_items')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('report_id', 'text')
          .addColumn('request_id', 'text')
          .addColumn('url_key', 'text')
          .addColumn('open_key', 'text', (c) => c.unique())
          .addColumn('sealed_url', 'text')
          .addColumn('domain', 'text')
          .addColumn('sealed_text', 'text')
          .addColumn('text_truncated', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('failure_code', 'text')
          .addColumn('failure_detail', 'text')
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('next_attempt_at', 'text', (c) => c.notNull())
          .addColumn('claimed_until', 'text')
          .addColumn('score', 'real', (c) => c.notNull().defaultTo(0))
          .addColumn('match_count', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('scores', 'text')
          .addColumn('matches', 'text')
          .addColumn('sealed_title', 'text')
          .addColumn('sealed_final_url', 'text')
          .addColumn('link_hosts', 'text')
          .addColumn('http_status', 'integer')
          .addColumn('snapshot_sha256', 'text')
          .addColumn('snapshot_size', 'integer')
          .addColumn('snapshot_type', 'text')
          .addColumn('charset', 'text')
          .addColumn('fetched_at', 'text')
          .addColumn('analysed_at', 'text')
          .addColumn('decision', 'text')
          .addColumn('decision_category', 'text')
          .addColumn('decided_by', 'text')
          .addColumn('decided_at', 'text')
          .addColumn('sealed_note', 'text')
          .addColumn('created_by', 'text'),
      ).execute();
      await db.schema.createIndex('detect_items_queue_idx').on('detect_items').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('detect_items_rank_idx').on('detect_items').columns(['match_count', 'score', 'created_at']).execute();
      await db.schema.createIndex('detect_items_url_key_idx').on('detect_items').column('url_key').execute();
      await db.schema.createIndex('detect_items_report_idx').on('detect_items').column('report_id').execute();

      await db.schema
        .createTable('detect_item_images')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('item_id', 'text', (c) => c.notNull().references('detect_items.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('sealed_src', 'text')
        .addColumn('mime', 'text')
        .addColumn('size', 'integer')
        .addColumn('width', 'integer')
        .addColumn('height', 'integer')
        .addColumn('sha256', 'text')
        .addColumn('md5', 'text')
        .addColumn('pdq', 'text')
        .addColumn('quality', 'integer')
        .addColumn('matches', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('detect_item_images_pos_uq', ['item_id', 'position'])
        .execute();
      await db.schema.createIndex('detect_item_images_sha_idx').on('detect_item_images').column('sha256').execute();

      await timestamps(
        db.schema
          .createTable('detect_takedowns')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('item_id', 'text', (c) => c.notNull().references('detect_items.id'))
          .addColumn('platform', 'text', (c) => c.notNull())
          .addColumn('sealed_urls', 'text', (c) => c.notNull())
          .addColumn('domain', 'text')
          .addColumn('legal_basis', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('requested_at', 'text', (c) => c.notNull())
          .addColumn('sent_at', 'text')
          .addColumn('removed_at', 'text')
          .addColumn('sealed_note', 'text')
          .addColumn('created_by', 'text'),
      ).execute();
      await db.schema.createIndex('detect_takedowns_status_idx').on('detect_takedowns').columns(['status', 'requested_at']).execute();
      await db.schema.createIndex('detect_takedowns_item_idx').on('detect_takedowns').column('item_id').execute();
    },
  },
  '0311_detect_review_attempts': {
    async up(db) {
      // Every try of the worker, kept so the analyst sees each one with its time and error (issue 15).
      await db.schema
        .createTable('detect_item_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('item_id', 'text', (c) => c.notNull().references('detect_items.id'))
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('failure_code', 'text')
        .addColumn('failure_detail', 'text')
        .addColumn('next_attempt_at', 'text')
        .execute();
      await db.schema.createIndex('detect_item_attempts_item_idx').on('detect_item_attempts').columns(['item_id', 'started_at']).execute();
      // The decision a reopen took back, shown beside the item until it is decided anew.
      for (const column of [
        'previous_decision',
        'previous_decision_category',
        'previous_decided_by',
        'previous_decided_at',
        'reopened_at',
        'sealed_reopen_reason',
      ]) {
        await db.schema.alterTable('detect_items').addColumn(column, 'text').execute();
      }
    },
  },
};
