import type { Kysely } from 'kysely';
import { timestamps } from '../db/columns.js';
import type { FeatureMigration } from '../db/migrate.js';
import { newId } from '../shared/ids.js';
import { SEED_TOPICS } from './topics-seed.js';

/** The programmes feature's migrations, named NNNN_programmes_what (range 0500–0549). */
export const programmesMigrations: Record<string, FeatureMigration> = {
  '0500_programmes_records': {
    async up(db) {
      await timestamps(
        db.schema
          .createTable('programme_topics')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('code', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('name_en', 'text', (c) => c.notNull())
          .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0)),
      ).execute();
      const now = new Date().toISOString();
      await (db as Kysely<Record<string, Record<string, unknown>>>)
        .insertInto('programme_topics')
        .values(
          SEED_TOPICS.map((t, i) => ({
            id: newId(),
            code: t.code,
            name: t.name,
            name_en: t.nameEn,
            active: 1,
            sort: (i + 1) * 10,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();

      await timestamps(
        db.schema
          .createTable('programme_sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
          .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
          .addColumn('held_on', 'text', (c) => c.notNull())
          .addColumn('topic_id', 'text', (c) => c.notNull().references('programme_topics.id'))
          .addColumn('audience', 'text', (c) => c.notNull())
          .addColumn('grades', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('attendance', 'integer', (c) => c.notNull())
          .addColumn('materials', 'text')
          .addColumn('photo_sha256', 'text')
          .addColumn('import_id', 'text')
          .addColumn('created_by', 'text'),
      ).execute();
      await db.schema.createIndex('programme_sessions_held_idx').on('programme_sessions').columns(['held_on', 'school_id']).execute();
      await db.schema.createIndex('programme_sessions_school_idx').on('programme_sessions').columns(['school_id', 'held_on']).execute();

      await timestamps(
        db.schema
          .createTable('programme_trainings')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
          .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
          .addColumn('held_on', 'text', (c) => c.notNull())
          .addColumn('trainee_name', 'text', (c) => c.notNull())
          .addColumn('trainee_role', 'text', (c) => c.notNull())
          .addColumn('course', 'text', (c) => c.notNull())
          .addColumn('hours', 'real', (c) => c.notNull())
          .addColumn('certificate_no', 'text')
          .addColumn('created_by', 'text'),
      ).execute();
      await db.schema.createIndex('programme_trainings_held_idx').on('programme_trainings').columns(['held_on', 'school_id']).execute();

      await timestamps(
        db.schema
          .createTable('programme_outreach')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
          .addColumn('group_kind', 'text', (c) => c.notNull())
          .addColumn('group_name', 'text', (c) => c.notNull())
          .addColumn('held_on', 'text', (c) => c.notNull())
          .addColumn('topic_id', 'text', (c) => c.notNull().references('programme_topics.id'))
          .addColumn('participants', 'integer', (c) => c.notNull())
          .addColumn('households', 'integer')
          .addColumn('note', 'text')
          .addColumn('created_by', 'text'),
      ).execute();
      await db.schema.createIndex('programme_outreach_held_idx').on('programme_outreach').columns(['held_on', 'unit_id']).execute();

      await timestamps(
        db.schema
          .createTable('programme_checklists')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
          .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
          .addColumn('assessed_on', 'text', (c) => c.notNull())
          .addColumn('answers', 'text', (c) => c.notNull())
          .addColumn('self_score', 'real', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('score', 'real')
          .addColumn('reviewed_by', 'text')
          .addColumn('reviewed_at', 'text')
          .addColumn('review_note', 'text')
          .addColumn('created_by', 'text'),
      ).execute();
      await db.schema.createIndex('programme_checklists_school_idx').on('programme_checklists').columns(['school_id', 'assessed_on']).execute();

      await timestamps(
        db.schema
          .createTable('programme_learning_platforms')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('domain', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text')
          .addUniqueConstraint('programme_learning_platforms_school_domain', ['school_id', 'domain']),
      ).execute();

      await db.schema
        .createTable('programme_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('programme_reminders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
        .addColumn('period_key', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('programme_reminders_school_period', ['school_id', 'period_key'])
        .execute();

      await timestamps(
        db.schema
          .createTable('programme_imports')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('created_by', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('result', 'text'),
      ).execute();
    },
  },
  '0501_programmes_session_photos': {
    async up(db) {
      // photos of a session, kept in the encrypted evidence store (re-encoded, metadata stripped)
      await db.schema
        .createTable('programme_session_photos')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull().references('programme_sessions.id'))
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('width', 'integer')
        .addColumn('height', 'integer')
        .addColumn('sealed_name', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('programme_session_photos_session_idx').on('programme_session_photos').column('session_id').execute();
    },
  },
  '0502_programmes_photo_deletions': {
    async up(db) {
      // files of deleted session photos, queued in the deletion's own transaction until removed from disk
      await db.schema
        .createTable('programme_photo_deletions')
        .addColumn('address', 'text', (c) => c.primaryKey())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
