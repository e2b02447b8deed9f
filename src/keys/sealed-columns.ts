/**
 * Every column that holds a sealed value, composed from the declarations beside each feature's
 * tables (the same way schema.ts composes the tables). `lachan keys rotate` re-seals these; a test
 * fails when a migrated database has a `sealed*` column nobody declared here.
 */
import { casesSealedColumns } from '../cases/tables.js';
import { caseWorkSealedColumns } from '../cases/work/tables.js';
import { reviewSealedColumns } from '../detect/review/tables.js';
import { intakeSealedColumns } from '../intake/tables.js';
import { orgSealedColumns } from '../org/tables.js';
import { programmesSealedColumns } from '../programmes/tables.js';

export interface SealedTable {
  table: string;
  columns: readonly string[];
}

export const SEALED_TABLES: readonly SealedTable[] = [
  orgSealedColumns,
  intakeSealedColumns,
  reviewSealedColumns,
  casesSealedColumns,
  caseWorkSealedColumns,
  programmesSealedColumns,
].flatMap((declared) =>
  Object.entries(declared as Record<string, readonly string[] | undefined>).map(([table, columns]) => ({ table, columns: columns ?? [] })),
);
