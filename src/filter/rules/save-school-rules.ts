import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { badInput, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { schoolFilterPolicy } from '../filter.policy.js';
import { cleanDomains } from '../lists/clean-domains.js';
import { BANDS, type Band } from '../model.js';
import { publishSnapshot } from '../service.js';

/** A school's additions to the city policy for one band (or all): extra categories, block and allow entries. */
export async function saveSchoolRules(
  ctx: Ctx,
  schoolId: string,
  band: Band | 'all',
  input: { blockedCategories?: string[]; blockDomains?: string[]; allowDomains?: string[] },
): Promise<void> {
  schoolFilterPolicy.authorize(ctx.actor, 'update', { school_id: schoolId });
  if (band !== 'all' && !BANDS.includes(band)) throw badInput(`band: ${band}`);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await trx.selectFrom('schools').select('id').where('id', '=', schoolId).executeTakeFirst())) throw notFound();
    const cats = await trx.selectFrom('filter_categories').select(['code', 'kind']).execute();
    for (const c of input.blockedCategories ?? []) if (!cats.some((x) => x.code === c && x.kind === 'block')) throw badInput(`category: ${c}`);
    const values = {
      blocked_categories: JSON.stringify(input.blockedCategories ?? []),
      block_domains: JSON.stringify(cleanDomains(input.blockDomains ?? [], 'blockDomains')),
      allow_domains: JSON.stringify(cleanDomains(input.allowDomains ?? [], 'allowDomains')),
      updated_at: ctx.clock().toISOString(),
    };
    await trx
      .insertInto('filter_school_rules')
      .values({ id: newId(), school_id: schoolId, band, ...values })
      .onConflict((oc) => oc.columns(['school_id', 'band']).doUpdateSet(values))
      .execute();
    await audit(ctx, trx, 'filter_school_rules.updated', { type: 'school', id: schoolId }, { band, ...input });
  });
  await publishSnapshot(ctx.db.kysely, ctx.config.dataDir);
}
