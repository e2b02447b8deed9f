import type { FeatureMigration } from '../db/migrate.js';
import { imagesMigrations } from './images/migrations.js';
import { reviewMigrations } from './review/migrations.js';

/** Detection owns migrations 0300–0399: hash banks (images/) and URL review (review/). */
export const detectMigrations: Record<string, FeatureMigration> = { ...imagesMigrations, ...reviewMigrations };
