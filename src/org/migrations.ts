import { sql } from 'kysely';
import { timestamps } from '../db/columns.js';
import type { FeatureMigration } from '../db/migrate.js';

export const orgMigrations: Record<string, FeatureMigration> = {
  '0001_org_units_agencies_schools': {
    async up(db) {
      await timestamps(
        db.schema
          .createTable('units')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('full_name', 'text', (c) => c.notNull())
          .addColumn('name_en', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['city', 'ward', 'commune'])))
          .addColumn('parent_id', 'text', (c) => c.references('units.id'))
          .addColumn('search_key', 'text', (c) => c.notNull()),
      ).execute();

      await timestamps(
        db.schema
          .createTable('agencies')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('code', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('name_en', 'text', (c) => c.notNull())
          .addColumn('level', 'text', (c) => c.notNull())
          .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
          .addColumn('responsibilities', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('email', 'text')
          .addColumn('phone', 'text')
          .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1)),
      ).execute();

      await timestamps(
        db.schema
          .createTable('schools')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('code', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('level', 'text', (c) => c.notNull())
          .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
          .addColumn('address', 'text')
          .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('search_key', 'text', (c) => c.notNull()),
      ).execute();
      await db.schema.createIndex('schools_unit_idx').on('schools').column('unit_id').execute();
    },
  },
  '0002_org_users_tokens': {
    async up(db) {
      await timestamps(
        db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('username', 'text', (c) => c.notNull().unique())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('email', 'text')
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('unit_id', 'text', (c) => c.references('units.id'))
          .addColumn('agency_id', 'text', (c) => c.references('agencies.id'))
          .addColumn('school_id', 'text', (c) => c.references('schools.id'))
          .addColumn('totp_secret', 'text')
          .addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('locked_until', 'text')
          .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('locale', 'text', (c) => c.notNull().defaultTo('vi'))
          .addColumn('last_login_at', 'text'),
      ).execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text', (c) => c.references('units.id'))
        .addColumn('school_id', 'text', (c) => c.references('schools.id'))
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
    },
  },
};

function sqlIn(column: string, values: string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}
