import { sql } from 'kysely';
import { timestamps } from '../db/columns.js';
import type { FeatureMigration } from '../db/migrate.js';
import { caseWorkMigrations } from './work/migrations.js';

/** The cases feature's migrations, named NNNN_cases_what (0400–0449; case work 0450–0479). */
export const casesMigrations: Record<string, FeatureMigration> = {
  '0400_cases_core': {
    async up(db, dialect) {
      await timestamps(
        db.schema
          .createTable('cases')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('code', 'text', (c) => c.notNull().unique())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('victim_state', 'text')
          .addColumn('violation_state', 'text')
          .addColumn('pending_approval', 'text')
          .addColumn('risk_level', 'text')
          .addColumn('unit_id', 'text', (c) => c.references('units.id'))
          .addColumn('agency_id', 'text', (c) => c.references('agencies.id'))
          .addColumn('school_id', 'text', (c) => c.references('schools.id'))
          .addColumn('assigned_to', 'text', (c) => c.references('users.id'))
          .addColumn('opened_by', 'text')
          .addColumn('age_band', 'text')
          .addColumn('gender', 'text')
          .addColumn('count_consent', 'text', (c) => c.notNull().defaultTo('unknown'))
          .addColumn('violation_type', 'text')
          .addColumn('decision', 'text')
          .addColumn('opened_at', 'text', (c) => c.notNull())
          .addColumn('first_support_at', 'text')
          .addColumn('decided_at', 'text')
          .addColumn('closed_at', 'text')
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull()),
      ).execute();
      // the case list: by ward or agency, then state, newest first
      await db.schema.createIndex('cases_unit_idx').on('cases').columns(['unit_id', 'victim_state', 'opened_at']).execute();
      await db.schema.createIndex('cases_agency_idx').on('cases').columns(['agency_id', 'victim_state', 'opened_at']).execute();
      await db.schema.createIndex('cases_violation_idx').on('cases').columns(['violation_state', 'opened_at']).execute();
      await db.schema.createIndex('cases_assigned_idx').on('cases').columns(['assigned_to', 'opened_at']).execute();
      await db.schema.createIndex('cases_opened_idx').on('cases').column('opened_at').execute();

      await db.schema
        .createTable('case_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_role', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('sealed', 'text')
        .execute();
      // one event per sequence number: two writers on the same version collide here, one wins
      await db.schema.createIndex('case_events_seq_uq').unique().on('case_events').columns(['case_id', 'seq']).execute();
      await db.schema.createIndex('case_events_type_idx').on('case_events').columns(['type', 'at']).execute();
      // Append-only: no delete, and an update may only re-seal (key rotation), never change what happened.
      if (dialect === 'sqlite') {
        await sql`create trigger case_events_no_delete before delete on case_events
          begin select raise(abort, 'case_events is append-only'); end`.execute(db);
        await sql`create trigger case_events_no_change before update of id, case_id, seq, type, at, recorded_at, actor_id, actor_role, data on case_events
          begin select raise(abort, 'case_events is append-only'); end`.execute(db);
      } else {
        await sql`create function case_events_append_only() returns trigger language plpgsql as $$
          begin
            if tg_op = 'UPDATE' and (new.id, new.case_id, new.seq, new.type, new.at, new.recorded_at, new.actor_id, new.actor_role, new.data)
                is not distinct from (old.id, old.case_id, old.seq, old.type, old.at, old.recorded_at, old.actor_id, old.actor_role, old.data) then
              return new;
            end if;
            raise exception 'case_events is append-only';
          end $$`.execute(db);
        await sql`create trigger case_events_no_change before update or delete on case_events
          for each row execute function case_events_append_only()`.execute(db);
        await sql`create trigger case_events_no_truncate before truncate on case_events
          for each statement execute function case_events_append_only()`.execute(db);
      }

      await db.schema
        .createTable('case_links')
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('ref_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('case_links_pk', ['case_id', 'kind', 'ref_id'])
        .execute();
      await db.schema.createIndex('case_links_ref_idx').on('case_links').columns(['kind', 'ref_id']).execute();

      await db.schema
        .createTable('case_approval_settings')
        .addColumn('owner_id', 'text', (c) => c.primaryKey())
        .addColumn('assessment', 'integer', (c) => c.notNull())
        .addColumn('plan', 'integer', (c) => c.notNull())
        .addColumn('closure', 'integer', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('case_managers')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  ...caseWorkMigrations,
};
