import type { Ctx } from '../../context.js';
import { cityFilterPolicy } from '../filter.policy.js';
import type { FilterSettingsData } from '../model.js';
import { readSettings } from '../store.js';

/** The filter's city-wide settings. */
export async function getSettings(ctx: Ctx): Promise<FilterSettingsData> {
  cityFilterPolicy.authorize(ctx.actor, 'read');
  return readSettings(ctx.db.kysely);
}
