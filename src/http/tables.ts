/**
 * The counters of rate limits and sign-in throttles, shared by every web instance on one
 * PostgreSQL (http/rate-counters.ts). Keys are `<limit name>:<HMAC of the client key>`: no client
 * address is stored. UNLOGGED on PostgreSQL: a counter is not worth a WAL flush per request, and
 * a crash that empties the table only forgives the clients of the last minutes.
 */

/** A fixed window (the API's per-address limit and the sign-in limit, @fastify/rate-limit's model). */
export interface RateLimitWindowsTable {
  key: string;
  hits: number;
  /** ms since the epoch: the window ends (and the row may be deleted) then */
  resets_at: number;
}

/** A token bucket (report intake, status look-ups, partner keys, decode budgets). */
export interface RateLimitBucketsTable {
  key: string;
  tokens: number;
  /** ms since the epoch of the last take (the refill runs from here) */
  at: number;
  /** 1 when the last take got its tokens: the upsert's answer, read back with RETURNING */
  granted: number;
  /** ms since the epoch by which the bucket is full again (the row may be deleted then) */
  expires_at: number;
}

export interface HttpTables {
  rate_limit_windows: RateLimitWindowsTable;
  rate_limit_buckets: RateLimitBucketsTable;
}
