import { sql } from 'kysely';
import { whereScope } from '../../access/scope-sql.js';
import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import type { ReportListQuery } from '../api-schemas.js';
import { overdueWhere } from '../overdue.js';
import { reportPolicy } from '../report.policy.js';
import type { IntakeReportsTable } from '../tables.js';
import type { ReportStatus } from '../vocab.js';

/**
 * What the queue shows by default: reports still being worked on — new and accepted at the desk,
 * handed over with a ward or an agency (a case worker's queue is made of these). Merged and
 * rejected reports are behind the "closed" filter.
 */
const QUEUE_OPEN: ReportStatus[] = ['new', 'accepted', 'handed_over'];

export type ReportFilters = typeof ReportListQuery.static;

export interface ReportPage {
  items: Array<{ row: IntakeReportsTable; linkedCount: number }>;
  total: number;
  /** The instant "overdue" was judged at, for presenting the rows the same way. */
  now: string;
}

/** The queue as the caller may see it (open reports unless another status is asked for), most urgent first; the listing is audited with its filters. */
export async function listReports(ctx: Ctx, filters: ReportFilters): Promise<ReportPage> {
  reportPolicy.authorize(ctx.actor, 'read');
  const { status, priority, category, unitId, agencyId, overdue, spam, q, limit = 50, offset = 0 } = filters;
  const now = ctx.clock().toISOString();
  const db = ctx.db.kysely;
  let qb = whereScope(db.selectFrom('intake_reports'), reportPolicy.listScope(ctx.actor, 'read'));
  // Only reports still being worked on unless asked: merged and rejected ones are done with.
  const group = status ?? 'open';
  if (group === 'open') qb = qb.where('status', 'in', QUEUE_OPEN);
  else if (group === 'closed') qb = qb.where('status', 'not in', QUEUE_OPEN);
  else if (group !== 'all') qb = qb.where('status', '=', group);
  if (priority) qb = qb.where('priority', '=', priority);
  if (category) qb = qb.where('categories', 'like', `%"${category}"%`);
  if (unitId) qb = qb.where('unit_id', '=', unitId);
  if (agencyId) qb = qb.where('agency_id', '=', agencyId);
  if (spam !== undefined) qb = qb.where('spam_score', spam ? '>' : '=', 0);
  if (q?.trim()) {
    // a search with nothing a code can hold ("%%", "UUUU") finds nothing, rather than everything
    const fragment = codeFragment(q);
    qb = fragment ? qb.where(sql<string>`replace(tracking_code, '-', '')`, 'like', `LC%${fragment}%`) : qb.where(sql<boolean>`1 = 0`);
  }
  if (overdue) qb = qb.where((eb) => overdueWhere(eb, now));
  const [rows, total] = await Promise.all([
    qb.selectAll().orderBy('priority').orderBy('created_at').orderBy('id').limit(limit).offset(offset).execute(),
    qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const linked = await linkCounts(
    ctx,
    rows.map((r) => r.id),
  );
  await audit(ctx, db, 'intake_report.listed', { type: 'intake_report' }, { count: rows.length, filters });
  return { items: rows.map((row) => ({ row, linkedCount: linked.get(row.id) ?? 0 })), total: Number(total.n), now };
}

/**
 * What part of a tracking code a person typed, as the code's letters without dashes: lower case,
 * spaces, dashes, the "LC" prefix, O for 0 and I/L for 1 are forgiven (as normaliseTrackingCode
 * does for whole codes). Only Crockford letters survive, so nothing reaches LIKE as a wildcard.
 */
export function codeFragment(input: string): string {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/^LC/, '');
  return s
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
    .replace(/[^0-9A-HJKMNP-TV-Z]/g, '');
}

/** Links count from either side (a merge links the merged report to the survivor). */
async function linkCounts(ctx: Ctx, ids: string[]): Promise<Map<string, number>> {
  const linked = new Map<string, number>();
  if (ids.length === 0) return linked;
  const db = ctx.db.kysely;
  const [out, back] = await Promise.all([
    db
      .selectFrom('intake_links')
      .select(['report_id'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('report_id', 'in', ids)
      .groupBy('report_id')
      .execute(),
    db
      .selectFrom('intake_links')
      .select(['other_id'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('other_id', 'in', ids)
      .groupBy('other_id')
      .execute(),
  ]);
  for (const c of out) linked.set(c.report_id, Number(c.n));
  for (const c of back) linked.set(c.other_id, (linked.get(c.other_id) ?? 0) + Number(c.n));
  return linked;
}
