import { sql } from 'kysely';
import { whereScope } from '../../access/scope-sql.js';
import type { Ctx } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { likeContains } from '../../shared/text.js';
import type { UnitKind, UnitsTable } from '../tables.js';
import { unitPolicy } from './unit.policy.js';

export interface UnitListQuery {
  q?: string | undefined;
  kind?: UnitKind | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** The city, wards and communes the caller may see; `q` matches names without diacritics. */
export async function listUnits(ctx: Ctx, query: UnitListQuery): Promise<{ items: UnitsTable[]; total: number }> {
  unitPolicy.authorize(ctx.actor, 'read');
  const { q, kind, limit = 200, offset = 0 } = query;
  let qb = whereScope(ctx.db.kysely.selectFrom('units'), unitPolicy.listScope(ctx.actor, 'read'));
  if (kind) qb = qb.where('kind', '=', kind);
  if (q) qb = qb.where(sql<boolean>`search_key like ${likeContains(q)} escape '\\'`);
  const [items, total] = await Promise.all([
    qb.selectAll().orderBy('kind').orderBy('search_key').limit(limit).offset(offset).execute(),
    qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** One unit: reference data, so every reader of units may read any of them (unit.policy.ts). */
export async function getUnit(ctx: Ctx, id: string): Promise<UnitsTable> {
  unitPolicy.authorize(ctx.actor, 'read');
  const unit = await ctx.db.kysely.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
  if (!unit) throw notFound();
  return unit;
}
