import { sql } from 'kysely';
import type { Actor } from '../../access/actor.js';
import { whereScope } from '../../access/scope-sql.js';
import type { Tx } from '../../db/database.js';
import type { Priority } from '../vocab.js';
import { handoverPolicy } from './handover.policy.js';

export interface HandoverInboxItem {
  id: string;
  reportId: string;
  trackingCode: string;
  priority: Priority;
  categories: string[];
  ageBand: string;
  victimSupport: boolean;
  violationHandling: boolean;
  unitId: string | null;
  agencyId: string | null;
  status: 'open' | 'taken';
  createdAt: string;
  /** The report's first-action deadline (intake SLA): the hand-over must be taken by then. */
  dueAt: string;
  overdue: boolean;
  takenAt: string | null;
  /** Reports intake linked to this one (same link, account or file): case management suggests their case. */
  linkedReportIds: string[];
}

/** The hand-overs addressed to the actor's ward or agency (all of them for the intake desk), most urgent first. */
export async function listHandovers(
  db: Tx,
  actor: Actor,
  now: string,
  filter: { status?: 'open' | 'taken' | undefined; limit: number; offset: number },
): Promise<{ items: HandoverInboxItem[]; total: number }> {
  handoverPolicy.authorize(actor, 'read');
  let qb = whereScope(
    db.selectFrom('intake_handovers as h').innerJoin('intake_reports as r', 'r.id', 'h.report_id'),
    handoverPolicy.listScope(actor, 'read'),
    'h',
  );
  if (filter.status) qb = qb.where('h.status', '=', filter.status);
  const total = await qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await qb
    .select([
      'h.id',
      'h.report_id',
      'h.victim_support',
      'h.violation_handling',
      'h.unit_id',
      'h.agency_id',
      'h.status',
      'h.created_at',
      'h.taken_at',
      'r.tracking_code',
      'r.priority',
      'r.categories',
      'r.age_band',
      'r.action_due_at',
    ])
    .orderBy(sql`case when h.status = 'open' then 0 else 1 end`)
    .orderBy('r.priority')
    .orderBy('r.action_due_at')
    .orderBy('h.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  const ids = rows.map((r) => r.report_id);
  const links = ids.length
    ? await db.selectFrom('intake_links').select(['report_id', 'other_id']).where('report_id', 'in', ids).where('reason', '!=', 'merged').execute()
    : [];
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      reportId: r.report_id,
      trackingCode: r.tracking_code,
      priority: r.priority,
      categories: JSON.parse(r.categories) as string[],
      ageBand: r.age_band,
      victimSupport: r.victim_support === 1,
      violationHandling: r.violation_handling === 1,
      unitId: r.unit_id,
      agencyId: r.agency_id,
      status: r.status,
      createdAt: r.created_at,
      dueAt: r.action_due_at,
      overdue: r.status === 'open' && r.action_due_at < now,
      takenAt: r.taken_at ?? null,
      linkedReportIds: links.filter((l) => l.report_id === r.report_id).map((l) => l.other_id),
    })),
  };
}

/**
 * Hand-overs made in `[from, to)` that no ward or agency has taken yet: children and violations
 * waiting for case work, which the case feeds count as asked / reported (once taken, the case counts).
 */
export async function untakenHandovers(
  db: Tx,
  period: { from: string; to: string },
): Promise<Array<{ unitId: string | null; agencyId: string | null; victimSupport: boolean; violationHandling: boolean }>> {
  const rows = await db
    .selectFrom('intake_handovers')
    .select(['unit_id', 'agency_id', 'victim_support', 'violation_handling'])
    .where('status', '=', 'open')
    .where('created_at', '>=', period.from)
    .where('created_at', '<', period.to)
    .execute();
  return rows.map((r) => ({ unitId: r.unit_id, agencyId: r.agency_id, victimSupport: r.victim_support === 1, violationHandling: r.violation_handling === 1 }));
}
