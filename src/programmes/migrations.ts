import type { FeatureMigration } from '../db/migrate.js';

/** The programmes feature's migrations, named NNNN_programmes_what. */
export const programmesMigrations: Record<string, FeatureMigration> = {};
