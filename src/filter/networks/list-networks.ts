import { whereScope } from '../../access/scope-sql.js';
import type { Ctx } from '../../context.js';
import { schoolFilterPolicy } from '../filter.policy.js';
import type { Band } from '../model.js';
import { assignedRangePolicy } from './network.policy.js';

export interface NetworkView {
  id: string;
  schoolId: string;
  band: Band;
  cidr: string;
  note: string | null;
}

export interface AssignedRangeView {
  id: string;
  schoolId: string;
  cidr: string;
  note: string | null;
  createdAt: string;
}

/** The networks the caller may see (a school's administrator: their own school's). */
export async function listNetworks(ctx: Ctx, schoolId?: string): Promise<NetworkView[]> {
  schoolFilterPolicy.authorize(ctx.actor, 'read');
  let q = whereScope(ctx.db.kysely.selectFrom('filter_networks'), schoolFilterPolicy.listScope(ctx.actor, 'read'));
  if (schoolId) q = q.where('school_id', '=', schoolId);
  return (await q.selectAll().orderBy('cidr').execute()).map((n) => ({ id: n.id, schoolId: n.school_id, band: n.band as Band, cidr: n.cidr, note: n.note }));
}

/** The ranges the city assigned, as far as the caller may see them. */
export async function listAssignedRanges(ctx: Ctx, schoolId?: string): Promise<AssignedRangeView[]> {
  assignedRangePolicy.authorize(ctx.actor, 'read');
  let q = whereScope(ctx.db.kysely.selectFrom('filter_assigned_ranges'), assignedRangePolicy.listScope(ctx.actor, 'read'));
  if (schoolId) q = q.where('school_id', '=', schoolId);
  return (await q.selectAll().orderBy('cidr').execute()).map((r) => ({ id: r.id, schoolId: r.school_id, cidr: r.cidr, note: r.note, createdAt: r.created_at }));
}
