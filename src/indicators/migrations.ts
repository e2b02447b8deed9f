import type { FeatureMigration } from '../db/migrate.js';

/** The indicators feature's migrations, named NNNN_indicators_what. */
export const indicatorsMigrations: Record<string, FeatureMigration> = {};
