import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { badInput, notFound } from '../../shared/errors.js';
import { schoolFilterPolicy } from '../filter.policy.js';
import { cleanDomains } from '../lists/clean-domains.js';
import { addSchoolAllow } from '../reviews/add-school-allow.js';
import { type AllowEffect, allowEffects } from '../reviews/allow-effects.js';
import { publishSnapshot } from '../service.js';

/** "Allow for this school" from the staff live view: a staff-band allow entry, and whether it takes effect. */
export async function allowFromLive(ctx: Ctx, schoolId: string, domainIn: string): Promise<AllowEffect> {
  schoolFilterPolicy.authorize(ctx.actor, 'update', { school_id: schoolId });
  const [domain] = cleanDomains([domainIn.trim().toLowerCase()], 'domain');
  if (!domain || domain.startsWith('@@')) throw badInput('domain');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await trx.selectFrom('schools').select('id').where('id', '=', schoolId).executeTakeFirst())) throw notFound();
    const added = await addSchoolAllow(trx, schoolId, 'staff', domain, ctx.clock().toISOString());
    await audit(ctx, trx, 'filter_school_rules.allow_added', { type: 'school', id: schoolId }, { band: 'staff', domain, added, from: 'live' });
  });
  await publishSnapshot(ctx.db.kysely, ctx.config.dataDir);
  const [effect] = await allowEffects(ctx.db.kysely, ctx.config.dataDir, schoolId, [{ band: 'staff', domain }]);
  return effect!;
}
