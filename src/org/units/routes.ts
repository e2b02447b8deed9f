import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { whereScope } from '../../access/scope-sql.js';
import { IdParams, Nullable, Page, Paging, errorResponses } from '../../http/schemas.js';
import { notFound } from '../../shared/errors.js';
import { likeContains } from '../../shared/text.js';
import { sql } from 'kysely';
import type { UnitsTable } from '../tables.js';
import { unitPolicy } from './unit.policy.js';
import type { Deps } from '../../context.js';

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
      unitPolicy.authorize(req.actor, 'read');
      const { q, kind, limit = 200, offset = 0 } = req.query;
      let query = whereScope(deps.db.kysely.selectFrom('units'), unitPolicy.listScope(req.actor, 'read'));
      if (kind) query = query.where('kind', '=', kind);
      if (q) query = query.where(sql<boolean>`search_key like ${likeContains(q)} escape '\\'`);
      const [items, total] = await Promise.all([
        query.selectAll().orderBy('kind').orderBy('search_key').limit(limit).offset(offset).execute(),
        query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: items.map(toUnit), total: Number(total.n) };
    },
  );
  app.get('/units/:id', { schema: { tags: ['org'], params: IdParams, response: { 200: Unit, ...errorResponses } } }, async (req) => {
    unitPolicy.authorize(req.actor, 'read');
    const unit = await deps.db.kysely.selectFrom('units').selectAll().where('id', '=', req.params.id).executeTakeFirst();
    if (!unit) throw notFound();
    return toUnit(unit);
  });
}
