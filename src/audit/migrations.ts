import { sql } from 'kysely';
import type { FeatureMigration } from '../db/migrate.js';

export const auditMigrations: Record<string, FeatureMigration> = {
  '0004_audit_log': {
    async up(db, dialect) {
      await db.schema
        .createTable('audit_log')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_type', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_label', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text')
        .addColumn('ip', 'text')
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_subject_idx').on('audit_log').columns(['subject_type', 'subject_id']).execute();
      // Append-only at the database level too: the application never updates or deletes.
      // Someone with DDL rights can still drop the trigger; the hash chain is what catches that.
      if (dialect === 'sqlite') {
        await sql`create trigger audit_log_no_update before update on audit_log
          begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
        await sql`create trigger audit_log_no_delete before delete on audit_log
          begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
      } else {
        await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
          begin raise exception 'audit_log is append-only'; end $$`.execute(db);
        await sql`create trigger audit_log_no_change before update or delete on audit_log
          for each row execute function audit_log_append_only()`.execute(db);
      }
    },
  },
  // Issue 10 (audit anchoring), numbers 0050–0059.
  '0050_audit_keyed_chain': {
    async up(db, dialect) {
      // Entries written so far were hashed with plain SHA-256 and stay exactly as they were: the
      // application never rewrites history, not even to upgrade it (that would need the
      // append-only triggers lifted). Each entry says how it was hashed instead; new entries are
      // keyed (HMAC), and the first of them links to the old head (src/audit/append.ts).
      await db.schema
        .alterTable('audit_log')
        .addColumn('hash_alg', 'text', (c) => c.notNull().defaultTo('sha256'))
        .execute();
      // PostgreSQL's TRUNCATE fires no row trigger: without this, one statement emptied the
      // trail. SQLite has no TRUNCATE; its `DELETE FROM audit_log` without WHERE runs the
      // row trigger above (SQLite skips its truncate shortcut on tables with triggers).
      if (dialect === 'postgres') {
        await sql`create trigger audit_log_no_truncate before truncate on audit_log
          for each statement execute function audit_log_append_only()`.execute(db);
      }
    },
  },
};
