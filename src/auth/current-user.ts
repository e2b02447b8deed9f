import type { Ctx } from '../context.js';
import type { UsersTable } from '../org/tables.js';
import { AppError } from '../shared/errors.js';

/** The signed-in account behind a session (tokens and anonymous callers have none: 401). */
export async function currentUser(ctx: Ctx, sessionId: string | null | undefined): Promise<{ user: UsersTable; sessionId: string }> {
  if (ctx.actor.kind !== 'user' || !sessionId) throw new AppError(401, 'unauthenticated');
  const user = await ctx.db.kysely.selectFrom('users').selectAll().where('id', '=', ctx.actor.id).executeTakeFirstOrThrow();
  return { user, sessionId };
}
