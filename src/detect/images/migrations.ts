import type { Kysely } from 'kysely';
import type { FeatureMigration } from '../../db/migrate.js';
import { newId } from '../../shared/ids.js';

/** Banks every installation has: what the centre's analysts confirm lands here (review desk). */
export const CENTRE_PDQ_BANK = 'confirmed_by_centre';
export const CENTRE_SHA256_BANK = 'confirmed_by_centre_sha256';
export const DEFAULT_PDQ_THRESHOLD = 31;

/** Hash banks (0300–0309). */
export const imagesMigrations: Record<string, FeatureMigration> = {
  '0300_detect_banks': {
    async up(db) {
      await db.schema
        .createTable('detect_banks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('threshold', 'integer', (c) => c.notNull().defaultTo(DEFAULT_PDQ_THRESHOLD))
        .addColumn('description', 'text')
        .addColumn('hash_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('detect_bank_hashes')
        .addColumn('bank_id', 'text', (c) => c.notNull().references('detect_banks.id'))
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('label', 'text')
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addColumn('added_by', 'text')
        .addPrimaryKeyConstraint('detect_bank_hashes_pk', ['bank_id', 'hash'])
        .execute();
      // Exact look-ups (sha256/md5) across every bank by the hash alone.
      await db.schema.createIndex('detect_bank_hashes_hash_idx').on('detect_bank_hashes').column('hash').execute();
      const now = new Date().toISOString();
      await (db as Kysely<Record<string, Record<string, unknown>>>)
        .insertInto('detect_banks')
        .values([
          {
            id: newId(),
            code: CENTRE_PDQ_BANK,
            name: 'Xác nhận bởi Trung tâm (PDQ)',
            kind: 'pdq',
            threshold: DEFAULT_PDQ_THRESHOLD,
            description: 'Ảnh được chuyên viên Trung tâm xác nhận là có hại / Images the centre confirmed as harmful',
            hash_count: 0,
            version: 0,
            created_at: now,
            updated_at: now,
          },
          {
            id: newId(),
            code: CENTRE_SHA256_BANK,
            name: 'Xác nhận bởi Trung tâm (SHA-256)',
            kind: 'sha256',
            threshold: 0,
            description: 'Tệp được chuyên viên Trung tâm xác nhận là có hại / Files the centre confirmed as harmful',
            hash_count: 0,
            version: 0,
            created_at: now,
            updated_at: now,
          },
        ])
        .execute();
    },
  },
};
