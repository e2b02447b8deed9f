import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../context.js';
import { ctxOf } from '../../http/ctx.js';
import { errorResponses, IdParams, Nullable, Page, Paging } from '../../http/schemas.js';
import type { UnitsTable } from '../tables.js';
import { getUnit, listUnits } from './read-units.js';

export const Unit = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    fullName: Type.String(),
    nameEn: Type.String(),
    kind: Type.Union([Type.Literal('city'), Type.Literal('ward'), Type.Literal('commune')]),
    parentId: Nullable(Type.String()),
  },
  { $id: 'Unit' },
);

const toUnit = (u: UnitsTable) => ({ id: u.id, name: u.name, fullName: u.full_name, nameEn: u.name_en, kind: u.kind, parentId: u.parent_id });

export async function unitRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/units',
    {
      schema: {
        tags: ['org'],
        summary: 'Đơn vị hành chính (thành phố, phường, xã) / administrative units',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 100 })),
          kind: Type.Optional(Type.Union([Type.Literal('city'), Type.Literal('ward'), Type.Literal('commune')])),
          ...Paging,
        }),
        response: { 200: Page(Unit), ...errorResponses },
      },
    },
    async (req) => {
      const { items, total } = await listUnits(ctxOf(req, deps), req.query);
      return { items: items.map(toUnit), total };
    },
  );
  app.get('/units/:id', { schema: { tags: ['org'], params: IdParams, response: { 200: Unit, ...errorResponses } } }, async (req) =>
    toUnit(await getUnit(ctxOf(req, deps), req.params.id)),
  );
}
