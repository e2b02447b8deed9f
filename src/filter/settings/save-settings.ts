import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { badInput } from '../../shared/errors.js';
import { parseUpstream } from '../engine/upstream.js';
import { cityFilterPolicy } from '../filter.policy.js';
import type { FilterSettingsData } from '../model.js';
import { publishSnapshot } from '../service.js';
import { readSettings } from '../store.js';

/** Changes the filter's city-wide settings; fields left out keep their value. */
export async function saveSettings(ctx: Ctx, patch: Partial<FilterSettingsData>): Promise<FilterSettingsData> {
  cityFilterPolicy.authorize(ctx.actor, 'update');
  if (patch.upstreams && (patch.upstreams.length === 0 || patch.upstreams.some((u) => !parseUpstream(u))))
    throw badInput(`upstreams: ${patch.upstreams.join(',')}`);
  const next = await ctx.db.kysely.transaction().execute(async (trx) => {
    const merged = { ...(await readSettings(trx)), ...patch };
    const t = ctx.clock().toISOString();
    await trx
      .insertInto('filter_settings')
      .values({ key: 'settings', value: JSON.stringify(merged), updated_at: t })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(merged), updated_at: t }))
      .execute();
    await audit(ctx, trx, 'filter_settings.updated', { type: 'filter_settings' }, patch);
    return merged;
  });
  await publishSnapshot(ctx.db.kysely, ctx.config.dataDir);
  return next;
}
