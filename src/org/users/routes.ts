import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../context.js';
import { ctxOf } from '../../http/ctx.js';
import { errorResponses, IdParams, Nullable, Page, Paging, Text } from '../../http/schemas.js';
import type { UsersTable } from '../tables.js';
import { getUser, listUsers } from './read-users.js';
import { ROLE_CODES } from './roles.js';
import { createUser, updateUser } from './save-user.js';

const RoleSchema = Type.Union(ROLE_CODES.map((r) => Type.Literal(r)));
export const User = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    email: Nullable(Type.String()),
    role: RoleSchema,
    unitId: Nullable(Type.String()),
    agencyId: Nullable(Type.String()),
    schoolId: Nullable(Type.String()),
    totpEnabled: Type.Boolean(),
    disabled: Type.Boolean(),
    locked: Type.Boolean(),
    lastLoginAt: Nullable(Type.String()),
    createdAt: Type.String(),
  },
  { $id: 'User' },
);
const Password = Type.String({ minLength: 1, maxLength: 256 });
const ScopeIds = {
  unitId: Type.Optional(Nullable(Type.String({ maxLength: 16 }))),
  agencyId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  schoolId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
};
const CreateBody = Type.Object(
  {
    username: Type.String({ minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }),
    displayName: Text(200),
    email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 200 }))),
    password: Password,
    role: RoleSchema,
    ...ScopeIds,
  },
  { additionalProperties: false },
);
const PatchBody = Type.Object(
  {
    displayName: Type.Optional(Text(200)),
    email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 200 }))),
    password: Type.Optional(Password),
    role: Type.Optional(RoleSchema),
    ...ScopeIds,
    disabled: Type.Optional(Type.Boolean()),
    unlock: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const toUser = (u: UsersTable, now: Date) => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  email: u.email,
  role: u.role,
  unitId: u.unit_id,
  agencyId: u.agency_id,
  schoolId: u.school_id,
  totpEnabled: u.totp_enabled === 1,
  disabled: u.disabled === 1,
  locked: u.locked_until !== null && Date.parse(u.locked_until) > now.getTime(),
  lastLoginAt: u.last_login_at,
  createdAt: u.created_at,
});

export async function userRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['org'];

  app.get(
    '/users',
    {
      schema: {
        tags,
        summary: 'Tài khoản cán bộ / staff accounts',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })), role: Type.Optional(RoleSchema), ...Paging }),
        response: { 200: Page(User), ...errorResponses },
      },
    },
    async (req) => {
      const { items, total } = await listUsers(ctxOf(req, deps), req.query);
      const now = deps.clock();
      return { items: items.map((u) => toUser(u, now)), total };
    },
  );

  app.get('/users/:id', { schema: { tags, params: IdParams, response: { 200: User, ...errorResponses } } }, async (req) =>
    toUser(await getUser(ctxOf(req, deps), req.params.id), deps.clock()),
  );

  app.post('/users', { schema: { tags, body: CreateBody, response: { 201: User, ...errorResponses } } }, async (req, reply) =>
    reply.status(201).send(toUser(await createUser(ctxOf(req, deps), req.body), deps.clock())),
  );

  app.patch('/users/:id', { schema: { tags, params: IdParams, body: PatchBody, response: { 200: User, ...errorResponses } } }, async (req) =>
    toUser(await updateUser(ctxOf(req, deps), req.params.id, req.body), deps.clock()),
  );
}
