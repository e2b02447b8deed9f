import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { AppError, badInput, conflict } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { cleanText } from '../../shared/text.js';
import { cityFilterPolicy } from '../filter.policy.js';
import type { FilterGuardDecisionsTable } from '../safety-tables.js';
import { afterGuardDecision } from './after-guard-change.js';
import { guardDomainOf } from './guard-domain.js';
import { loadGuard } from './read-guard.js';

/**
 * "Block this guarded name anyway": the city names the reason; the name (and its subdomains) is
 * blocked in `category` for every band that blocks that category, and "why is this blocked?"
 * shows the decision. Only for guarded names: anything else is blocked by a list or a band entry.
 */
export async function addGuardDecision(ctx: Ctx, input: { domain: string; category: string; reason: string }): Promise<FilterGuardDecisionsTable> {
  cityFilterPolicy.authorize(ctx.actor, 'update');
  const domain = guardDomainOf(input.domain);
  const reason = cleanText(input.reason).slice(0, 500);
  if (!reason) throw badInput('reason');
  const guard = await loadGuard(ctx.db.kysely);
  const hit = guard.set.match(domain);
  if (!hit || hit.relation === 'parent') throw new AppError(400, 'filter.guard_decision_not_guarded', { domain });
  const row = await ctx.db.kysely.transaction().execute(async (trx) => {
    const cat = await trx.selectFrom('filter_categories').select(['code', 'kind']).where('code', '=', input.category).executeTakeFirst();
    if (cat?.kind !== 'block') throw badInput(`category: ${input.category}`);
    const active = await trx.selectFrom('filter_guard_decisions').select('id').where('domain', '=', domain).where('revoked_at', 'is', null).executeTakeFirst();
    if (active) throw conflict(`decision for ${domain}`);
    const r: FilterGuardDecisionsTable = {
      id: newId(),
      domain,
      category_code: cat.code,
      guard_domain: hit.guard.domain,
      reason,
      decided_by: ctx.actor.id,
      decided_at: ctx.clock().toISOString(),
      revoked_at: null,
      revoked_by: null,
      revoked_reason: null,
    };
    await trx.insertInto('filter_guard_decisions').values(r).execute();
    await audit(
      ctx,
      trx,
      'filter_guard.decision_added',
      { type: 'filter_guard_decision', id: r.id },
      { domain, category: r.category_code, guard: r.guard_domain, reason },
    );
    return r;
  });
  await afterGuardDecision(ctx);
  return row;
}
