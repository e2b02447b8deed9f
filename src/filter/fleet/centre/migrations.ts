import type { FeatureMigration } from '../../../db/migrate.js';

// issue 16, fleet policy delivery (0140–0144)
export const fleetCentreMigrations: Record<string, FeatureMigration> = {};
