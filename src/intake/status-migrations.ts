import type { FeatureMigration } from '../db/migrate.js';

/**
 * Issue 10 (0210–0219): wrong PINs are counted per report in the database, so a tracking code's
 * lock holds across restarts and across every web instance, whichever addresses the guesses
 * come from.
 */
export const intakeStatusMigrations: Record<string, FeatureMigration> = {
  '0210_intake_status_guard': {
    async up(db) {
      await db.schema
        .createTable('intake_status_attempts')
        .addColumn('report_id', 'text', (c) => c.primaryKey())
        // PIN checks in the current window (reserved before the PIN is compared)
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('window_started_at', 'text', (c) => c.notNull())
        .addColumn('locked_until', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
