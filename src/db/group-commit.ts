import { statSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import type SQLite from 'better-sqlite3';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';

type Tx = Kysely<Database>;
interface Job {
  work: (trx: Tx) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Rows that many jobs of one batch write the same way (audit entries, event rows): a job hands
 * them over with `deferUntilCommit`, and they are written together — one statement for the whole
 * batch — inside the same transaction, right before it commits. A job that fails loses its rows.
 */
export interface Deferred<T> {
  readonly name: string;
  flush(trx: Tx, items: T[]): Promise<void>;
}

class BatchState {
  /** the rows handed over by the job running now (jobs of a batch run one after another) */
  current = new Map<Deferred<unknown>, unknown[]>();
  /** the rows of the jobs that succeeded, in job order */
  readonly kept = new Map<Deferred<unknown>, unknown[]>();
  keep(): void {
    for (const [kind, items] of this.current) {
      const list = this.kept.get(kind);
      if (list) list.push(...items);
      else this.kept.set(kind, items);
    }
    this.current = new Map();
  }
}
const batchOf = new WeakMap<object, BatchState>();
/** SQLite: the connection a group-commit transaction holds, for statements run on it directly (sqliteOf) */
const connectionOf = new WeakMap<object, SQLite.Database>();

/**
 * Inside a group-commit transaction on SQLite: the better-sqlite3 connection that transaction holds
 * (SQLite has one connection, and the batch owns it until it commits). Statements the transaction
 * runs can go to it directly and synchronously — Kysely's path for one statement is some ten
 * promise hops through its executor, connection provider and mutex, which costs more than a
 * small insert. Anywhere else (PostgreSQL, or outside a batch) undefined: go through Kysely.
 */
export function sqliteOf(trx: Tx): SQLite.Database | undefined {
  return connectionOf.get(trx);
}

/**
 * Inside a group-commit job: keeps `item` to be written by `kind.flush` with the rest of the batch,
 * in the same transaction, and returns true. Anywhere else returns false: the caller writes now.
 */
export function deferUntilCommit<T>(trx: Tx, kind: Deferred<T>, item: T): boolean {
  const state = batchOf.get(trx);
  if (!state) return false;
  const k = kind as Deferred<unknown>;
  const list = state.current.get(k);
  if (list) list.push(item);
  else state.current.set(k, [item]);
  return true;
}

const SAVEPOINT = CompiledQuery.raw('savepoint group_commit');
const RELEASE = CompiledQuery.raw('release savepoint group_commit');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint group_commit');

/**
 * SQLite (WAL): the flush to disk, off the event loop. With synchronous=FULL, better-sqlite3 waits
 * for fsync inside COMMIT and the whole process stands still for it (3–8 ms on this disk, 40 % of
 * the main thread under load). Group-commit batches therefore commit with synchronous=NORMAL —
 * the commit is written to the WAL, not yet flushed — and then this flushes the WAL file with
 * fdatasync on a libuv thread, exactly what FULL would have done, while the event loop goes on.
 * Jobs are acknowledged only after that flush: durable before acknowledged, as before. Flushes
 * are serialised and shared: a flush asked for while one runs is one flush that starts after it.
 */
export class WalFlusher {
  private handle: { fh: FileHandle; ino: number } | null = null;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  /** flushes that reached the disk, for the benchmarks */
  flushes = 0;

  constructor(readonly walFile: string) {}

  /** Resolves once everything written to the WAL before this call is on disk. */
  flush(): Promise<void> {
    if (!this.running) {
      this.running = this.flushNow().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    if (!this.queued) {
      const after = () => {
        this.queued = null;
        return this.flush();
      };
      this.queued = this.running.then(after, after);
    }
    return this.queued;
  }

  private async flushNow(): Promise<void> {
    // The WAL file lives as long as a connection is open, but check that it is still the same file.
    const ino = statSync(this.walFile).ino;
    if (this.handle && this.handle.ino !== ino) {
      await this.handle.fh.close().catch(() => {});
      this.handle = null;
    }
    if (!this.handle) this.handle = { fh: await open(this.walFile, 'r'), ino };
    await this.handle.fh.datasync();
    this.flushes++;
  }

  async close(): Promise<void> {
    await this.running?.catch(() => {});
    await this.queued?.catch(() => {});
    await this.handle?.fh.close().catch(() => {});
    this.handle = null;
  }
}

/** How a batch is made durable: PostgreSQL's own commit, or SQLite's commit plus a WAL flush. */
export interface GroupCommitOptions {
  maxBatch?: number;
  /** SQLite in WAL mode with synchronous=FULL: commit batches with NORMAL, then flush this WAL file. */
  walFile?: string | undefined;
  /** SQLite: the connection Kysely uses, for statements a batch runs directly (sqliteOf) */
  sqlite?: SQLite.Database | undefined;
}

/**
 * Group commit: many small writes share one transaction and one disk flush, each acknowledged only
 * after that flush. A durable commit costs a disk flush (0.5–8 ms here, depending on the
 * neighbours), and the audit chain serialises appends anyway; batching is how the reporting centre
 * takes a burst without giving up "durable before acknowledged".
 *
 * Jobs of a batch run one after another in one transaction. If one throws, the transaction is
 * rolled back and the batch runs again with a savepoint around each job, so the failing job
 * rolls back and rejects alone and the others commit: `work` may therefore run twice, and must
 * only touch the database through `trx` (work done elsewhere would happen twice). Jobs that arrive
 * while a batch runs form the next batch; a lone write waits one turn of the event loop.
 */
export class GroupCommit {
  private queue: Job[] = [];
  private draining = false;
  private readonly maxBatch: number;
  private readonly wal: WalFlusher | null;
  private readonly sqlite: SQLite.Database | undefined;
  private lastCommit: Promise<void> = Promise.resolve();
  /** Commits and jobs so far, for the benchmarks: how well writes are being batched. */
  readonly stats = { batches: 0, jobs: 0, largest: 0, replays: 0, walFlushes: 0 };

  constructor(
    private readonly kysely: Kysely<Database>,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 256;
    this.wal = options.walFile ? new WalFlusher(options.walFile) : null;
    this.sqlite = options.sqlite;
  }

  run<T>(work: (trx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  /**
   * Resolves once every batch committed so far is on disk. A reader that found a row another
   * request wrote (an idempotent retry) awaits this before answering from it.
   */
  durable(): Promise<void> {
    return this.lastCommit;
  }

  async close(): Promise<void> {
    await this.lastCommit.catch(() => {});
    await this.wal?.close();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        // Let requests that have arrived reach their write before the batch closes. better-sqlite3
        // is synchronous, so a transaction never yields to I/O by itself: without this turn of the
        // event loop every batch would hold exactly one job.
        await new Promise<void>((resolve) => setImmediate(resolve));
        // SQLite: while the previous batch is being flushed, writing the next one would wait for
        // that flush inside write() (ext4 journals the WAL's inode change), blocking the event
        // loop again. Wait for it instead; the requests arriving meanwhile join the next batch.
        await this.lastCommit;
        const batch = this.queue.splice(0, this.maxBatch);
        this.stats.batches++;
        this.stats.jobs += batch.length;
        if (batch.length > this.stats.largest) this.stats.largest = batch.length;
        let committed: { outcomes: Outcome[]; onDisk: Promise<void> };
        try {
          committed = await this.commit(batch);
        } catch (error) {
          // The commit itself failed: nothing in this batch is durable, so every job fails.
          for (const job of batch) job.reject(error);
          continue;
        }
        const { outcomes, onDisk } = committed;
        onDisk.then(
          () =>
            batch.forEach((job, i) => {
              if (i === 0 && this.wal) this.stats.walFlushes = this.wal.flushes;
              const o = outcomes[i] as Outcome;
              if (o.ok) job.resolve(o.value);
              else job.reject(o.error);
            }),
          (error: unknown) => {
            for (const job of batch) job.reject(error);
          },
        );
      }
    } finally {
      this.draining = false;
    }
  }

  /** One transaction for the batch; first without savepoints, again with them if a job failed. */
  private async commit(batch: Job[]): Promise<{ outcomes: Outcome[]; onDisk: Promise<void> }> {
    try {
      return await this.transaction(batch, false);
    } catch (e) {
      if (!(e instanceof JobFailed)) throw e;
      this.stats.replays++;
      return await this.transaction(batch, true);
    }
  }

  private async transaction(batch: Job[], savepoints: boolean): Promise<{ outcomes: Outcome[]; onDisk: Promise<void> }> {
    const body = (db: Kysely<Database>) =>
      db.transaction().execute(async (trx) => {
        const state = new BatchState();
        batchOf.set(trx, state);
        if (this.sqlite) connectionOf.set(trx, this.sqlite);
        const outcomes: Outcome[] = [];
        for (const job of batch) {
          if (!savepoints) {
            try {
              outcomes.push({ ok: true, value: await job.work(trx) });
            } catch (error) {
              throw new JobFailed(error);
            }
            state.keep();
            continue;
          }
          await trx.executeQuery(SAVEPOINT);
          try {
            const value = await job.work(trx);
            await trx.executeQuery(RELEASE);
            outcomes.push({ ok: true, value });
            state.keep();
          } catch (error) {
            await trx.executeQuery(ROLLBACK_TO);
            await trx.executeQuery(RELEASE);
            outcomes.push({ ok: false, error });
            state.current = new Map();
          }
        }
        for (const [kind, items] of state.kept) await kind.flush(trx, items);
        return outcomes;
      });
    const wal = this.wal;
    if (!wal) return { outcomes: await body(this.kysely), onDisk: Promise.resolve() };
    // synchronous is a per-connection setting that cannot change inside a transaction: relax it
    // around this batch on the one connection, then put FULL back for every other write.
    return this.kysely.connection().execute(async (conn) => {
      await conn.executeQuery(SYNC_NORMAL);
      let outcomes: Outcome[];
      try {
        outcomes = await body(conn);
      } finally {
        await conn.executeQuery(SYNC_FULL);
      }
      // Asked for before the connection is released, so no reader can see these rows before
      // durable() knows about the flush that covers them.
      const onDisk = wal.flush();
      this.lastCommit = onDisk.catch(() => {});
      return { outcomes, onDisk };
    });
  }
}

const SYNC_NORMAL = CompiledQuery.raw('pragma synchronous = normal');
const SYNC_FULL = CompiledQuery.raw('pragma synchronous = full');

/** A job threw in a batch run without savepoints: roll back, run the batch again with them. */
class JobFailed extends Error {
  constructor(readonly error: unknown) {
    super('a job of the group commit failed');
  }
}
