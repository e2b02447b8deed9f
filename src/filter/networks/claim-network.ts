import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { AppError, badInput, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { schoolFilterPolicy } from '../filter.policy.js';
import { BANDS, type Band } from '../model.js';
import { publishSnapshot } from '../service.js';
import { contains, formatNet } from './cidr.js';
import { assignedRangePolicy } from './network.policy.js';
import {
  type FilterScope,
  lockHoldings,
  otherSchoolsOverlap,
  overlapError,
  parseOrRefuse,
  readHoldings,
  refuseUnholdable,
  SHARED_FILTER,
} from './ownership.js';

export interface ClaimInput {
  schoolId: string;
  band: Band;
  cidr: string;
  note?: string | null | undefined;
}

/**
 * A school declares one of its networks (clients there get the band's policy). The rules are in
 * ownership.ts: inside the city's assignment for a school's administrator, never public or
 * special space, never overlapping another school's range on the same filter.
 */
export async function claimNetwork(ctx: Ctx, input: ClaimInput, scope: FilterScope = SHARED_FILTER): Promise<{ id: string; cidr: string }> {
  schoolFilterPolicy.authorize(ctx.actor, 'update', { school_id: input.schoolId });
  if (!BANDS.includes(input.band)) throw badInput(`band: ${input.band}`);
  if (scope.kind === 'single_school' && scope.schoolId !== input.schoolId) throw badInput(`schoolId: ${input.schoolId}`);
  const net = parseOrRefuse(input.cidr);
  const city = assignedRangePolicy.can(ctx.actor, 'assign');
  refuseUnholdable(net, input.cidr, { city, purpose: 'declare', scope });
  const cidr = formatNet(net);
  const id = newId();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await lockHoldings(trx, ctx.db.dialect);
    if (!(await trx.selectFrom('schools').select('id').where('id', '=', input.schoolId).executeTakeFirst())) throw notFound();
    const holdings = await readHoldings(trx, scope);
    // a school's administrator: only inside what the city assigned (a lone school's node: its own private space)
    if (!city && scope.kind === 'shared') {
      const assigned = holdings.filter((h) => h.kind === 'assigned' && h.schoolId === input.schoolId);
      if (!assigned.length) throw new AppError(403, 'filter.network_none_assigned', { cidr });
      if (!assigned.some((a) => contains(a.net, net)))
        throw new AppError(403, 'filter.network_not_assigned', { cidr, assigned: assigned.map((a) => a.cidr).join(', ') });
    }
    const other = otherSchoolsOverlap(net, input.schoolId, holdings);
    if (other) throw await overlapError(trx, net, other, city);
    if (holdings.some((h) => h.kind === 'network' && h.schoolId === input.schoolId && h.net.prefix === net.prefix && h.net.base === net.base))
      throw new AppError(409, 'filter.network_duplicate', { cidr });
    const at = ctx.clock().toISOString();
    await trx
      .insertInto('filter_networks')
      .values({ id, school_id: input.schoolId, band: input.band, cidr, note: input.note ?? null, created_at: at, updated_at: at })
      .execute();
    await audit(ctx, trx, 'filter_network.created', { type: 'school', id: input.schoolId }, { cidr, band: input.band });
  });
  await publishSnapshot(ctx.db.kysely, ctx.config.dataDir);
  return { id, cidr };
}
