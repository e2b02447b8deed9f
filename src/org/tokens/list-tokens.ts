import { whereScope } from '../../access/scope-sql.js';
import type { Ctx } from '../../context.js';
import type { ApiTokensTable } from '../tables.js';
import { tokenPolicy } from './token.policy.js';

/** The API tokens the caller may see, newest first (the stored hash never leaves; see toToken). */
export async function listTokens(ctx: Ctx): Promise<ApiTokensTable[]> {
  tokenPolicy.authorize(ctx.actor, 'read');
  return whereScope(ctx.db.kysely.selectFrom('api_tokens'), tokenPolicy.listScope(ctx.actor, 'read')).selectAll().orderBy('created_at', 'desc').execute();
}
