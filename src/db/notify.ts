import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from './database.js';

/**
 * A wake-up between the instances of one platform: "something changed on this channel".
 *
 * PostgreSQL: NOTIFY through the pool, LISTEN on a connection of the bus's own (a pooled
 * connection serves other queries between ours, and a LISTEN belongs to its session). Every
 * instance on the same database hears every publish, its own included, so there is one path.
 * SQLite is a file opened by one process: the bus is a list of callbacks in that process, shared
 * by every bus opened on the same handle.
 *
 * Notifications are wake-ups, not the data: a notification sent while the listening connection
 * is down is lost (PostgreSQL keeps none for a session that is gone). So when the connection
 * comes back and the channels are listened to again, every subscriber is called once with the
 * empty payload RESYNC, which means "you may have missed something: re-read the state". A
 * subscriber that reads the current state on every call (e.g. "what is the latest policy
 * version?") needs nothing else; the empty payload cannot be published, so it is never ambiguous.
 */
export interface ChangeBus {
  /** Durable state first, then publish: the payload is a hint (≤ 7,999 bytes), never the data. */
  publish(channel: string, payload: string): Promise<void>;
  /** Calls fn for every publish on the channel, from any instance; returns the unsubscribe. */
  subscribe(channel: string, fn: (payload: string) => void): () => void;
  /**
   * Resolves once every channel subscribed so far is listened to (PostgreSQL), or after
   * `timeoutMs` (10 s) with a log line: a start must not hang on a database that went away —
   * the bus keeps trying, and the subscribers get RESYNC when it listens.
   */
  ready(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The payload a subscriber gets after a reconnect: re-read, something may have been missed. */
export const RESYNC = '';

/** PostgreSQL identifiers: a channel name is put in LISTEN as an identifier, so keep it plain. */
const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
/** PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7999;

function checkChannel(channel: string): void {
  if (!CHANNEL.test(channel)) throw new Error(`change bus: channel must match ${CHANNEL} (got ${JSON.stringify(channel)})`);
}

function checkPayload(payload: string): void {
  if (payload === RESYNC) throw new Error('change bus: the empty payload is reserved (it means "re-read")');
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new Error(`change bus: payload over ${MAX_PAYLOAD_BYTES} bytes`);
}

type Listener = (payload: string) => void;

/** Channel → listeners, with the calls isolated: one throwing listener does not starve the others. */
class Listeners {
  private readonly byChannel = new Map<string, Set<Listener>>();

  add(channel: string, fn: Listener): () => void {
    let set = this.byChannel.get(channel);
    if (!set) {
      set = new Set();
      this.byChannel.set(channel, set);
    }
    set.add(fn);
    return () => {
      set.delete(fn);
      if (set.size === 0 && this.byChannel.get(channel) === set) this.byChannel.delete(channel);
    };
  }

  channels(): string[] {
    return [...this.byChannel.keys()];
  }

  has(channel: string): boolean {
    return this.byChannel.has(channel);
  }

  deliver(channel: string, payload: string, log: (line: string) => void): void {
    for (const fn of [...(this.byChannel.get(channel) ?? [])]) {
      try {
        fn(payload);
      } catch (e) {
        log(`change bus: a subscriber of ${channel} failed: ${(e as Error).message}`);
      }
    }
  }

  clear(): void {
    this.byChannel.clear();
  }
}

export interface ChangeBusOptions {
  /** one line per lost/restored listening connection; stderr by default */
  log?: (line: string) => void;
  /** the listening connection is checked this often (a silent partition shows no error) */
  pingMs?: number;
}

export function createChangeBus(db: Db, options: ChangeBusOptions = {}): ChangeBus {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (db.dialect === 'postgres') {
    if (!db.pgClientConfig) throw new Error('change bus: this PostgreSQL handle has no connection settings');
    return new PgChangeBus(db, db.pgClientConfig, log, options.pingMs ?? 10_000);
  }
  return inProcessBus(db, log);
}

/** One hub per SQLite handle (keyed by its Kysely instance: TestDb copies the Db object). */
const hubs = new WeakMap<object, Listeners>();

function inProcessBus(db: Db, log: (line: string) => void): ChangeBus {
  let hub = hubs.get(db.kysely);
  if (!hub) {
    hub = new Listeners();
    hubs.set(db.kysely, hub);
  }
  const shared = hub;
  const mine = new Set<() => void>();
  let closed = false;
  return {
    async publish(channel, payload) {
      checkChannel(channel);
      checkPayload(payload);
      if (closed) throw new Error('change bus: closed');
      // asynchronously, as from PostgreSQL: a publisher never runs its subscribers inside its own call
      setImmediate(() => shared.deliver(channel, payload, log));
    },
    subscribe(channel, fn) {
      checkChannel(channel);
      if (closed) throw new Error('change bus: closed');
      const off = shared.add(channel, fn);
      const unsubscribe = () => {
        off();
        mine.delete(unsubscribe);
      };
      mine.add(unsubscribe);
      return unsubscribe;
    },
    ready: async () => {},
    async close() {
      closed = true;
      for (const off of [...mine]) off();
    },
  };
}

const BACKOFF_MIN_MS = 100;
const BACKOFF_MAX_MS = 5000;
const PING_TIMEOUT_MS = 5000;

class PgChangeBus implements ChangeBus {
  private readonly listeners = new Listeners();
  /** The connection currently listening (null while there is none). */
  private client: pg.Client | null = null;
  /** Channels LISTENed on the current connection. */
  private listening = new Set<string>();
  private connecting: Promise<void> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private backoffMs = BACKOFF_MIN_MS;
  /** Whether a connection was lost since the last successful listen: the next one resyncs. */
  private lostOne = false;
  private closed = false;
  private readonly pinger: NodeJS.Timeout;
  /** LISTEN/UNLISTEN statements run one after another on the one connection. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly config: pg.ClientConfig,
    private readonly log: (line: string) => void,
    pingMs: number,
  ) {
    this.pinger = setInterval(() => void this.ping(), pingMs);
    this.pinger.unref();
  }

  async publish(channel: string, payload: string): Promise<void> {
    checkChannel(channel);
    checkPayload(payload);
    if (this.closed) throw new Error('change bus: closed');
    await sql`select pg_notify(${channel}, ${payload})`.execute(this.db.kysely);
  }

  subscribe(channel: string, fn: Listener): () => void {
    checkChannel(channel);
    if (this.closed) throw new Error('change bus: closed');
    const first = !this.listeners.has(channel);
    const off = this.listeners.add(channel, fn);
    if (first) this.sync();
    return () => {
      off();
      if (!this.listeners.has(channel)) this.sync();
    };
  }

  async ready(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    // loops until a connection listens to every channel (it may drop and come back meanwhile)
    while (!this.closed) {
      if (Date.now() >= until) {
        this.log(`change bus: not listening after ${timeoutMs} ms; going on, still trying`);
        return;
      }
      if (this.client && this.listeners.channels().every((c) => this.listening.has(c))) {
        await this.queue;
        if (this.client && this.listeners.channels().every((c) => this.listening.has(c))) return;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.pinger);
    if (this.retry) clearTimeout(this.retry);
    this.listeners.clear();
    const client = this.client;
    this.client = null;
    await this.connecting?.catch(() => {});
    await client?.end().catch(() => {});
  }

  /** Makes the connection's LISTENs match the channels subscribed to, connecting if needed. */
  private sync(): void {
    if (this.closed) return;
    if (!this.client) {
      this.connect();
      return;
    }
    const client = this.client;
    this.queue = this.queue.then(async () => {
      if (client !== this.client) return;
      try {
        for (const channel of this.listeners.channels()) {
          if (this.listening.has(channel)) continue;
          await client.query(`LISTEN ${channel}`);
          this.listening.add(channel);
        }
        for (const channel of [...this.listening]) {
          if (this.listeners.has(channel)) continue;
          await client.query(`UNLISTEN ${channel}`);
          this.listening.delete(channel);
        }
      } catch (e) {
        this.lost(client, e as Error);
      }
    });
  }

  private connect(): void {
    if (this.connecting || this.closed || this.retry) return;
    this.connecting = (async () => {
      const client = new pg.Client(this.config);
      // a connection that breaks emits 'error' (without a listener: the process dies)
      client.on('error', (e) => this.lost(client, e));
      client.on('end', () => this.lost(client, new Error('connection ended')));
      client.on('notification', (n) => {
        if (client === this.client && n.payload !== undefined) this.listeners.deliver(n.channel, n.payload, this.log);
      });
      try {
        await client.connect();
        const channels = this.listeners.channels();
        for (const channel of channels) await client.query(`LISTEN ${channel}`);
        if (this.closed) {
          await client.end().catch(() => {});
          return;
        }
        this.client = client;
        this.listening = new Set(channels);
        this.backoffMs = BACKOFF_MIN_MS;
        if (this.lostOne) {
          this.lostOne = false;
          this.log('change bus: listening again');
          // what was published while nobody listened is lost: every subscriber re-reads
          for (const channel of channels) this.listeners.deliver(channel, RESYNC, this.log);
        }
      } catch (e) {
        client.removeAllListeners('end');
        client.on('error', () => {});
        await client.end().catch(() => {});
        if (!this.closed) {
          if (!this.lostOne) this.log(`change bus: cannot listen (${(e as Error).message}); retrying`);
          this.lostOne = true;
          this.scheduleRetry();
        }
      }
    })().finally(() => {
      this.connecting = null;
      // channels subscribed to while connecting
      if (this.client && !this.closed) this.sync();
    });
  }

  private lost(client: pg.Client, e: Error): void {
    if (client !== this.client || this.closed) return;
    this.client = null;
    this.listening.clear();
    this.lostOne = true;
    this.log(`change bus: listening connection lost (${e.message}); reconnecting`);
    client.removeAllListeners('end');
    client.on('error', () => {});
    client.end().catch(() => {});
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.retry || this.closed) return;
    const wait = this.backoffMs;
    this.backoffMs = Math.min(BACKOFF_MAX_MS, this.backoffMs * 2);
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.listeners.channels().length > 0) this.connect();
    }, wait);
    this.retry.unref();
  }

  /** A partition that drops packets silently shows no error: a query that gets no answer does. */
  private async ping(): Promise<void> {
    const client = this.client;
    if (!client || this.closed) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.query('select 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('no answer to a ping')), PING_TIMEOUT_MS);
        }),
      ]);
    } catch (e) {
      this.lost(client, e as Error);
    } finally {
      clearTimeout(timer);
    }
  }
}
