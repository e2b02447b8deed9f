import type { Ctx } from '../../context.js';
import { cityFilterPolicy } from '../filter.policy.js';
import type { BandPolicyData } from '../model.js';
import { readBandPolicies } from '../store.js';

/** The city's policy for every band. */
export async function listBandPolicies(ctx: Ctx): Promise<BandPolicyData[]> {
  cityFilterPolicy.authorize(ctx.actor, 'read');
  return readBandPolicies(ctx.db.kysely);
}
