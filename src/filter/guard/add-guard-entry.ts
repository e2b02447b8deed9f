import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { conflict } from '../../shared/errors.js';
import { cleanText } from '../../shared/text.js';
import { cityFilterPolicy } from '../filter.policy.js';
import type { FilterGuardEntriesTable } from '../safety-tables.js';
import { afterGuardChange } from './after-guard-change.js';
import { guardDomainOf } from './guard-domain.js';

export interface GuardEntryInput {
  domain: string;
  group?: string | undefined;
  reasonVi: string;
  reasonEn?: string | undefined;
  tenantSubdomains?: boolean | undefined;
}

/** The city guards a name: no third-party list may block it (nor its subdomains) from now on. */
export async function addGuardEntry(ctx: Ctx, input: GuardEntryInput): Promise<FilterGuardEntriesTable> {
  cityFilterPolicy.authorize(ctx.actor, 'update');
  const domain = guardDomainOf(input.domain);
  const reasonVi = cleanText(input.reasonVi).slice(0, 300);
  const reasonEn = cleanText(input.reasonEn ?? '').slice(0, 300) || reasonVi;
  const now = ctx.clock().toISOString();
  const row = await ctx.db.kysely.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('filter_guard_entries').selectAll().where('domain', '=', domain).executeTakeFirst();
    if (existing && existing.removed_at === null) throw conflict(`guard ${domain}`);
    const next: FilterGuardEntriesTable = {
      domain,
      group_code: input.group ?? 'city',
      reason_vi: reasonVi,
      reason_en: reasonEn,
      origin: existing?.origin ?? 'city',
      tenant_subdomains: input.tenantSubdomains ? 1 : 0,
      removed_at: null,
      created_at: existing?.created_at ?? now,
      updated_at: now,
    };
    if (existing) await trx.updateTable('filter_guard_entries').set(next).where('domain', '=', domain).execute();
    else await trx.insertInto('filter_guard_entries').values(next).execute();
    await audit(ctx, trx, 'filter_guard.added', { type: 'filter_guard', id: domain }, { group: next.group_code, reason: reasonVi });
    return next;
  });
  await afterGuardChange(ctx);
  return row;
}
