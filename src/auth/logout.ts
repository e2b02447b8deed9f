import { audit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import { destroySession } from './sessions.js';

/** Ends the caller's session and records it (the cookie is cleared by the route, which owns the reply). */
export async function logout(ctx: Ctx, sessionId: string): Promise<void> {
  await destroySession(ctx.db, sessionId);
  await audit(ctx, ctx.db.kysely, 'user.logout', { type: 'user', id: ctx.actor.id });
}
