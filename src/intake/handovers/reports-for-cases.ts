import type { Actor } from '../../access/actor.js';
import type { Tx } from '../../db/database.js';
import { reportPolicy } from '../report.policy.js';

/** Tracking codes of reports (what people call a report by), for a case's page. */
export async function trackingCodes(db: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('intake_reports')
    .select(['id', 'tracking_code'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.tracking_code]));
}

/** A report this actor may read (to join it to a case), or null: unknown and out-of-scope look the same. */
export async function readableReport(db: Tx, actor: Actor, id: string): Promise<{ id: string; trackingCode: string } | null> {
  const r = await db
    .selectFrom('intake_reports')
    .select(['id', 'tracking_code', 'agency_id', 'handover_unit_id', 'handover_agency_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r || !reportPolicy.can(actor, 'read', r)) return null;
  return { id: r.id, trackingCode: r.tracking_code };
}

/** When each report was filed: a child asked for help then (time to first support counts from it). */
export async function reportFiledAt(db: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('intake_reports')
    .select(['id', 'created_at'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.created_at]));
}
