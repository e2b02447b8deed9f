import type { Static } from '@sinclair/typebox';
import type { Ctx } from '../context.js';
import { itemCounts } from '../detect/review/home-counts.js';
import { filterCounts } from '../filter/home-counts.js';
import { openHandoverCount, reportCounts } from '../intake/home-counts.js';
import { adminCounts } from '../org/home-counts.js';
import { programmeCounts } from '../programmes/home-counts.js';
import type { HomeCounts } from './api-schemas.js';
import { homePolicy } from './home.policy.js';

/**
 * The caller's home page, counted: each feature counts its own records within the caller's scope
 * (its policy decides), so the home page can never show a number the caller's lists would not.
 * Counts only — no record is read, so nothing here is audited. Case management adds its part the
 * same way when it lands.
 */
export async function homeCounts(ctx: Ctx): Promise<Static<typeof HomeCounts>> {
  homePolicy.authorize(ctx.actor, 'read');
  const at = ctx.clock();
  const fixed: Ctx = { ...ctx, clock: () => at };
  const [reports, handovers, detection, filter, admin, programmes] = await Promise.all([
    reportCounts(fixed),
    openHandoverCount(fixed),
    itemCounts(fixed),
    filterCounts(fixed),
    adminCounts(fixed),
    programmeCounts(fixed),
  ]);
  return { reports, handovers: handovers === null ? null : { open: handovers }, detection, filter, admin, programmes, at: at.toISOString() };
}
