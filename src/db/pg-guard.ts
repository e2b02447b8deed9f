import pg from 'pg';
import { DatabaseUnavailable, isConnectionFailure } from './unavailable.js';

/**
 * Everything between the pool and a broken PostgreSQL, so that a lost server costs requests and
 * never the process, and requests fail fast instead of hanging while it is gone:
 *
 * - Every client the pool opens gets an 'error' listener for its whole life. pg emits 'error' on
 *   a client whose connection breaks, also while it is checked out — and pg-pool listens only to
 *   idle clients, so a connection terminated under a transaction used to kill the process
 *   (issue 10, item 1). The client is then unusable; Kysely's next call on it fails and it is
 *   released as broken, and the pool opens a new one.
 * - Errors of the connection (not of a statement) are turned into DatabaseUnavailable (→ 503).
 * - A circuit: when a connection fails, or one has been checked out for long (a silent network
 *   partition leaves a query hanging, unanswered, for as long as TCP retransmits — many minutes),
 *   a fresh connection checks that the server still answers. If it does not, the database is
 *   "down": new requests fail at once instead of each waiting for the connect timeout, the
 *   connections still checked out are cut so their requests end too, and the check is repeated
 *   every second; the first answer puts the database "up" again. Nothing needs a restart.
 */
export interface PgGuardOptions {
  /** a connection attempt from the pool may take this long (5 s) */
  connectTimeoutMs?: number;
  /** the check's connection and `select 1` may take this long (3 s) */
  checkTimeoutMs?: number;
  /** a connection checked out this long makes the guard check that the server still answers (3 s) */
  stallMs?: number;
  /** while down, check this often */
  retryMs?: number;
  /** one line per change of state (down / up again); stderr by default */
  log?: (line: string) => void;
}

export class PgGuard {
  private downSince: number | null = null;
  private checking: Promise<void> | null = null;
  private lastCheck = 0;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;
  /** clients checked out of the pool right now, with the time they were */
  private readonly busy = new Map<pg.Client, number>();
  private readonly timer: NodeJS.Timeout;
  private readonly checkTimeoutMs: number;
  private readonly stallMs: number;
  private readonly retryMs: number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly pool: pg.Pool,
    private readonly config: pg.ClientConfig,
    options: PgGuardOptions = {},
  ) {
    this.checkTimeoutMs = options.checkTimeoutMs ?? Math.min(3000, options.connectTimeoutMs ?? 3000);
    this.stallMs = options.stallMs ?? 3000;
    this.retryMs = options.retryMs ?? 1000;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    pool.on('connect', (client) => this.watch(client));
    // an idle client's connection broke: pg-pool has already removed it
    pool.on('error', (e) => this.connectionLost(e));
    pool.on('acquire', (client) => this.busy.set(client, Date.now()));
    pool.on('release', (_err, client) => this.busy.delete(client));
    pool.on('remove', (client) => this.busy.delete(client));
    this.timer = setInterval(() => this.watchdog(), 1000);
    this.timer.unref();
  }

  /** False while the server is known not to answer; /readyz reports it. */
  available(): boolean {
    return this.downSince === null;
  }

  /** For Kysely's PostgresDialect: the pool's connect, refused at once while the database is down. */
  async connect(): Promise<pg.PoolClient> {
    if (this.downSince !== null) throw new DatabaseUnavailable(new Error(`down since ${new Date(this.downSince).toISOString()}`));
    try {
      return await this.pool.connect();
    } catch (e) {
      throw this.classify(e);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    if (this.retry) clearTimeout(this.retry);
    await this.checking;
  }

  private watch(client: pg.PoolClient): void {
    client.on('error', (e) => this.connectionLost(e));
    // Kysely runs every statement through client.query(text, values) and awaits the promise:
    // a broken connection surfaces there as DatabaseUnavailable, with the pg error as its reason.
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const r = query(...args);
      return r instanceof Promise
        ? r.catch((e: unknown) => {
            throw this.classify(e);
          })
        : r;
    };
  }

  private classify(e: unknown): unknown {
    if (!isConnectionFailure(e)) return e;
    this.connectionLost(e);
    return e instanceof DatabaseUnavailable ? e : new DatabaseUnavailable(e);
  }

  private connectionLost(_e: unknown): void {
    // one broken connection is usually one terminated backend; whether the server is gone, a fresh connection tells
    void this.check();
  }

  /** A checked-out connection that has said nothing for long: is the server still there? */
  private watchdog(): void {
    if (this.downSince !== null || this.closed) return;
    const now = Date.now();
    if (now - this.lastCheck < this.stallMs) return;
    for (const since of this.busy.values()) {
      if (now - since >= this.stallMs) {
        void this.check();
        return;
      }
    }
  }

  /** One check at a time: a fresh connection (not from the pool, which may be exhausted) and `select 1`. */
  private check(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.checking ??= this.answers()
      .then((state) => {
        this.lastCheck = Date.now();
        if (state === 'up') this.markUp();
        else this.markDown(state === 'silent');
      })
      .finally(() => {
        this.checking = null;
      });
    return this.checking;
  }

  /**
   * 'up': it answered — also with an error of its own (too many connections, a bad password): the
   * server is there, and the requests that meet that error fail with it one by one. 'refused': the
   * port is closed or the server is going down or starting. 'silent': no answer within the timeout.
   */
  private async answers(): Promise<'up' | 'refused' | 'silent'> {
    const client = new pg.Client({ ...this.config, connectionTimeoutMillis: this.checkTimeoutMs, query_timeout: this.checkTimeoutMs });
    // the outcome is the answer below; a late socket error on this throwaway client means nothing more
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      return 'up';
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('57P')) return 'up';
      return /timeout/i.test((e as Error).message) ? 'silent' : 'refused';
    } finally {
      client.end().then(
        () => undefined,
        () => cut(client),
      );
    }
  }

  private markDown(silent: boolean): void {
    if (this.downSince === null) {
      this.downSince = Date.now();
      this.log(
        'Cơ sở dữ liệu không trả lời; các yêu cầu cần nó được trả lời 503 cho đến khi nó trở lại / Database not answering; requests that need it get 503 until it is back',
      );
      // Silence: the connections still checked out wait on a server that does not answer — cut
      // them, so their requests end now. (A refused server has reset them already.)
      if (silent) for (const client of this.busy.keys()) cut(client);
    }
    if (!this.closed) {
      this.retry = setTimeout(() => void this.check(), this.retryMs);
      this.retry.unref();
    }
  }

  private markUp(): void {
    if (this.downSince === null) return;
    const seconds = Math.round((Date.now() - this.downSince) / 1000);
    this.downSince = null;
    this.log(`Cơ sở dữ liệu đã trả lời lại sau ${seconds} giây / Database answering again after ${seconds} s`);
  }
}

/**
 * Destroys a client's socket: its pending query fails at once and the client is unusable (pg-pool
 * then drops it). pg has no public call for this; its own connect timeout does the same.
 */
function cut(client: pg.Client): void {
  (client as unknown as { connection?: { stream?: { destroy(e?: Error): void } } }).connection?.stream?.destroy(new Error('database not answering'));
}
