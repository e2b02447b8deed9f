import type { AddressInfo } from 'node:net';
import { auditAnchorJob } from './audit/anchor-job.js';
import { keyAuditChain } from './audit/append.js';
import { bindAuditKey } from './audit/chain-key.js';
import { auditRoutes } from './audit/routes.js';
import { authRoutes } from './auth/routes.js';
import { caseLetterRoutes } from './cases/letters/routes.js';
import { casesRoutes } from './cases/routes.js';
import { caseWorkRoutes } from './cases/work/routes.js';
import type { Config } from './config.js';
import type { Deps } from './context.js';
import { openDatabase } from './db/database.js';
import { migrate } from './db/migrate.js';
import { detectRoutes } from './detect/routes.js';
import { fleetRoutes } from './filter/fleet/routes.js';
import { installBlockPage, startPlatformFilter } from './filter/platform-hooks.js';
import { filterRoutes } from './filter/routes.js';
import { filterSafetyRoutes } from './filter/safety-routes.js';
import { homeRoutes } from './home/routes.js';
import { type App, buildHttpApp, type HttpOptions, type RouteModule, type SiteModule } from './http/app.js';
import { indicatorRoutes } from './indicators/routes.js';
import { intakeRoutes } from './intake/routes.js';
import { orgRoutes } from './org/routes.js';
import { type SeedResult, seedOrg } from './org/seed.js';
import { programmesRoutes } from './programmes/routes.js';
import { publicRoutes } from './public/routes.js';
import { openSealer } from './shared/secrets.js';
import { type Clock, systemClock } from './shared/time.js';

/**
 * Every feature's routes, in one list: the only place that knows all modules. The API modules are
 * served under /api/v1; the public reporting pages own the site root.
 */
export const routeModules: ReadonlyArray<RouteModule | SiteModule> = [
  authRoutes,
  ...orgRoutes,
  auditRoutes,
  intakeRoutes,
  filterRoutes,
  filterSafetyRoutes,
  fleetRoutes,
  ...detectRoutes,
  casesRoutes,
  caseWorkRoutes,
  caseLetterRoutes,
  ...programmesRoutes,
  homeRoutes,
  indicatorRoutes,
  { prefix: '', routes: publicRoutes },
];

/** Opens the database, brings the schema up to date and seeds what is missing. */
export async function openPlatform(
  config: Config,
  options: { clock?: Clock; seed?: boolean } = {},
): Promise<{ deps: Deps; seed: SeedResult | null; close: () => Promise<void> }> {
  const db = openDatabase(config.databaseUrl, config.dataDir);
  try {
    const { sealer, secretKey } = openSealer(config.dataDir, config.secretKey ?? undefined);
    bindAuditKey(db, secretKey);
    await migrate(db);
    await keyAuditChain(db.kysely);
    const deps: Deps = { db, config, sealer, clock: options.clock ?? systemClock };
    const seed = options.seed === false ? null : await seedOrg(deps);
    return { deps, seed, close: () => db.close() };
  } catch (e) {
    await db.close();
    throw e;
  }
}

export interface RunningPlatform {
  deps: Deps;
  app: App;
  httpUrl: string;
  seed: SeedResult | null;
  close(): Promise<void>;
}

/** `lachan start`: database, seed, HTTP (API + console). In-flight requests finish on close. */
export async function startPlatform(config: Config, options: { clock?: Clock; http?: HttpOptions } = {}): Promise<RunningPlatform> {
  const { deps, seed, close: closeDb } = await openPlatform(config, options);
  let app: App;
  try {
    app = await buildHttpApp(deps, routeModules, { rateLimitPerMinute: config.httpRateLimit, ...options.http });
    await installBlockPage(app, deps);
    // the daily audit anchor, a job of the app's runner (started on listen, stopped on close)
    app.jobs.add(auditAnchorJob(deps, app.log));
    // a longer queue of connections not yet accepted than Node's 511: thousands of filter nodes
    // reconnect at once after a restart or an outage, and the kernel allows 4,096 (somaxconn)
    await app.listen({ host: config.http.host, port: config.http.port, backlog: 4096 });
  } catch (e) {
    await closeDb();
    throw e;
  }
  // the school DNS filter, beside the web app (LACHAN_DNS_ADDR)
  const dns = await startPlatformFilter(deps, app.jobs);
  const addr = app.server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  let closing: Promise<void> | undefined;
  return {
    deps,
    app,
    seed,
    httpUrl: `http://${host}:${addr.port}`,
    close() {
      closing ??= (async () => {
        await dns.close();
        await app.close();
        await closeDb();
      })();
      return closing;
    },
  };
}
