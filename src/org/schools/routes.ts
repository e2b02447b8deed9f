import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../context.js';
import { ctxOf } from '../../http/ctx.js';
import { errorResponses, IdParams, Nullable, Page, Paging, Text } from '../../http/schemas.js';
import { AppError } from '../../shared/errors.js';
import { t } from '../../shared/i18n.js';
import type { SchoolsTable } from '../tables.js';
import { importSchools } from './import-schools.js';
import { SCHOOL_LEVELS } from './levels.js';
import { getSchool, listSchools } from './read-schools.js';
import { createSchool, deleteSchool, updateSchool } from './save-school.js';
import { schoolPolicy } from './school.policy.js';

const Level = Type.Union(SCHOOL_LEVELS.map((l) => Type.Literal(l)));
export const School = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    name: Type.String(),
    level: Level,
    unitId: Type.String(),
    address: Nullable(Type.String()),
    isDemo: Type.Boolean(),
  },
  { $id: 'School' },
);
const SchoolBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9._-]+$' }),
    name: Text(200),
    level: Level,
    unitId: Type.String({ minLength: 1, maxLength: 16 }),
    address: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  },
  { additionalProperties: false },
);
const ImportResult = Type.Object({
  total: Type.Integer(),
  valid: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  rejected: Type.Array(Type.Object({ line: Type.Integer(), code: Type.String(), reason: Type.String() })),
});

const toSchool = (s: SchoolsTable) => ({
  id: s.id,
  code: s.code,
  name: s.name,
  level: s.level,
  unitId: s.unit_id,
  address: s.address,
  isDemo: s.is_demo === 1,
});

export async function schoolRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['org'];

  app.get(
    '/schools',
    {
      schema: {
        tags,
        summary: 'Trường học, cơ sở chăm sóc / schools and care facilities',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 100 })),
          unitId: Type.Optional(Type.String({ maxLength: 16 })),
          level: Type.Optional(Level),
          ...Paging,
        }),
        response: { 200: Page(School), ...errorResponses },
      },
    },
    async (req) => {
      const { items, total } = await listSchools(ctxOf(req, deps), req.query);
      return { items: items.map(toSchool), total };
    },
  );

  app.get('/schools/:id', { schema: { tags, params: IdParams, response: { 200: School, ...errorResponses } } }, async (req) =>
    toSchool(await getSchool(ctxOf(req, deps), req.params.id)),
  );

  app.post('/schools', { schema: { tags, body: SchoolBody, response: { 201: School, ...errorResponses } } }, async (req, reply) =>
    reply.status(201).send(toSchool(await createSchool(ctxOf(req, deps), req.body))),
  );

  app.patch(
    '/schools/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Partial(SchoolBody, { additionalProperties: false, minProperties: 1 }),
        response: { 200: School, ...errorResponses },
      },
    },
    async (req) => toSchool(await updateSchool(ctxOf(req, deps), req.params.id, req.body)),
  );

  app.delete('/schools/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await deleteSchool(ctxOf(req, deps), req.params.id);
    return reply.status(204).send(null);
  });

  app.post(
    '/schools/import',
    {
      schema: {
        tags,
        summary: 'Nhập danh sách trường từ tệp CSV/XLSX (trường "file") / import schools from CSV or XLSX (multipart field "file")',
        consumes: ['multipart/form-data'],
        querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean()) }),
        response: { 200: ImportResult, ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] },
      },
    },
    async (req) => {
      schoolPolicy.authorize(req.actor, 'import');
      if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', { type: req.headers['content-type'] ?? '-' });
      const file = await req.file();
      if (file?.fieldname !== 'file') throw new AppError(400, 'validation_failed', { detail: "'file'" });
      const bytes = await file.toBuffer();
      if (file.file.truncated) throw new AppError(413, 'file_too_large', { limit: 5 * 1024 * 1024 });
      const result = await importSchools(ctxOf(req, deps), { filename: file.filename, bytes }, { dryRun: req.query.dryRun === true });
      return { ...result, rejected: result.rejected.map((r) => ({ line: r.line, code: r.code, reason: t(req.lang, r.code, r.params) })) };
    },
  );
}
