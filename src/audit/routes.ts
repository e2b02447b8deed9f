import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, Nullable } from '../http/schemas.js';
import { AppError } from '../shared/errors.js';
import { actionLabel, actorLabel, auditVocabulary, isReadAction, subjectLabel } from './actions.js';
import { auditPolicy } from './audit.policy.js';
import './messages.js';
import { readAudit } from './read-audit.js';
import { verifyAuditChain } from './verify.js';

const Entry = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actorType: Type.String(),
  actorLabel: Type.String(),
  action: Type.String(),
  /** The action in words, in the reader's language ("Xem danh sách người dùng"). */
  actionLabel: Type.String(),
  /** A routine read (a list, opening a record, a preview): hidden unless asked for. */
  read: Type.Boolean(),
  subjectType: Type.String(),
  /** The kind of record in words ("người dùng"). */
  subjectLabel: Type.String(),
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
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
            before: Type.Optional(Type.Integer({ minimum: 1 })),
            who: Type.Optional(Type.String({ maxLength: 100, description: 'a part of the actor’s name' })),
            action: Type.Optional(
              Type.String({ maxLength: 64, pattern: '^[a-z0-9_]+\\.[a-z0-9_]*$', description: 'user.updated, or user. for every action on users' }),
            ),
            subjectType: Type.Optional(Type.String({ maxLength: 64, pattern: '^[a-z0-9_]+$' })),
            subjectId: Type.Optional(Type.String({ maxLength: 64 })),
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            show: Type.Optional(
              Type.Union([Type.Literal('actions'), Type.Literal('reads'), Type.Literal('all')], {
                description: 'actions (default: routine reads hidden), reads, or all',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Entry) }), ...errorResponses },
      },
    },
    async (req) => {
      const { from, to } = req.query;
      if (from && to && Date.parse(from) > Date.parse(to)) throw new AppError(400, 'audit_range_reversed');
      const rows = await readAudit(ctxOf(req, deps), req.query);
      return {
        items: rows.map((r) => ({
          seq: r.seq,
          at: r.at,
          actorType: r.actor_type,
          actorLabel: actorLabel(req.lang, r.actor_type, r.actor_label),
          action: r.action,
          actionLabel: actionLabel(req.lang, r.action),
          read: isReadAction(r.action),
          subjectType: r.subject_type,
          subjectLabel: subjectLabel(req.lang, r.subject_type),
          subjectId: r.subject_id,
          ip: r.ip,
          detail: JSON.parse(r.detail) as Record<string, unknown>,
        })),
      };
    },
  );
  app.get(
    '/audit/vocabulary',
    {
      schema: {
        tags,
        summary: 'Tên các loại bản ghi cho bộ lọc / kinds of record for the filters',
        response: { 200: Type.Object({ subjects: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })) }), ...errorResponses },
      },
    },
    async (req) => {
      auditPolicy.authorize(req.actor, 'read');
      return auditVocabulary(req.lang);
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
