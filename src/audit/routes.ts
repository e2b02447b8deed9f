import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, Nullable } from '../http/schemas.js';
import { auditPolicy } from './audit.policy.js';
import { readAudit } from './read-audit.js';
import { verifyAuditChain } from './verify.js';

const Entry = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actorType: Type.String(),
  actorLabel: Type.String(),
  action: Type.String(),
  subjectType: Type.String(),
  subjectId: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  detail: Type.Record(Type.String(), Type.Unknown()),
});

export async function auditRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['audit'];
  app.get(
    '/audit',
    {
      schema: {
        tags,
        summary: 'Nhật ký kiểm toán, mới nhất trước / audit trail, newest first',
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          before: Type.Optional(Type.Integer({ minimum: 1 })),
          subjectType: Type.Optional(Type.String({ maxLength: 64 })),
          subjectId: Type.Optional(Type.String({ maxLength: 64 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(Entry) }), ...errorResponses },
      },
    },
    async (req) => {
      const rows = await readAudit(ctxOf(req, deps), req.query);
      return {
        items: rows.map((r) => ({
          seq: r.seq,
          at: r.at,
          actorType: r.actor_type,
          actorLabel: r.actor_label,
          action: r.action,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          ip: r.ip,
          detail: JSON.parse(r.detail) as Record<string, unknown>,
        })),
      };
    },
  );
  app.post(
    '/audit/verify',
    {
      schema: {
        tags,
        summary: 'Kiểm tra toàn vẹn chuỗi nhật ký / verify the hash chain',
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            entries: Type.Integer(),
            head: Type.Optional(Type.String()),
            brokenAt: Type.Optional(Type.Integer()),
            reason: Type.Optional(Type.String()),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      auditPolicy.authorize(req.actor, 'verify');
      return verifyAuditChain(deps.db);
    },
  );
}
