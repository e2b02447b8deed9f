import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { cleanText } from '../../shared/text.js';
import { cityFilterPolicy } from '../filter.policy.js';
import type { FilterGuardEntriesTable } from '../safety-tables.js';
import { afterGuardChange } from './after-guard-change.js';

/** Changes a guard entry's group or reason (the name itself is the key: remove and add to rename). */
export async function updateGuardEntry(
  ctx: Ctx,
  domain: string,
  patch: { group?: string | undefined; reasonVi?: string | undefined; reasonEn?: string | undefined; tenantSubdomains?: boolean | undefined },
): Promise<FilterGuardEntriesTable> {
  cityFilterPolicy.authorize(ctx.actor, 'update');
  const key = domain.trim().toLowerCase();
  const row = await ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await trx.selectFrom('filter_guard_entries').selectAll().where('domain', '=', key).where('removed_at', 'is', null).executeTakeFirst();
    if (!r) throw notFound();
    const next: FilterGuardEntriesTable = {
      ...r,
      group_code: patch.group ?? r.group_code,
      reason_vi: patch.reasonVi !== undefined ? cleanText(patch.reasonVi).slice(0, 300) || r.reason_vi : r.reason_vi,
      reason_en: patch.reasonEn !== undefined ? cleanText(patch.reasonEn).slice(0, 300) || r.reason_en : r.reason_en,
      tenant_subdomains: patch.tenantSubdomains === undefined ? r.tenant_subdomains : patch.tenantSubdomains ? 1 : 0,
      updated_at: ctx.clock().toISOString(),
    };
    await trx.updateTable('filter_guard_entries').set(next).where('domain', '=', key).execute();
    await audit(ctx, trx, 'filter_guard.updated', { type: 'filter_guard', id: key }, patch);
    return next;
  });
  // which list lines the guard refuses changes with the flag
  if (patch.tenantSubdomains !== undefined) await afterGuardChange(ctx);
  return row;
}
