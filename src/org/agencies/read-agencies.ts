import { whereScope } from '../../access/scope-sql.js';
import type { Ctx } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import type { AgenciesTable } from '../tables.js';
import { agencyPolicy } from './agency.policy.js';

/** The agencies the caller may see, by code. */
export async function listAgencies(ctx: Ctx): Promise<AgenciesTable[]> {
  agencyPolicy.authorize(ctx.actor, 'read');
  return whereScope(ctx.db.kysely.selectFrom('agencies'), agencyPolicy.listScope(ctx.actor, 'read')).selectAll().orderBy('code').execute();
}

export async function getAgency(ctx: Ctx, id: string): Promise<AgenciesTable> {
  agencyPolicy.authorize(ctx.actor, 'read');
  const row = await ctx.db.kysely.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  agencyPolicy.authorize(ctx.actor, 'read', row);
  return row;
}
