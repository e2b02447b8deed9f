import { sql } from 'kysely';
import type { Ctx } from '../context.js';
import { notFound } from '../shared/errors.js';
import { indicatorReportPolicy } from './indicator.policy.js';
import { periodText } from './report-content.js';

/** The generated reports, newest first, without their files (sizes only). */
export async function listReports(ctx: Ctx) {
  indicatorReportPolicy.authorize(ctx.actor, 'read');
  return ctx.db.kysely
    .selectFrom('indicator_reports')
    .select(['id', 'kind', 'period_from', 'period_to', 'number', 'title', 'origin', 'created_at'])
    .select([sql<number>`length(xlsx)`.as('xlsx_bytes'), sql<number>`length(docx)`.as('docx_bytes')])
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
}

/** One generated report's .xlsx or .docx, to download, with its Vietnamese name ("Báo cáo quý 1 năm 2026"). */
export async function readReportFile(ctx: Ctx, id: string, format: 'xlsx' | 'docx'): Promise<{ bytes: Buffer; title: string }> {
  indicatorReportPolicy.authorize(ctx.actor, 'read');
  const row = await ctx.db.kysely.selectFrom('indicator_reports').select(['kind', 'period_from', 'period_to', format]).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  const bytes = (row as unknown as Record<string, Buffer>)[format] as Buffer;
  return { bytes: Buffer.from(bytes), title: `Báo cáo ${periodText(row.kind, { from: row.period_from, to: row.period_to })}` };
}
