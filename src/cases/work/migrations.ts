import type { Kysely } from 'kysely';
import type { FeatureMigration } from '../../db/migrate.js';
import { DEFAULT_SLA_STEPS } from './sla-defaults.js';
import type { CaseWorkTables } from './tables.js';

/** Case work's migrations (0450–0479): referrals and transfers, tasks, SLA steps. */
export const caseWorkMigrations: Record<string, FeatureMigration> = {
  '0450_cases_work_tables': {
    async up(db) {
      await db.schema
        .createTable('case_referrals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('from_unit_id', 'text')
        .addColumn('from_agency_id', 'text')
        .addColumn('to_unit_id', 'text', (c) => c.references('units.id'))
        .addColumn('to_agency_id', 'text', (c) => c.references('agencies.id'))
        .addColumn('sealed_note', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('consent_override', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('sealed_override_reason', 'text')
        .addColumn('answer_due_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('answered_by', 'text')
        .addColumn('answered_at', 'text')
        .addColumn('decline_reason', 'text')
        .addColumn('sealed_answer_note', 'text')
        .addColumn('overdue_notified', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('case_referrals_case_idx').on('case_referrals').columns(['case_id', 'created_at']).execute();
      await db.schema.createIndex('case_referrals_to_agency_idx').on('case_referrals').columns(['to_agency_id', 'status']).execute();
      await db.schema.createIndex('case_referrals_to_unit_idx').on('case_referrals').columns(['to_unit_id', 'status']).execute();
      await db.schema.createIndex('case_referrals_due_idx').on('case_referrals').columns(['status', 'answer_due_at']).execute();

      await db.schema
        .createTable('case_tasks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('sealed_title', 'text', (c) => c.notNull())
        .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('remind_at', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reminded_at', 'text')
        .addColumn('overdue_notified_at', 'text')
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('completed_by', 'text')
        .addColumn('completed_at', 'text')
        .execute();
      await db.schema.createIndex('case_tasks_case_idx').on('case_tasks').columns(['case_id', 'due_at']).execute();
      await db.schema.createIndex('case_tasks_open_due_idx').on('case_tasks').columns(['status', 'due_at']).execute();
      await db.schema.createIndex('case_tasks_assignee_idx').on('case_tasks').columns(['assignee_id', 'status']).execute();

      await db.schema
        .createTable('case_sla_steps')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('track', 'text', (c) => c.notNull())
        .addColumn('start_event', 'text', (c) => c.notNull())
        .addColumn('stop_events', 'text', (c) => c.notNull())
        .addColumn('limit_hours', 'integer', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0451_cases_work_sla_defaults': {
    async up(db) {
      const now = new Date().toISOString();
      await (db as Kysely<Pick<CaseWorkTables, 'case_sla_steps'>>)
        .insertInto('case_sla_steps')
        .values(
          DEFAULT_SLA_STEPS.map((s, i) => ({
            code: s.code,
            name: s.name,
            name_en: s.nameEn,
            track: s.track,
            start_event: s.startEvent,
            stop_events: JSON.stringify(s.stopEvents),
            limit_hours: s.limitHours,
            active: 1,
            position: (i + 1) * 10,
            updated_at: now,
          })),
        )
        .execute();
    },
  },
};
