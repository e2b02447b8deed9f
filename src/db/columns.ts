import type { CreateTableBuilder } from 'kysely';

/** Columns every record table has; ISO-8601 UTC text on both databases. */
export function timestamps<T extends string>(t: CreateTableBuilder<T, never>) {
  return t.addColumn('created_at', 'text', (c) => c.notNull()).addColumn('updated_at', 'text', (c) => c.notNull());
}
