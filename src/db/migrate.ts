import { type Kysely, type Migration, type MigrationResult, Migrator } from 'kysely';
import { auditMigrations } from '../audit/migrations.js';
import { authMigrations } from '../auth/migrations.js';
import { casesMigrations } from '../cases/migrations.js';
import { detectMigrations } from '../detect/migrations.js';
import { filterMigrations } from '../filter/migrations.js';
import { httpMigrations } from '../http/migrations.js';
import { indicatorsMigrations } from '../indicators/migrations.js';
import { intakeMigrations } from '../intake/migrations.js';
import { orgMigrations } from '../org/migrations.js';
import { programmesMigrations } from '../programmes/migrations.js';
import type { Db, DialectName } from './database.js';

/**
 * Forward-only, versioned migrations. Each feature owns its migrations; names carry a global
 * sequence number so the order across features is explicit. A migration receives the dialect
 * for the few statements (triggers) that differ between SQLite and PostgreSQL.
 */
export interface FeatureMigration {
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

const all: Record<string, FeatureMigration>[] = [
  orgMigrations,
  authMigrations,
  auditMigrations,
  intakeMigrations,
  filterMigrations,
  detectMigrations,
  casesMigrations,
  programmesMigrations,
  indicatorsMigrations,
  httpMigrations,
];

export function collectMigrations(dialect: DialectName): Record<string, Migration> {
  const out: Record<string, Migration> = {};
  for (const set of all) {
    for (const [name, m] of Object.entries(set)) {
      if (!/^\d{4}_[a-z0-9_]+$/.test(name)) throw new Error(`migration name ${name} must look like 0001_feature_what`);
      if (out[name]) throw new Error(`duplicate migration ${name}`);
      out[name] = { up: (db) => m.up(db, dialect) };
    }
  }
  return out;
}

export async function migrate(db: Db, options: { only?: (name: string) => boolean } = {}): Promise<{ applied: string[] }> {
  const migrations = Object.fromEntries(Object.entries(collectMigrations(db.dialect)).filter(([name]) => options.only?.(name) ?? true));
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    // Each feature numbers its migrations in its own range (audit 00xx, filter 01xx, intake 02xx…),
    // so a new audit migration sorts before filter migrations an installed database already ran.
    // Kysely refuses that by default ("corrupted migrations"); every migration here touches only
    // its own feature's tables, so running a late-numbered one after later numbers is safe.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r: MigrationResult) => r.status === 'Success').map((r) => r.migrationName) };
}
