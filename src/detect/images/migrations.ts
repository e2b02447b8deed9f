import type { FeatureMigration } from '../../db/migrate.js';

/** Hash banks (0300–0309). */
export const imagesMigrations: Record<string, FeatureMigration> = {};
