import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import type { Lang } from '../../shared/i18n.js';
import type { ReportRecord } from '../present.js';
import { reportPolicy } from '../report.policy.js';
import { historyNames } from './history.js';

/** One report with its files, links, events and hand-overs, and the names its history points at (404 outside the caller's scope); every read is audited. */
export async function getReport(ctx: Ctx, id: string, lang: Lang): Promise<ReportRecord> {
  reportPolicy.authorize(ctx.actor, 'read');
  const db = ctx.db.kysely;
  const row = await db.selectFrom('intake_reports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  reportPolicy.authorize(ctx.actor, 'read', row);
  const [evidence, linksOut, linksIn, events, handovers] = await Promise.all([
    db.selectFrom('intake_evidence').selectAll().where('report_id', '=', row.id).orderBy('created_at').execute(),
    db
      .selectFrom('intake_links')
      .innerJoin('intake_reports as o', 'o.id', 'intake_links.other_id')
      .select(['o.id', 'o.tracking_code', 'o.status', 'intake_links.reason'])
      .where('intake_links.report_id', '=', row.id)
      .execute(),
    db
      .selectFrom('intake_links')
      .innerJoin('intake_reports as o', 'o.id', 'intake_links.report_id')
      .select(['o.id', 'o.tracking_code', 'o.status', 'intake_links.reason'])
      .where('intake_links.other_id', '=', row.id)
      .execute(),
    db.selectFrom('intake_events').selectAll().where('report_id', '=', row.id).orderBy('at').execute(),
    db.selectFrom('intake_handovers').selectAll().where('report_id', '=', row.id).orderBy('created_at').execute(),
  ]);
  const names = await historyNames(db, lang, events, { units: handovers.map((h) => h.unit_id), agencies: handovers.map((h) => h.agency_id) });
  await audit(ctx, db, 'intake_report.read', { type: 'intake_report', id: row.id });
  return { row, evidence, links: [...linksOut, ...linksIn], events, handovers, names };
}
