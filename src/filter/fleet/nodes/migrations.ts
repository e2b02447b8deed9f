import type { FeatureMigration } from '../../../db/migrate.js';

// issue 16, fleet node registry (0145–0149)
export const fleetNodeMigrations: Record<string, FeatureMigration> = {};
