import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { type Role, systemActor } from '../access/actor.js';
import { loadConfig } from '../config.js';
import type { Deps } from '../context.js';
import { type App, buildHttpApp, type HttpOptions } from '../http/app.js';
import { seedOrg } from '../org/seed.js';
import { insertUser } from '../org/users/save-user.js';
import { routeModules } from '../platform.js';
import { newId } from '../shared/ids.js';
import { openSealer } from '../shared/secrets.js';
import { type Clock, systemClock } from '../shared/time.js';
import { TEST_SECRET_KEY, type TestDb } from './databases.js';

export const ADMIN_PASSWORD = 'test-admin-password-1';
export const STAFF_PASSWORD = 'staff-password-long-1';

export interface Session {
  cookie: string;
  csrf: string;
  request(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export interface TestApp {
  app: App;
  deps: Deps;
  login(username: string, password?: string): Promise<Session>;
  /** Creates a staff account directly (as the system) and returns a signed-in session for it. */
  staff(role: Role, scope?: { unitId?: string; agencyId?: string; schoolId?: string }): Promise<Session & { id: string; username: string }>;
  close(): Promise<void>;
}

/** The real HTTP app (every module, every hook) on a test database, driven with app.inject. */
export async function createTestApp(db: TestDb, options: { clock?: Clock; http?: HttpOptions } = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-app-'));
  const config = loadConfig({ LACHAN_DATA_DIR: dataDir, LACHAN_LOG_LEVEL: 'silent', LACHAN_ADMIN_PASSWORD: ADMIN_PASSWORD });
  const deps: Deps = { db, config, sealer: openSealer(dataDir, TEST_SECRET_KEY.toString('base64')).sealer, clock: options.clock ?? systemClock };
  await seedOrg(deps);
  const app = await buildHttpApp(deps, routeModules, { loginPerMinute: 10_000, rateLimitPerMinute: 100_000, ...options.http });
  await app.ready();

  async function login(username: string, password = STAFF_PASSWORD): Promise<Session> {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrf = (res.json() as { csrfToken: string }).csrfToken;
    return {
      cookie,
      csrf,
      request: (method, url, body, headers = {}) =>
        app.inject({
          method,
          url,
          headers: { cookie, 'x-csrf-token': csrf, ...headers },
          ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
        }),
    };
  }

  let n = 0;
  return {
    app,
    deps,
    login,
    async staff(role, scope = {}) {
      const username = `${role.replace('_', '')}${++n}x${newId().slice(0, 6)}`;
      const user = await db.kysely
        .transaction()
        .execute((trx) =>
          insertUser(
            trx,
            systemActor('test'),
            { username, displayName: `Test ${role}`, password: STAFF_PASSWORD, role, ...scope },
            { clock: deps.clock, origin: { ip: null } },
          ),
        );
      return { ...(await login(username)), id: user.id, username };
    },
    close: () => app.close(),
  };
}
