import { CompiledQuery, type Kysely } from 'kysely';
import { sqliteOf } from './group-commit.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;
type Slot = number | [number, number] | { value: unknown };

/** Stands in for an argument while the query is built once; found again among its parameters. */
class Slotted {
  constructor(readonly slot: number | [number, number]) {}
}

/**
 * A query built and compiled by Kysely once per database kind (and per length of each array
 * argument, for IN-lists), then run again and again with new arguments. Kysely builds and
 * compiles every query afresh — for a small insert or look-up that costs more than the database
 * running it, and the reporting centre runs several per report. `build` receives stand-ins for
 * its arguments and must only pass them into the query as values (`where(col, '=', arg)`,
 * `values({ col: arg })`, `where(col, 'in', argArray)`), never branch on them.
 */
export function prepared<A extends unknown[], R>(build: (db: Db, ...args: A) => { compile(): CompiledQuery<R> }): (db: Db, ...args: A) => Promise<R[]> {
  const cache = new WeakMap<object, Map<string, { sql: string; slots: Slot[] }>>();
  return async (db, ...args) => {
    const adapter = db.getExecutor().adapter;
    let byShape = cache.get(adapter);
    if (!byShape) {
      byShape = new Map();
      cache.set(adapter, byShape);
    }
    const shape = args.map((a) => (Array.isArray(a) ? a.length : '-')).join(',');
    let q = byShape.get(shape);
    if (!q) {
      const standIns = args.map((a, i) => (Array.isArray(a) ? a.map((_, j) => new Slotted([i, j])) : new Slotted(i))) as A;
      const compiled = build(db, ...standIns).compile();
      q = { sql: compiled.sql, slots: compiled.parameters.map((p) => (p instanceof Slotted ? p.slot : { value: p })) };
      if (byShape.size >= 64) byShape.clear();
      byShape.set(shape, q);
    }
    const parameters = q.slots.map((s) => (typeof s === 'number' ? args[s] : Array.isArray(s) ? (args[s[0]] as unknown[])[s[1]] : s.value));
    return execute<R>(db, q.sql, parameters);
  };
}

/**
 * Runs compiled SQL: in a SQLite group-commit batch straight on the connection the batch holds
 * (no trip through Kysely's executor: see sqliteOf), elsewhere through Kysely. Rows come back the
 * same either way — Kysely's SQLite driver returns better-sqlite3's rows as they are.
 */
async function execute<R>(db: Db, sql: string, parameters: unknown[]): Promise<R[]> {
  const sqlite = sqliteOf(db);
  if (sqlite) {
    const stmt = sqlite.prepare(sql);
    if (stmt.reader) return stmt.all(parameters) as R[];
    stmt.run(parameters);
    return [];
  }
  return (await db.executeQuery<R>(CompiledQuery.raw(sql, parameters) as CompiledQuery<R>)).rows;
}

/** Rows per statement: a batch of any size is written with a few statement texts, not one per size. */
const CHUNKS = [64, 32, 16, 8, 4, 2, 1];

/**
 * Inserts rows whose columns are known in advance (every row with the same keys; undefined is
 * stored as null): the SQL text is built once per table, column list, row count and database
 * kind, and many rows go in chunks of 64, 32, …, 2, 1 rows.
 */
export function preparedInsert<T extends keyof Database & string>(table: T): (db: Db, rows: ReadonlyArray<Database[T]>) => Promise<void> {
  const cache = new WeakMap<object, Map<string, { sql: string; columns: string[] }>>();
  return async (db, rows) => {
    if (rows.length === 0) return;
    const adapter = db.getExecutor().adapter;
    let byShape = cache.get(adapter);
    if (!byShape) {
      byShape = new Map();
      cache.set(adapter, byShape);
    }
    const columns = Object.keys(rows[0] as object);
    const key = columns.join(',');
    let at = 0;
    while (at < rows.length) {
      const n = CHUNKS.find((c) => c <= rows.length - at) as number;
      const shape = `${n}:${key}`;
      let q = byShape.get(shape);
      if (!q) {
        const standIn = Object.fromEntries(columns.map((c) => [c, null]));
        const sample = db
          .insertInto(table)
          .values(Array.from({ length: n }, () => standIn) as never)
          .compile();
        q = { sql: sample.sql, columns };
        if (byShape.size >= 64) byShape.clear();
        byShape.set(shape, q);
      }
      const parameters: unknown[] = [];
      for (let i = at; i < at + n; i++) for (const c of q.columns) parameters.push((rows[i] as unknown as Record<string, unknown>)[c] ?? null);
      await execute(db, q.sql, parameters);
      at += n;
    }
  };
}
