import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../context.js';
import { ctxOf } from '../../http/ctx.js';
import { errorResponses } from '../../http/schemas.js';
import { AppError } from '../../shared/errors.js';
import { LetterParams, LetterQuery } from './api-schemas.js';
import { caseLetter } from './case-letter.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** GET /cases/:id/letters/:kind — a case's takedown request or referral letter (.docx, Decree 30/2020 layout). */
export async function caseLetterRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/cases/:id/letters/:kind',
    {
      // Who is asking is decided before the address and query are checked, as on every other route:
      // an anonymous caller learns 401, not which letter kinds or parameters exist.
      preValidation: async (req) => {
        if (req.actor.kind === 'anonymous') throw new AppError(401, 'unauthenticated');
      },
      schema: {
        tags: ['cases'],
        summary: 'Công văn đề nghị gỡ bỏ / chuyển xử lý (.docx) / takedown request or referral letter',
        params: LetterParams,
        produces: [DOCX],
        querystring: LetterQuery,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { filename, docx } = await caseLetter(ctxOf(req, deps), req.params, req.query);
      return reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${filename}"`).type(DOCX).send(docx);
    },
  );
}
