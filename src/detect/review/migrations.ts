import type { FeatureMigration } from '../../db/migrate.js';

/** URL review, analyst decisions, takedown requests (0310–0329). */
export const reviewMigrations: Record<string, FeatureMigration> = {};
