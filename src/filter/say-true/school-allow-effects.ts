import type { Ctx } from '../../context.js';
import { jsonStrings } from '../../shared/json.js';
import { schoolFilterPolicy } from '../filter.policy.js';
import type { Band } from '../model.js';
import { type AllowEffect, allowEffects } from '../reviews/allow-effects.js';

/** Every allow entry a school has, and whether the filter honours it (a city-mandatory category wins). */
export async function schoolAllowEffects(ctx: Pick<Ctx, 'db' | 'config' | 'actor'>, schoolId: string): Promise<AllowEffect[]> {
  schoolFilterPolicy.authorize(ctx.actor, 'read', { school_id: schoolId });
  const rows = await ctx.db.kysely.selectFrom('filter_school_rules').select(['band', 'allow_domains']).where('school_id', '=', schoolId).execute();
  const entries = rows.flatMap((r) => jsonStrings(r.allow_domains).map((domain) => ({ band: r.band as Band | 'all', domain })));
  return allowEffects(ctx.db.kysely, ctx.config.dataDir, schoolId, entries);
}
