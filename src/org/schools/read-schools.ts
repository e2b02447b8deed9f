import { sql } from 'kysely';
import { whereScope } from '../../access/scope-sql.js';
import type { Ctx } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { likeContains } from '../../shared/text.js';
import type { SchoolLevel, SchoolsTable } from '../tables.js';
import { schoolPolicy } from './school.policy.js';

export interface SchoolListQuery {
  q?: string | undefined;
  unitId?: string | undefined;
  level?: SchoolLevel | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** Schools the caller may see; `q` matches name or code without diacritics (search_key). */
export async function listSchools(ctx: Ctx, query: SchoolListQuery): Promise<{ items: SchoolsTable[]; total: number }> {
  schoolPolicy.authorize(ctx.actor, 'read');
  const { q, unitId, level, limit = 50, offset = 0 } = query;
  let qb = whereScope(ctx.db.kysely.selectFrom('schools'), schoolPolicy.listScope(ctx.actor, 'read'));
  if (unitId) qb = qb.where('unit_id', '=', unitId);
  if (level) qb = qb.where('level', '=', level);
  if (q) qb = qb.where(sql<boolean>`search_key like ${likeContains(q)} escape '\\'`);
  const [items, total] = await Promise.all([
    qb.selectAll().orderBy('search_key').orderBy('id').limit(limit).offset(offset).execute(),
    qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export async function getSchool(ctx: Ctx, id: string): Promise<SchoolsTable> {
  schoolPolicy.authorize(ctx.actor, 'read');
  const row = await ctx.db.kysely.selectFrom('schools').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  schoolPolicy.authorize(ctx.actor, 'read', row);
  return row;
}
