import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { badInput } from '../../shared/errors.js';
import { cityFilterPolicy } from '../filter.policy.js';
import { cleanDomains } from '../lists/clean-domains.js';
import { BANDS, type Band, type BandPolicyData } from '../model.js';
import { publishSnapshot } from '../service.js';
import { readBandPolicies } from '../store.js';

/** Changes the city's policy for one band (school level); fields left out keep their value. */
export async function saveBandPolicy(ctx: Ctx, band: Band, patch: Partial<Omit<BandPolicyData, 'band'>>): Promise<BandPolicyData> {
  cityFilterPolicy.authorize(ctx.actor, 'update');
  if (!BANDS.includes(band)) throw badInput(`band: ${band}`);
  const cats = new Set((await ctx.db.kysely.selectFrom('filter_categories').select('code').execute()).map((r) => r.code));
  for (const c of [...(patch.blockedCategories ?? []), ...(patch.schedules ?? []).flatMap((s) => s.categories ?? [])])
    if (!cats.has(c)) throw badInput(`category: ${c}`);
  for (const s of patch.schedules ?? []) {
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(s.from) || !/^([01]\d|2[0-4]):[0-5]\d$/.test(s.to) || s.days.some((d) => !(d >= 1 && d <= 7)))
      throw badInput(`schedule: ${s.from}-${s.to}`);
  }
  const next = await ctx.db.kysely.transaction().execute(async (trx) => {
    const current = (await readBandPolicies(trx)).find((b) => b.band === band)!;
    const merged: BandPolicyData = {
      ...current,
      ...patch,
      band,
      blockDomains: patch.blockDomains ? cleanDomains(patch.blockDomains, 'blockDomains') : current.blockDomains,
      allowDomains: patch.allowDomains ? cleanDomains(patch.allowDomains, 'allowDomains') : current.allowDomains,
    };
    const { band: _b, ...data } = merged;
    const t = ctx.clock().toISOString();
    await trx
      .insertInto('filter_band_policies')
      .values({ band, data: JSON.stringify(data), updated_at: t })
      .onConflict((oc) => oc.column('band').doUpdateSet({ data: JSON.stringify(data), updated_at: t }))
      .execute();
    await audit(ctx, trx, 'filter_band.updated', { type: 'filter_band', id: band }, { fields: Object.keys(patch) });
    return merged;
  });
  await publishSnapshot(ctx.db.kysely, ctx.config.dataDir);
  return next;
}
