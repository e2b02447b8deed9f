import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';

/**
 * The counters behind every limit that guards against abuse: the API's per-address limit, the
 * sign-in limit, report intake (per address, city-wide, per partner key, decode budgets) and
 * status look-ups. On PostgreSQL several web instances share one database, so the counters live
 * there and a limit holds at its total whichever instance a request reaches: one upsert per check,
 * on an UNLOGGED table (no WAL flush). SQLite is one process: the counters stay in its memory.
 *
 * While PostgreSQL is known to be down (Db.available) or a counter statement fails, the check
 * falls back to this process's memory: each instance then limits on its own (never unlimited),
 * and the request goes on to fail or succeed on its own merits.
 */
export interface BucketRule {
  /** tokens when full: the burst allowed */
  capacity: number;
  /** ms for an empty bucket to fill again */
  refillMs: number;
}

export interface RateCounters {
  /** True when the counters are shared between processes (PostgreSQL). */
  readonly shared: boolean;
  /** Token bucket `name` of `key`: takes `cost` tokens, or nothing and false when there are too few. */
  take(name: string, key: string, rule: BucketRule, cost?: number, now?: number): Promise<boolean>;
  /** How much of the bucket is used (capacity minus what is left), read without taking. */
  used(name: string, key: string, rule: BucketRule, now?: number): Promise<number>;
  /** Fixed window: counts one hit; returns the hits in the current window and the ms until it ends. */
  hit(name: string, key: string, windowMs: number, now?: number): Promise<{ hits: number; ttlMs: number }>;
  /** The current window without counting (hits 0 when there is none). */
  peek(name: string, key: string, windowMs: number, now?: number): Promise<{ hits: number; ttlMs: number }>;
}

const perApp = new WeakMap<object, RateCounters>();

/** One set of counters per app (tests build many apps in one process; each starts clean). */
export function rateCountersFor(deps: Pick<Deps, 'db' | 'sealer'>): RateCounters {
  let c = perApp.get(deps);
  if (!c) {
    c = deps.db.dialect === 'postgres' ? new SharedCounters(deps.db, deps.sealer.derive('rate-limit-keys')) : new MemoryCounters();
    perApp.set(deps, c);
  }
  return c;
}

const MAX_KEYS = 100_000;

/** In this process's memory: SQLite's counters, and PostgreSQL's while it is down. */
export class MemoryCounters implements RateCounters {
  readonly shared = false;
  private readonly buckets = new Map<string, { tokens: number; at: number; expiresAt: number }>();
  private readonly windows = new Map<string, { hits: number; resetsAt: number }>();

  async take(name: string, key: string, rule: BucketRule, cost = 1, now = Date.now()): Promise<boolean> {
    return this.takeNow(name, key, rule, cost, now);
  }

  takeNow(name: string, key: string, rule: BucketRule, cost: number, now: number): boolean {
    const k = `${name}\0${key}`;
    let b = this.buckets.get(k);
    if (!b) {
      if (this.buckets.size >= MAX_KEYS) sweep(this.buckets, (v) => v.expiresAt <= now);
      b = { tokens: rule.capacity, at: now, expiresAt: now };
      this.buckets.set(k, b);
    }
    b.tokens = refilled(b.tokens, b.at, now, rule);
    b.at = Math.max(b.at, now);
    b.expiresAt = b.at + rule.refillMs;
    if (b.tokens < cost) return false;
    b.tokens -= cost;
    return true;
  }

  async used(name: string, key: string, rule: BucketRule, now = Date.now()): Promise<number> {
    const b = this.buckets.get(`${name}\0${key}`);
    return b ? rule.capacity - refilled(b.tokens, b.at, now, rule) : 0;
  }

  async hit(name: string, key: string, windowMs: number, now = Date.now()): Promise<{ hits: number; ttlMs: number }> {
    return this.hitNow(name, key, windowMs, now);
  }

  hitNow(name: string, key: string, windowMs: number, now: number): { hits: number; ttlMs: number } {
    const k = `${name}\0${key}`;
    let w = this.windows.get(k);
    if (!w || w.resetsAt <= now) {
      if (!w && this.windows.size >= MAX_KEYS) sweep(this.windows, (v) => v.resetsAt <= now);
      w = { hits: 0, resetsAt: now + windowMs };
      this.windows.set(k, w);
    }
    w.hits++;
    return { hits: w.hits, ttlMs: w.resetsAt - now };
  }

  async peek(name: string, key: string, _windowMs: number, now = Date.now()): Promise<{ hits: number; ttlMs: number }> {
    const w = this.windows.get(`${name}\0${key}`);
    return w && w.resetsAt > now ? { hits: w.hits, ttlMs: w.resetsAt - now } : { hits: 0, ttlMs: 0 };
  }
}

function refilled(tokens: number, at: number, now: number, rule: BucketRule): number {
  return Math.min(rule.capacity, tokens + (Math.max(0, now - at) * rule.capacity) / rule.refillMs);
}

/** Past the bound: drop what has expired, and everything if that was not enough (memory stays bounded). */
function sweep<V>(map: Map<string, V>, expired: (v: V) => boolean): void {
  for (const [k, v] of map) if (expired(v)) map.delete(k);
  if (map.size >= MAX_KEYS) map.clear();
}

/** Rows past their end are deleted at most this often, by whichever request comes then. */
const PURGE_EVERY_MS = 60_000;

/** In PostgreSQL: every instance on the database counts in the same rows. */
class SharedCounters implements RateCounters {
  readonly shared = true;
  private readonly fallback = new MemoryCounters();
  private lastPurge = 0;

  constructor(
    private readonly db: Db,
    private readonly hmacKey: string,
  ) {}

  /** The stored key: the limit's name and a MAC of the client key (no address in the table). */
  private rowKey(name: string, key: string): string {
    return `${name}:${createHmac('sha256', this.hmacKey).update(key).digest('base64url').slice(0, 22)}`;
  }

  async take(name: string, key: string, rule: BucketRule, cost = 1, now = Date.now()): Promise<boolean> {
    if (!this.db.available()) return this.fallback.takeNow(name, key, rule, cost, now);
    const C = rule.capacity;
    const R = rule.refillMs;
    // what the bucket holds now: what was left, refilled for the time since (never for a clock
    // that went back — another instance's clock may be a little ahead)
    const avail = sql`least(${C}::float8, b.tokens + greatest(0, ${now}::bigint - b.at) * ${C}::float8 / ${R}::float8)`;
    try {
      const row = await sql<{ granted: number }>`
        insert into rate_limit_buckets as b (key, tokens, at, granted, expires_at)
        values (${this.rowKey(name, key)}, ${C >= cost ? C - cost : C}, ${now}, ${C >= cost ? 1 : 0}, ${now + R})
        on conflict (key) do update set
          tokens = case when ${avail} >= ${cost}::float8 then ${avail} - ${cost}::float8 else ${avail} end,
          granted = case when ${avail} >= ${cost}::float8 then 1 else 0 end,
          at = greatest(b.at, ${now}::bigint),
          expires_at = greatest(b.at, ${now}::bigint) + ${R}::bigint
        returning granted`.execute(this.db.kysely);
      this.purge(now);
      return row.rows[0]?.granted === 1;
    } catch {
      return this.fallback.takeNow(name, key, rule, cost, now);
    }
  }

  async used(name: string, key: string, rule: BucketRule, now = Date.now()): Promise<number> {
    if (!this.db.available()) return this.fallback.used(name, key, rule, now);
    try {
      const row = await this.db.kysely.selectFrom('rate_limit_buckets').select(['tokens', 'at']).where('key', '=', this.rowKey(name, key)).executeTakeFirst();
      return row ? rule.capacity - refilled(Number(row.tokens), Number(row.at), now, rule) : 0;
    } catch {
      return this.fallback.used(name, key, rule, now);
    }
  }

  async hit(name: string, key: string, windowMs: number, now = Date.now()): Promise<{ hits: number; ttlMs: number }> {
    if (!this.db.available()) return this.fallback.hitNow(name, key, windowMs, now);
    try {
      const row = await sql<{ hits: number; resets_at: number }>`
        insert into rate_limit_windows as w (key, hits, resets_at)
        values (${this.rowKey(name, key)}, 1, ${now + windowMs})
        on conflict (key) do update set
          hits = case when w.resets_at <= ${now}::bigint then 1 else w.hits + 1 end,
          resets_at = case when w.resets_at <= ${now}::bigint then ${now + windowMs}::bigint else w.resets_at end
        returning hits, resets_at`.execute(this.db.kysely);
      this.purge(now);
      const r = row.rows[0];
      return r ? { hits: Number(r.hits), ttlMs: Math.max(0, Number(r.resets_at) - now) } : { hits: 1, ttlMs: windowMs };
    } catch {
      return this.fallback.hitNow(name, key, windowMs, now);
    }
  }

  async peek(name: string, key: string, windowMs: number, now = Date.now()): Promise<{ hits: number; ttlMs: number }> {
    if (!this.db.available()) return this.fallback.peek(name, key, windowMs, now);
    try {
      const r = await this.db.kysely
        .selectFrom('rate_limit_windows')
        .select(['hits', 'resets_at'])
        .where('key', '=', this.rowKey(name, key))
        .where('resets_at', '>', now)
        .executeTakeFirst();
      return r ? { hits: Number(r.hits), ttlMs: Number(r.resets_at) - now } : { hits: 0, ttlMs: 0 };
    } catch {
      return this.fallback.peek(name, key, windowMs, now);
    }
  }

  /**
   * Deletes the rows that mean nothing any more (a full bucket, an ended window: the same as no
   * row), off the request's path. A row refreshed meanwhile no longer matches and stays.
   */
  private purge(now: number): void {
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    void (async () => {
      await this.db.kysely.deleteFrom('rate_limit_windows').where('resets_at', '<=', now).execute();
      await this.db.kysely.deleteFrom('rate_limit_buckets').where('expires_at', '<=', now).execute();
    })().catch(() => {});
  }
}
