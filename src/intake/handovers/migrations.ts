import type { FeatureMigration } from '../../db/migrate.js';

/** Issue 13 (0230–0234): hand-overs are taken by case management; the status page shows where case work stands. */
export const intakeHandoverMigrations: Record<string, FeatureMigration> = {
  '0230_intake_case_stage': {
    async up(db) {
      await db.schema.alterTable('intake_reports').addColumn('case_stage', 'text').execute();
      await db.schema.alterTable('intake_handovers').addColumn('taken_at', 'text').execute();
      await db.schema.alterTable('intake_handovers').addColumn('taken_by', 'text').execute();
      // the inbox: open hand-overs of a ward or an agency
      await db.schema.createIndex('intake_handovers_unit_idx').on('intake_handovers').columns(['unit_id', 'status']).execute();
      await db.schema.createIndex('intake_handovers_agency_idx').on('intake_handovers').columns(['agency_id', 'status']).execute();
    },
  },
};
