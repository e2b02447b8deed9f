import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { anonymous } from '../access/actor.js';
import type { Deps } from '../context.js';
import { DatabaseUnavailable } from '../db/unavailable.js';
import { toErrorResponse } from '../http/errors.js';
import { resolveApiToken } from '../org/tokens/resolve-token.js';
import { AppError } from '../shared/errors.js';
import { resolveSession, SESSION_COOKIE } from './sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Works out who is calling, once per request: a bearer API token (machines) or a session cookie
 * (staff in the console). Cookie-authenticated writes must carry the CSRF token; token calls need not,
 * because a browser never attaches a bearer token on its own.
 */
export function installAuthentication(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('actor', null as never);
  app.decorateRequest('sessionId', null);

  const csrf = (req: FastifyRequest, reply: FastifyReply) =>
    new Promise<void>((resolve, reject) => {
      app.csrfProtection(req, reply, (err?: Error) => (err ? reject(err) : resolve()));
    });

  // No answer leaves before the token use is audited and that entry is committed. A successful
  // answer whose use case wrote its own durable entry naming the token needs no second one.
  const tokenUse = new WeakMap<FastifyRequest, (audited: boolean) => Promise<void>>();
  app.addHook('onSend', async (req, reply, payload) => {
    const record = tokenUse.get(req);
    if (!record) return payload;
    tokenUse.delete(req);
    const audited = req.actor.kind === 'token' && req.actor.use?.audited === true && reply.statusCode < 400;
    try {
      await record(audited);
    } catch (e) {
      if (!(e instanceof DatabaseUnavailable)) throw e;
      // The database went away: the use cannot be recorded, so this answer does not leave; a 503 in
      // the usual shape does. The caller sends the call again (a report with its idempotency key
      // is then answered from the stored one), and that use is recorded.
      const { status, body } = toErrorResponse(e, req);
      void reply.code(status).header('retry-after', '5').type('application/json; charset=utf-8');
      return JSON.stringify(body);
    }
    return payload;
  });

  app.addHook('onRequest', async (req, reply) => {
    req.actor = anonymous;
    // Routes whose callers are machines with a bearer of another kind (fleet filter nodes,
    // src/filter/fleet/nodes/authenticate-node.ts) check it themselves; staff cookies mean nothing there.
    if (req.routeOptions.config?.ownBearer === true) return;
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const resolved = m ? await resolveApiToken(deps, m[1] as string, { ip: req.ip }, `${req.method} ${req.routeOptions.url ?? req.url}`) : null;
      if (!resolved) throw new AppError(401, 'invalid_token');
      req.actor = resolved.actor;
      tokenUse.set(req, resolved.record);
      return;
    }
    const cookie = req.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const session = await resolveSession(deps.db, cookie, deps.clock);
    if (!session) {
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return;
    }
    req.actor = session.actor;
    req.sessionId = session.sessionId;
    const exempt = (req.routeOptions.config as { csrf?: boolean } | undefined)?.csrf === false;
    if (!SAFE_METHODS.has(req.method) && !exempt) await csrf(req, reply);
  });
}
