import type { FeatureMigration } from '../db/migrate.js';

/** The cases feature's migrations, named NNNN_cases_what. */
export const casesMigrations: Record<string, FeatureMigration> = {};
