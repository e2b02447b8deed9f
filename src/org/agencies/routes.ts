import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../context.js';
import { ctxOf } from '../../http/ctx.js';
import { errorResponses, IdParams, Nullable, Page, Text } from '../../http/schemas.js';
import type { AgenciesTable } from '../tables.js';
import { agencyPolicy } from './agency.policy.js';
import { getAgency, listAgencies } from './read-agencies.js';
import { RESPONSIBILITIES } from './responsibilities.js';
import { createAgency, updateAgency } from './save-agency.js';

const Level = Type.Union([Type.Literal('city'), Type.Literal('ward')]);
export const Agency = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    name: Type.String(),
    nameEn: Type.String(),
    level: Level,
    unitId: Type.String(),
    responsibilities: Type.Array(Type.String()),
    email: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    active: Type.Boolean(),
  },
  { $id: 'Agency' },
);
const AgencyBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$' }),
    name: Text(300),
    nameEn: Text(300),
    level: Level,
    unitId: Type.String({ minLength: 1, maxLength: 16 }),
    responsibilities: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 30 }),
    email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 200 }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 40, pattern: '^[0-9 +().-]*$' }))),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const toAgency = (a: AgenciesTable) => ({
  id: a.id,
  code: a.code,
  name: a.name,
  nameEn: a.name_en,
  level: a.level,
  unitId: a.unit_id,
  responsibilities: JSON.parse(a.responsibilities) as string[],
  email: a.email,
  phone: a.phone,
  active: a.active === 1,
});

export async function agencyRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['org'];
  app.get('/agencies', { schema: { tags, summary: 'Cơ quan / agencies', response: { 200: Page(Agency), ...errorResponses } } }, async (req) => {
    const rows = await listAgencies(ctxOf(req, deps));
    return { items: rows.map(toAgency), total: rows.length };
  });
  app.get(
    '/agencies/responsibilities',
    {
      schema: {
        tags,
        summary: 'Danh mục nhiệm vụ / responsibility codes',
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })) }), ...errorResponses },
      },
    },
    async (req) => {
      agencyPolicy.authorize(req.actor, 'read');
      return { items: Object.entries(RESPONSIBILITIES).map(([code, l]) => ({ code, label: l[req.lang] })) };
    },
  );
  app.get('/agencies/:id', { schema: { tags, params: IdParams, response: { 200: Agency, ...errorResponses } } }, async (req) =>
    toAgency(await getAgency(ctxOf(req, deps), req.params.id)),
  );
  app.post('/agencies', { schema: { tags, body: AgencyBody, response: { 201: Agency, ...errorResponses } } }, async (req, reply) => {
    return reply.status(201).send(toAgency(await createAgency(ctxOf(req, deps), req.body)));
  });
  app.patch(
    '/agencies/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Partial(AgencyBody, { additionalProperties: false, minProperties: 1 }),
        response: { 200: Agency, ...errorResponses },
      },
    },
    async (req) => toAgency(await updateAgency(ctxOf(req, deps), req.params.id, req.body)),
  );
}
