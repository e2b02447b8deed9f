import type { Ctx } from '../../context.js';
import { contains } from './cidr.js';
import { networkConflictPolicy } from './network.policy.js';
import { type Holding, readHoldings, SHARED_FILTER } from './ownership.js';

export interface ConflictSide {
  kind: 'network' | 'assigned';
  id: string;
  schoolId: string;
  schoolCode: string;
  schoolName: string;
  cidr: string;
}

export interface Conflict {
  /** the wider range (or the first of two equal ones) */
  outer: ConflictSide;
  inner: ConflictSide;
}

/**
 * Pairs of ranges of different schools that overlap, found in O(n log n + pairs): sorted by
 * (family, address, prefix), a range can only be inside the ranges still open on the stack.
 * Overlaps from before the ownership rule (or written around it) show up here for the city to
 * resolve (delete a network with DELETE /filter/networks/:id, or an assignment).
 */
export function overlappingPairs(holdings: readonly Holding[]): [Holding, Holding][] {
  const sorted = [...holdings].sort(
    (a, b) => a.net.family - b.net.family || (a.net.base < b.net.base ? -1 : a.net.base > b.net.base ? 1 : a.net.prefix - b.net.prefix),
  );
  const open: Holding[] = [];
  const out: [Holding, Holding][] = [];
  for (const h of sorted) {
    while (open.length && !contains((open.at(-1) as Holding).net, h.net)) open.pop();
    for (const o of open) if (o.schoolId !== h.schoolId) out.push([o, h]);
    open.push(h);
  }
  return out;
}

export async function listConflicts(ctx: Ctx): Promise<Conflict[]> {
  networkConflictPolicy.authorize(ctx.actor, 'read');
  const holdings = await readHoldings(ctx.db.kysely, SHARED_FILTER);
  const pairs = overlappingPairs(holdings);
  if (!pairs.length) return [];
  const ids = [...new Set(pairs.flatMap(([a, b]) => [a.schoolId, b.schoolId]))];
  const schools = new Map((await ctx.db.kysely.selectFrom('schools').select(['id', 'code', 'name']).where('id', 'in', ids).execute()).map((s) => [s.id, s]));
  const side = (h: Holding): ConflictSide => ({
    kind: h.kind,
    id: h.id,
    schoolId: h.schoolId,
    schoolCode: schools.get(h.schoolId)?.code ?? '',
    schoolName: schools.get(h.schoolId)?.name ?? '',
    cidr: h.cidr,
  });
  return pairs.map(([outer, inner]) => ({ outer: side(outer), inner: side(inner) }));
}
