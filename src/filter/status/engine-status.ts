import type { Static } from '@sinclair/typebox';
import type { Ctx } from '../../context.js';
import type { EngineStatus, QueryLogEntry } from '../api-schemas.js';
import { cityFilterPolicy, filterStatsPolicy } from '../filter.policy.js';
import { runningFilterServices } from '../service.js';

/** The DNS engine running in this process, if any (the console's server runs at most one). */
const running = () => [...runningFilterServices][0];

/** Whether the engine runs, and its counters, cache, upstreams and snapshot version. */
export function engineStatus(ctx: Ctx): Static<typeof EngineStatus> {
  cityFilterPolicy.authorize(ctx.actor, 'read');
  const s = running();
  if (!s) return { running: false };
  const m = s.engine.metrics;
  return {
    running: true,
    address: s.server.address,
    domains: m.domains,
    queries: m.total(),
    cacheEntries: s.engine.cache.size,
    cacheHitRatio: m.cacheHits + m.cacheMisses ? m.cacheHits / (m.cacheHits + m.cacheMisses) : 0,
    upstreams: s.engine.upstreams.servers.map((u) => ({ server: `${u.host}:${u.port}`, up: u.downUntil <= Date.now() })),
    blocks: Object.fromEntries(m.blocks),
    version: s.engine.snapshot.version,
  };
}

/** The engine's short in-memory log of recent look-ups (subnet only, never a device). */
export function recentQueryLog(ctx: Ctx): Static<typeof QueryLogEntry>[] {
  filterStatsPolicy.authorize(ctx.actor, 'read_log');
  const s = running();
  return s ? s.engine.queryLog.list(Date.now()) : [];
}
