import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/**
 * SQLite checkpoints on a thread of their own. In WAL mode a commit appends pages to the WAL, and
 * every 1,000 pages the committing connection copies them back into the database file and fsyncs
 * it — inside COMMIT, on the event loop: 20–30 ms during which no report is acknowledged and no
 * DNS question answered (the filter shares the process). Here the main connection never
 * checkpoints (wal_autocheckpoint = 0); a worker thread with its own connection runs a PASSIVE
 * checkpoint every `intervalMs` once the WAL has grown past `startBytes`. PASSIVE never blocks
 * the writer or the readers; what a checkpoint could not copy yet is copied the next time.
 *
 * The worker is started only when the WAL first grows past `startBytes` (small databases and
 * tests never pay for a thread). If it fails, the main connection checkpoints itself again, as
 * SQLite does by default — never an unbounded WAL.
 */
export interface CheckpointerOptions {
  intervalMs?: number;
  /** WAL size after which the worker is started (the file does not shrink: once started it stays). */
  startBytes?: number;
  onError?: (error: unknown) => void;
  /** Tests: the file the worker opens (default: the main connection's). */
  workerFile?: string;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
parentPort.on('message', (m) => {
  if (m === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, log: r.log, checkpointed: r.checkpointed });
  } catch (e) {
    parentPort.postMessage({ ok: false, error: String(e && e.message || e) });
  }
});
`;

const DEFAULT_AUTOCHECKPOINT = 1000;

export class Checkpointer {
  private worker: Worker | null = null;
  private busy = false;
  private closed = false;
  private readonly timer: NodeJS.Timeout;
  /** For tests and benchmarks: checkpoints run, and the WAL frames of the last one. */
  readonly stats = { runs: 0, log: 0, checkpointed: 0, fellBack: false };

  constructor(
    private readonly main: SQLite.Database,
    private readonly file: string,
    private readonly options: CheckpointerOptions = {},
  ) {
    main.pragma('wal_autocheckpoint = 0');
    this.timer = setInterval(() => this.tick(), options.intervalMs ?? 1000);
    this.timer.unref();
  }

  private tick(): void {
    if (this.closed || this.busy || this.stats.fellBack) return;
    if (!this.worker) {
      let size = 0;
      try {
        size = statSync(`${this.file}-wal`).size;
      } catch {
        return;
      }
      if (size < (this.options.startBytes ?? 4 * 1024 * 1024)) return;
      this.start();
    }
    this.busy = true;
    this.worker?.postMessage('checkpoint');
  }

  private start(): void {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file: this.options.workerFile ?? this.file } });
    worker.unref();
    worker.on('message', (m: { ok: boolean; log?: number; checkpointed?: number; error?: string }) => {
      this.busy = false;
      if (!m.ok) return this.fallBack(new Error(m.error));
      this.stats.runs++;
      this.stats.log = m.log ?? 0;
      this.stats.checkpointed = m.checkpointed ?? 0;
    });
    worker.on('error', (e) => this.fallBack(e));
    worker.on('exit', () => {
      if (!this.closed) this.fallBack(new Error('checkpoint worker exited'));
    });
    this.worker = worker;
  }

  /** The worker failed: the main connection checkpoints itself again (SQLite's default). */
  private fallBack(error: unknown): void {
    if (this.stats.fellBack || this.closed) return;
    this.stats.fellBack = true;
    this.busy = false;
    try {
      this.main.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
    } catch {
      // the main connection is closing
    }
    this.options.onError?.(error);
    void this.worker?.terminate();
    this.worker = null;
  }

  /** Stops the worker; the main connection's close then checkpoints what is left, as usual. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    const w = this.worker;
    this.worker = null;
    if (!w) return;
    await new Promise<void>((resolve) => {
      w.once('exit', () => resolve());
      w.postMessage('close');
      // a checkpoint in progress finishes first; a stuck one is not waited for
      setTimeout(() => void w.terminate(), 5000).unref();
    });
  }
}
