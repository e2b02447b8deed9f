import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deps } from '../context.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, Nullable } from '../http/schemas.js';
import type { UsersTable } from '../org/tables.js';
import { ABILITIES, abilitiesOf } from './abilities.js';
import { changePassword, setTotpEnabled, setupTotp } from './account.js';
import { currentUser } from './current-user.js';
import { login } from './login.js';
import { logout } from './logout.js';
import { destroySession, SESSION_ABSOLUTE_MS, SESSION_COOKIE, userActor } from './sessions.js';

/** Every ability, true or false (abilities.ts): the console shows or hides by these, never by role. */
const Abilities = Type.Object(Object.fromEntries(ABILITIES.map((a) => [a.name, Type.Boolean()])), { additionalProperties: false });

const Me = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    role: Type.String(),
    unitId: Nullable(Type.String()),
    agencyId: Nullable(Type.String()),
    schoolId: Nullable(Type.String()),
    totpEnabled: Type.Boolean(),
    locale: Type.String(),
    abilities: Abilities,
  },
  { $id: 'Me' },
);
const MeResponse = Type.Object({ user: Me, csrfToken: Type.String() });
const Code = Type.Object({ code: Type.String({ minLength: 6, maxLength: 6, pattern: '^[0-9]{6}$' }) }, { additionalProperties: false });

const toMe = (u: UsersTable) => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  unitId: u.unit_id,
  agencyId: u.agency_id,
  schoolId: u.school_id,
  totpEnabled: u.totp_enabled === 1,
  locale: u.locale,
  abilities: abilitiesOf(userActor(u)),
});

export async function authRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['auth'];
  const csrfFor = (reply: FastifyReply, sessionId: string) => reply.generateCsrf({ userInfo: sessionId });

  app.post(
    '/auth/login',
    {
      schema: {
        tags,
        summary: 'Đăng nhập / sign in',
        security: [],
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 1024 }),
            totp: Type.Optional(Type.String({ maxLength: 10 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: MeResponse, ...errorResponses, 423: errorResponses[401] },
      },
      // No session exists yet to bind a CSRF token to; SameSite=Strict keeps cross-site posts out.
      config: {
        csrf: false,
        // Per client address; each account also locks itself after repeated failures (login.ts).
        rateLimit: { max: fastify.httpOptions.loginPerMinute ?? 20, timeWindow: 60_000 },
      },
    },
    async (req, reply) => {
      const { token, sessionId, user } = await login(ctxOf(req, deps), req.body);
      if (req.sessionId) await destroySession(deps.db, req.sessionId);
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.config.secureCookies,
        maxAge: SESSION_ABSOLUTE_MS / 1000,
      });
      return { user: toMe(user), csrfToken: csrfFor(reply, sessionId) };
    },
  );

  app.post('/auth/logout', { schema: { tags, summary: 'Đăng xuất / sign out', response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    if (req.sessionId) await logout(ctxOf(req, deps), req.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get(
    '/auth/me',
    { schema: { tags, summary: 'Tài khoản đang đăng nhập / current account', response: { 200: MeResponse, ...errorResponses } } },
    async (req, reply) => {
      const { user, sessionId } = await currentUser(ctxOf(req, deps), req.sessionId);
      return { user: toMe(user), csrfToken: csrfFor(reply, sessionId) };
    },
  );

  app.post(
    '/auth/totp/setup',
    { schema: { tags, response: { 200: Type.Object({ secret: Type.String(), otpauthUri: Type.String() }), ...errorResponses } } },
    async (req, reply) => reply.header('cache-control', 'no-store').send(await setupTotp(ctxOf(req, deps))),
  );
  app.post(
    '/auth/totp/enable',
    { schema: { tags, body: Code, response: { 204: Type.Null(), ...errorResponses, 423: errorResponses[401] } } },
    async (req, reply) => {
      await setTotpEnabled(ctxOf(req, deps), req.body.code, true);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/auth/totp/disable',
    { schema: { tags, body: Code, response: { 204: Type.Null(), ...errorResponses, 423: errorResponses[401] } } },
    async (req, reply) => {
      await setTotpEnabled(ctxOf(req, deps), req.body.code, false);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/auth/password',
    {
      schema: {
        tags,
        body: Type.Object(
          { currentPassword: Type.String({ minLength: 1, maxLength: 1024 }), newPassword: Type.String({ minLength: 1, maxLength: 1024 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errorResponses, 423: errorResponses[401] },
      },
    },
    async (req, reply) => {
      await changePassword(ctxOf(req, deps), req.body);
      return reply.status(204).send(null);
    },
  );
}
