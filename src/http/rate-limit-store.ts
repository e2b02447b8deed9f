import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { RateCounters } from './rate-counters.js';

/**
 * @fastify/rate-limit's store over the shared counters (rate-counters.ts), so that the API's
 * per-address limit and the sign-in limit hold across web instances on one PostgreSQL. Same model
 * as the plugin's own memory store: a fixed window per key; a route with a limit of its own
 * (sign-in) counts apart from the API's, as in the plugin's stores (child per route).
 * continueExceeding and exponentialBackoff are not used here, so not carried over.
 */
export function sharedRateLimitStore(counters: RateCounters): FastifyRateLimitStoreCtor {
  class SharedStore implements FastifyRateLimitStore {
    private readonly name: string;

    /** The plugin constructs the root store with its options; children are named by their route. */
    constructor(options: FastifyRateLimitOptions | string) {
      this.name = typeof options === 'string' ? options : 'api';
    }

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      counters.hit(this.name, key, timeWindow).then(
        (r) => callback(null, { current: r.hits, ttl: r.ttlMs }),
        (e: Error) => callback(e),
      );
    }

    /** `{ increment: false }` checks: the window as it stands. */
    read(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      counters.peek(this.name, key, timeWindow).then(
        (r) => callback(null, { current: r.hits, ttl: r.ttlMs }),
        (e: Error) => callback(e),
      );
    }

    child(routeOptions: unknown): FastifyRateLimitStore {
      // at run time the plugin passes its merged options, with the route under routeInfo
      const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo ?? {};
      return new SharedStore(`${[route.method ?? ''].flat().join(',')} ${String(route.url ?? '')}`);
    }
  }
  return SharedStore;
}
