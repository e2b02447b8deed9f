import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyReply, LogController } from 'fastify';
import { Registry } from 'prom-client';
import { installAuthentication } from '../auth/authenticate.js';
import type { Deps } from '../context.js';
import { ping } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { JobRunner } from '../shared/jobs.js';
import { installConsole, isConsoleAsset } from './console.js';
import { installErrorHandling, toErrorResponse } from './errors.js';
import { jobMetrics } from './job-metrics.js';
import { installLanguage } from './lang.js';
import { installMetrics } from './metrics.js';
import { rateCountersFor } from './rate-counters.js';
import { sharedRateLimitStore } from './rate-limit-store.js';
import { securityHeaders } from './security-headers.js';
import './types.js';

export type App = FastifyInstance;

/** A feature's routes: a Fastify plugin that receives the shared dependencies. */
export type RouteModule = (app: FastifyInstance, deps: Deps) => Promise<void>;

/**
 * Routes mounted outside the API prefix (the public pages own the site root, `prefix: ''`).
 * platform.ts lists them with the API modules, so this file imports no feature's routes.
 */
export interface SiteModule {
  prefix: string;
  routes: RouteModule;
}

export interface HttpOptions {
  /** Requests per minute per client IP on the API, before 429. */
  rateLimitPerMinute?: number;
  /** Sign-in attempts per minute per client IP. */
  loginPerMinute?: number;
  logger?: boolean;
  /** where the log lines go instead of stdout (tests read them) */
  logStream?: { write(line: string): void };
}

export const API_PREFIX = '/api/v1';
export const JSON_BODY_LIMIT = 1024 * 1024;

export async function buildHttpApp(deps: Deps, modules: ReadonlyArray<RouteModule | SiteModule>, options: HttpOptions = {}): Promise<App> {
  const app = Fastify({
    logger:
      options.logger === false || deps.config.logLevel === 'silent'
        ? false
        : { level: deps.config.logLevel, ...(options.logStream ? { stream: options.logStream } : {}) },
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: false,
    // Keeps request ids short in logs; the audit trail has its own identifiers.
    genReqId: () => Math.random().toString(36).slice(2, 10),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    return503OnClosing: true,
    // Per-request lines would drown the log; metrics count requests, the audit trail records actions.
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: false,
    // Errors Fastify raises before routing (bad URL encoding, over-long path parameters) get the same shape.
    frameworkErrors: (err, req, reply) => {
      const { status, body } = toErrorResponse(err, req);
      return (reply as unknown as FastifyReply).status(status).send(body);
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandling(app);
  installLanguage(app);
  // Every route, as registered: the scoping test walks this list so no route escapes it.
  const routeTable: Array<{ method: string; url: string }> = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routeTable.push({ method, url: r.url });
  });

  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    // helmet refuses an option set to true: leave HSTS at its default when cookies are secure
    ...(deps.config.secureCookies ? {} : { strictTransportSecurity: false }),
  });
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
  await app.register(fastifyCookie, { secret: deps.sealer.derive('cookie-signing') });
  await app.register(fastifyCsrf, {
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', path: '/', secure: deps.config.secureCookies },
    getToken: (req) => req.headers['x-csrf-token'] as string | undefined,
    getUserInfo: (req) => req.sessionId ?? '',
    csrfOpts: { hmacKey: deps.sealer.derive('csrf-hmac') },
  });
  // several instances on one PostgreSQL count in the database; SQLite (one process): the plugin's memory
  const counters = rateCountersFor(deps);
  await app.register(fastifyRateLimit, {
    ...(counters.shared ? { store: sharedRateLimitStore(counters) } : {}),
    max: options.rateLimitPerMinute ?? 600,
    timeWindow: 60_000,
    // the console's hashed files are static and cached for a year: a school's staff behind one
    // address loading the console (about 40 files each) must not use up the API's allowance
    allowList: (req) => isConsoleAsset(req.url),
    errorResponseBuilder: (_req, ctx) => Object.assign(new AppError(ctx.statusCode, 'rate_limited', { after: ctx.after }), { statusCode: ctx.statusCode }),
  });
  await app.register(fastifyMultipart, { limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 10, parts: 12, fieldSize: 1024 } });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Lá Chắn API',
        version: '1',
        description:
          'API của nền tảng Lá Chắn — bảo vệ trẻ em trên không gian mạng. Lỗi luôn có dạng { "error": { "code", "message" } }; thông điệp bằng tiếng Việt, tiếng Anh khi gửi Accept-Language: en.\n\nLá Chắn platform API. Errors are always { "error": { "code", "message" } }; messages in Vietnamese, English with Accept-Language: en.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'lachan_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  installAuthentication(app, deps);
  const registry = new Registry();
  installMetrics(app, registry);
  // Background jobs (shared/jobs.ts): features add theirs with app.jobs.add; they start when the
  // server listens (tests that only inject requests run none unless they ask) and stop before it
  // closes, waiting for the runs in flight — preClose, so they end before any plugin's onClose
  // tears down what they use (the mail transport, the database).
  const jobs = new JobRunner(app.log, jobMetrics(registry));
  app.decorate('jobs', jobs);
  app.addHook('onListen', async () => jobs.start());
  app.addHook('preClose', async () => jobs.stop());

  app.get('/api/openapi.json', { schema: { hide: true }, config: { rateLimit: false } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true }, config: { rateLimit: false } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true }, config: { rateLimit: false } }, async (_req, reply) => {
    const db = await ping(deps.db);
    // Jobs are shown, but readiness does not depend on them: a failing list refresh is no reason
    // to take the API out of the load balancer. Timestamps and counts only: this route is public,
    // and error messages (which may name hosts or tables) go to the log.
    return reply.status(db ? 200 : 503).send({ status: db ? 'ready' : 'not_ready', database: db ? 'ok' : 'unreachable', jobs: app.jobs.status() });
  });

  app.decorate('httpOptions', options);
  for (const module of modules) {
    const { routes, prefix } = typeof module === 'function' ? { routes: module, prefix: API_PREFIX } : module;
    await app.register(async (scope) => routes(scope, deps), prefix ? { prefix } : {});
  }

  await installConsole(app);
  return app;
}
