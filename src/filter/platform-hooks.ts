import type { FastifyInstance } from 'fastify';
import { systemActor } from '../access/actor.js';
import type { Deps } from '../context.js';
import { isConnectionFailure } from '../db/unavailable.js';
import { newId } from '../shared/ids.js';
import type { JobRunner } from '../shared/jobs.js';
import { installBlockPageRoutes } from './blockpage.js';
import { refreshDueLists } from './lists/refresh/refresh-list.js';
import { type FilterService, startFilterService } from './service.js';
import { seedFilter } from './store.js';

/**
 * What `npm start` adds for the filter: the block page on the web app, and the DNS server beside
 * it. A DNS address already in use does not stop the web platform: one warning line, no DNS.
 */
export async function installBlockPage(app: FastifyInstance, deps: Deps): Promise<void> {
  await installBlockPageRoutes(app, deps);
}

export interface PlatformFilter {
  service: FilterService | null;
  close(): Promise<void>;
}

export async function startPlatformFilter(deps: Deps, jobs: JobRunner): Promise<PlatformFilter> {
  const cfg = deps.config;
  try {
    await seedFilter(deps.db, cfg.dataDir, deps.clock().toISOString(), newId);
  } catch (e) {
    // a connection dropped at this moment must not stop the platform: the seed is idempotent and
    // runs again at the next start; the DNS filter falls back to the policy saved on disk
    if (!isConnectionFailure(e)) throw e;
    process.stderr.write(`Bộ lọc DNS: chưa khởi tạo được dữ liệu mặc định / DNS filter: defaults not seeded — ${(e as Error).message}\n`);
  }
  let service: FilterService | null = null;
  try {
    service = await startFilterService({
      db: deps.db,
      dataDir: cfg.dataDir,
      host: cfg.dns.host,
      port: cfg.dns.port,
      upstreams: cfg.filter.upstreams,
      // the block page is this web app; when it listens on a concrete IPv4 address, answer with it
      blockpageIpv4: cfg.filter.blockpageIpv4,
      blockpageIpv6: cfg.filter.blockpageIpv6,
      rateLimitQps: cfg.filter.rateLimitQps,
      udp: cfg.filter.udp,
      metrics: cfg.filter.metrics,
      encrypted: cfg.filter.encrypted,
      jobs,
    });
  } catch (e) {
    process.stderr.write(`Bộ lọc DNS không chạy / DNS filter not started: ${cfg.dns.host}:${cfg.dns.port} — ${(e as Error).message}\n`);
  }
  const ctx = { ...deps, actor: systemActor('filter:refresh'), origin: { ip: null } };
  // a list that fails to download records its error on the list (refreshList); a failed run here
  // means the database could not be read, which the runner logs, counts and shows on /readyz
  const refresh = jobs.add({ name: 'filter.list-refresh', everyMs: 15 * 60_000, atStart: false, run: () => refreshDueLists(ctx) });
  return {
    service,
    async close() {
      await refresh.remove();
      await service?.close();
    },
  };
}
