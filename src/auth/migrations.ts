import type { FeatureMigration } from '../db/migrate.js';

export const authMigrations: Record<string, FeatureMigration> = {
  '0003_auth_sessions': {
    async up(db) {
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .execute();
      await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
    },
  },
  '0005_auth_totp_steps': {
    async up(db) {
      await db.schema
        .createTable('auth_totp_steps')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('last_step', 'integer', (c) => c.notNull())
        .execute();
    },
  },
};
