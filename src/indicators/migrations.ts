import { sql } from 'kysely';
import type { FeatureMigration } from '../db/migrate.js';

/** The indicators feature's migrations, named NNNN_indicators_what (range 0600–0649). */
export const indicatorsMigrations: Record<string, FeatureMigration> = {
  '0600_indicators_rollup': {
    async up(db) {
      await db.schema
        .createTable('indicator_monthly')
        .addColumn('metric', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('school_id', 'text', (c) => c.notNull())
        .addColumn('dim1', 'text', (c) => c.notNull())
        .addColumn('dim2', 'text', (c) => c.notNull())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('indicator_monthly_pk', ['metric', 'month', 'unit_id', 'school_id', 'dim1', 'dim2'])
        .execute();
      await db.schema
        .createTable('indicator_rollup_months')
        .addColumn('month', 'text', (c) => c.primaryKey())
        .addColumn('refreshed_at', 'text', (c) => c.notNull())
        .execute();
      // the ward each school's rollup rows are filed under, to restate them when a school moves ward
      await db.schema.createIndex('indicator_monthly_school_idx').on('indicator_monthly').column('school_id').execute();
      await db.schema
        .createTable('indicator_school_units')
        .addColumn('school_id', 'text', (c) => c.primaryKey())
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0601_indicators_reports': {
    async up(db, dialect) {
      await db.schema
        .createTable('indicator_reports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('period_from', 'text', (c) => c.notNull())
        .addColumn('period_to', 'text', (c) => c.notNull())
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('xlsx', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('docx', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('indicator_reports_created_idx').on('indicator_reports').column('created_at').execute();
      // one scheduled report per kind and period: the schedule job can run twice without doubling it
      await db.schema.createIndex('indicator_reports_period_idx').on('indicator_reports').columns(['kind', 'period_from', 'origin']).execute();
    },
  },
  '0602_indicators_month_index': {
    async up(db) {
      // a whole city's month read (the dashboards' first query) names no metric: it needs the month first
      await db.schema.createIndex('indicator_monthly_month_idx').on('indicator_monthly').columns(['month', 'metric']).execute();
    },
  },
  '0603_indicators_ward_rollup': {
    async up(db) {
      // month × ward: what the city's and a ward's views read (the school-level rows stay for drill-down)
      await db.schema
        .createTable('indicator_monthly_ward')
        .addColumn('metric', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('dim1', 'text', (c) => c.notNull())
        .addColumn('dim2', 'text', (c) => c.notNull())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('indicator_monthly_ward_pk', ['month', 'metric', 'unit_id', 'dim1', 'dim2'])
        .execute();
      // months already built: fold their school rows in, so no month is read half from each table
      await sql`insert into indicator_monthly_ward (metric, month, unit_id, dim1, dim2, value)
        select metric, month, unit_id, dim1, dim2, sum(value) from indicator_monthly group by metric, month, unit_id, dim1, dim2`.execute(db);
    },
  },
  '0604_indicators_city_and_coverage_rollup': {
    async up(db) {
      // month × dimensions, wards folded away too: the city's own indicators (a few hundred rows a month)
      await db.schema
        .createTable('indicator_monthly_city')
        .addColumn('metric', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('dim1', 'text', (c) => c.notNull())
        .addColumn('dim2', 'text', (c) => c.notNull())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('indicator_monthly_city_pk', ['month', 'metric', 'dim1', 'dim2'])
        .execute();
      // programme sessions per school and month, under the ward of the month's latest session:
      // "covered" (at least N sessions in a period) is summed per school over the period's months
      await db.schema
        .createTable('indicator_coverage_monthly')
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('school_id', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('sessions', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('indicator_coverage_monthly_pk', ['month', 'school_id'])
        .execute();
      // months built before these tables existed would read as empty from them: they are read live
      // from the feeds until the job builds them again (it fills months not built first)
      await sql`delete from indicator_rollup_months`.execute(db);
    },
  },
  '0605_indicators_report_issuer': {
    async up(db) {
      // who issues and signs the city's reports (one row, 'city'): no row = the draft defaults
      await db.schema
        .createTable('indicator_report_issuer')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('agency_parent', 'text', (c) => c.notNull())
        .addColumn('agency_name', 'text', (c) => c.notNull())
        .addColumn('symbol', 'text', (c) => c.notNull())
        .addColumn('signer_authority', 'text', (c) => c.notNull())
        .addColumn('signer_post', 'text', (c) => c.notNull())
        .addColumn('signer_name', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
