import type { Ctx } from '../../context.js';
import { cityFilterPolicy } from '../filter.policy.js';
import type { FilterGuardDecisionsTable, FilterGuardEntriesTable } from '../safety-tables.js';
import { guardDomainOf } from './guard-domain.js';

/**
 * Whether a name is guarded (by itself or a parent domain: the most specific entry wins) and
 * whether a decision in force covers it.
 */
export async function checkGuard(
  ctx: Ctx,
  domainIn: string,
): Promise<{ domain: string; guard: FilterGuardEntriesTable | null; decision: FilterGuardDecisionsTable | null }> {
  cityFilterPolicy.authorize(ctx.actor, 'read');
  const db = ctx.db.kysely;
  const domain = guardDomainOf(domainIn);
  const labels = domain.split('.');
  const suffixes = labels.map((_, i) => labels.slice(i).join('.'));
  const g = await db.selectFrom('filter_guard_entries').selectAll().where('domain', 'in', suffixes).where('removed_at', 'is', null).execute();
  const guard = g.sort((a, b) => b.domain.length - a.domain.length)[0] ?? null;
  const d = await db.selectFrom('filter_guard_decisions').selectAll().where('domain', 'in', suffixes).where('revoked_at', 'is', null).executeTakeFirst();
  return { domain, guard, decision: d ?? null };
}
