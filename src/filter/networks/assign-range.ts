import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { AppError, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { formatNet } from './cidr.js';
import { assignedRangePolicy } from './network.policy.js';
import { lockHoldings, otherSchoolsOverlap, overlapError, parseOrRefuse, readHoldings, refuseUnholdable, SHARED_FILTER } from './ownership.js';
import type { FilterAssignedRangesTable } from './tables.js';

/**
 * The city assigns a range to a school: its administrator may then declare networks inside it.
 * Private ranges, or a narrow public one (the school's own internet addresses); never a range
 * that overlaps another school's assignment or declared network. Nothing changes on the DNS
 * until a network is declared, so no snapshot is published.
 */
export async function assignRange(ctx: Ctx, input: { schoolId: string; cidr: string; note?: string | null | undefined }): Promise<FilterAssignedRangesTable> {
  assignedRangePolicy.authorize(ctx.actor, 'assign', { school_id: input.schoolId });
  const net = parseOrRefuse(input.cidr);
  refuseUnholdable(net, input.cidr, { city: true, purpose: 'assign', scope: SHARED_FILTER });
  const cidr = formatNet(net);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await lockHoldings(trx, ctx.db.dialect);
    if (!(await trx.selectFrom('schools').select('id').where('id', '=', input.schoolId).executeTakeFirst())) throw notFound();
    const holdings = await readHoldings(trx, SHARED_FILTER);
    const other = otherSchoolsOverlap(net, input.schoolId, holdings);
    if (other) throw await overlapError(trx, net, other, true);
    if (holdings.some((h) => h.kind === 'assigned' && h.net.prefix === net.prefix && h.net.base === net.base))
      throw new AppError(409, 'filter.network_duplicate', { cidr });
    const at = ctx.clock().toISOString();
    const row: FilterAssignedRangesTable = { id: newId(), school_id: input.schoolId, cidr, note: input.note ?? null, created_at: at, updated_at: at };
    await trx.insertInto('filter_assigned_ranges').values(row).execute();
    await audit(ctx, trx, 'filter_range.assigned', { type: 'school', id: input.schoolId }, { cidr });
    return row;
  });
}

/**
 * Takes an assignment back. The school's networks inside it stay (the DNS keeps serving them)
 * until the city or the school deletes them; its administrator cannot declare new ones there.
 */
export async function unassignRange(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await lockHoldings(trx, ctx.db.dialect);
    const r = await trx.selectFrom('filter_assigned_ranges').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw notFound();
    assignedRangePolicy.authorize(ctx.actor, 'assign', r);
    await trx.deleteFrom('filter_assigned_ranges').where('id', '=', id).execute();
    await audit(ctx, trx, 'filter_range.unassigned', { type: 'school', id: r.school_id }, { cidr: r.cidr });
  });
}
