import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../context.js';
import { ctxOf } from '../../http/ctx.js';
import { errorResponses, IdParams, Nullable, Text } from '../../http/schemas.js';
import type { ApiTokensTable } from '../tables.js';
import { issueToken, revokeToken } from './issue-token.js';
import { listTokens } from './list-tokens.js';
import { TOKEN_SCOPES } from './scopes.js';
import { tokenPolicy } from './token.policy.js';

export const Token = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    prefix: Type.String(),
    scopes: Type.Array(Type.String()),
    unitId: Nullable(Type.String()),
    schoolId: Nullable(Type.String()),
    createdAt: Type.String(),
    expiresAt: Nullable(Type.String()),
    lastUsedAt: Nullable(Type.String()),
    revokedAt: Nullable(Type.String()),
  },
  { $id: 'ApiToken' },
);

const toToken = (t: ApiTokensTable) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  scopes: JSON.parse(t.scopes) as string[],
  unitId: t.unit_id,
  schoolId: t.school_id,
  createdAt: t.created_at,
  expiresAt: t.expires_at,
  lastUsedAt: t.last_used_at,
  revokedAt: t.revoked_at,
});

export async function tokenRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['org'];
  app.get(
    '/tokens',
    { schema: { tags, summary: 'Mã truy cập API / API tokens', response: { 200: Type.Object({ items: Type.Array(Token) }), ...errorResponses } } },
    async (req) => {
      const rows = await listTokens(ctxOf(req, deps));
      return { items: rows.map(toToken) };
    },
  );
  app.get(
    '/tokens/scopes',
    { schema: { tags, response: { 200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })) }), ...errorResponses } } },
    async (req) => {
      tokenPolicy.authorize(req.actor, 'read');
      return { items: Object.entries(TOKEN_SCOPES).map(([code, l]) => ({ code, label: l[req.lang] })) };
    },
  );
  app.post(
    '/tokens',
    {
      schema: {
        tags,
        body: Type.Object(
          {
            name: Text(100),
            scopes: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 20 }),
            unitId: Type.Optional(Nullable(Type.String({ maxLength: 16 }))),
            schoolId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
            expiresAt: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ token: Token, secret: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { token, secret } = await issueToken(ctxOf(req, deps), req.body);
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send({ token: toToken(token), secret });
    },
  );
  app.delete('/tokens/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await revokeToken(ctxOf(req, deps), req.params.id);
    return reply.status(204).send(null);
  });
}
