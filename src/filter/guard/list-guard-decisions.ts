import type { Ctx } from '../../context.js';
import { cityFilterPolicy } from '../filter.policy.js';
import type { FilterGuardDecisionsTable } from '../safety-tables.js';

/** Guard decisions, newest first; revoked ones only when asked for all. */
export async function listGuardDecisions(ctx: Ctx, all: boolean): Promise<FilterGuardDecisionsTable[]> {
  cityFilterPolicy.authorize(ctx.actor, 'read');
  let q = ctx.db.kysely.selectFrom('filter_guard_decisions').selectAll();
  if (!all) q = q.where('revoked_at', 'is', null);
  return q.orderBy('decided_at', 'desc').limit(1000).execute();
}
