import { sql } from 'kysely';
import type { Role } from '../../access/actor.js';
import { whereScope } from '../../access/scope-sql.js';
import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { likeContains } from '../../shared/text.js';
import type { UsersTable } from '../tables.js';
import { userPolicy } from './user.policy.js';

export interface UserListQuery {
  q?: string | undefined;
  role?: Role | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** Staff accounts the caller may see; staff personal data, so the read itself is recorded. */
export async function listUsers(ctx: Ctx, query: UserListQuery): Promise<{ items: UsersTable[]; total: number }> {
  userPolicy.authorize(ctx.actor, 'read');
  const { q, role, limit = 50, offset = 0 } = query;
  let qb = whereScope(ctx.db.kysely.selectFrom('users'), userPolicy.listScope(ctx.actor, 'read'));
  if (role) qb = qb.where('role', '=', role);
  if (q) qb = qb.where(sql<boolean>`(username like ${likeContains(q)} escape '\\' or lower(display_name) like ${likeContains(q)} escape '\\')`);
  const [items, total] = await Promise.all([
    qb.selectAll().orderBy('username').limit(limit).offset(offset).execute(),
    qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await audit(ctx, ctx.db.kysely, 'user.listed', { type: 'user' }, { count: items.length, q: q ?? null });
  return { items, total: Number(total.n) };
}

/** One staff account (404 outside the caller's scope); the read is recorded. */
export async function getUser(ctx: Ctx, id: string): Promise<UsersTable> {
  userPolicy.authorize(ctx.actor, 'read');
  const row = await ctx.db.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  userPolicy.authorize(ctx.actor, 'read', row);
  await audit(ctx, ctx.db.kysely, 'user.read', { type: 'user', id: row.id });
  return row;
}
