import { systemActor } from '../access/actor.js';
import { audit } from '../audit/audit.js';
import type { Ctx, Deps } from '../context.js';
import { AppError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { FIELD } from './field-labels.js';
import { indicatorReportPolicy } from './indicator.policy.js';
import { checkPeriod, lastCompletePeriod, type Period, periodicPeriod } from './periods.js';
import { KIND_LABELS, reportContent } from './report-content.js';
import { writeReportDocx } from './report-docx.js';
import { readIssuer } from './report-issuer.js';
import { writeReportXlsx } from './report-xlsx.js';
import type { IndicatorReportsTable, ReportKind } from './tables.js';

export interface ReportRequest {
  kind: ReportKind;
  year?: number | undefined;
  index?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The period a request names: a month, quarter, half or year of a year, or an ad-hoc [from, to). */
export function requestedPeriod(r: ReportRequest, today: string): Period {
  if (r.kind === 'ad_hoc') {
    if (r.from === undefined) throw new AppError(400, 'indicators_period_required', { field: FIELD.from });
    if (r.to === undefined) throw new AppError(400, 'indicators_period_required', { field: FIELD.to });
    return checkPeriod({ from: r.from, to: r.to }, today);
  }
  if (r.year === undefined) throw new AppError(400, 'indicators_period_required', { field: FIELD.year });
  const p = periodicPeriod(r.kind, r.year, r.kind === 'annual' ? (r.index ?? 1) : (r.index ?? 0));
  return checkPeriod(p, today);
}

type Summary = Omit<IndicatorReportsTable, 'xlsx' | 'docx'> & { xlsxBytes: number; docxBytes: number };

/**
 * Writes a report's .xlsx and .docx from the indicators of the period and stores both with its
 * audit entry in one transaction: acknowledged only once it is durable.
 */
export async function generateReport(ctx: Ctx, r: ReportRequest, origin: 'request' | 'schedule' = 'request'): Promise<Summary> {
  indicatorReportPolicy.authorize(ctx.actor, 'generate');
  const now = ctx.clock();
  const period = requestedPeriod(r, now.toISOString().slice(0, 10));
  const content = await reportContent(ctx.db.kysely, r.kind, period, now.toISOString());
  // signed as the city set it (report-issuer.ts) when the report is made; later changes leave it as it was
  const issuer = await readIssuer(ctx.db.kysely);
  const [xlsx, docx] = await Promise.all([writeReportXlsx(content), writeReportDocx(content, issuer, now)]);
  const row: IndicatorReportsTable = {
    id: newId(),
    kind: r.kind,
    period_from: period.from,
    period_to: period.to,
    number: `…/${issuer.symbol}`,
    title: `${KIND_LABELS[r.kind].vi}: ${content.title}`,
    origin,
    xlsx,
    docx,
    created_by: ctx.actor.kind === 'user' ? ctx.actor.id : null,
    created_at: now.toISOString(),
  };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('indicator_reports').values(row).execute();
    await audit(ctx, trx, 'indicators.report_generated', { type: 'indicator_report', id: row.id }, { kind: r.kind, from: period.from, to: period.to, origin });
  });
  const { xlsx: _x, docx: _d, ...rest } = row;
  return { ...rest, xlsxBytes: xlsx.length, docxBytes: docx.length };
}

const SCHEDULED: Array<Exclude<ReportKind, 'ad_hoc'>> = ['monthly', 'quarterly', 'half_year', 'annual'];

/**
 * The schedule: once a month, quarter, half-year or year has ended, its report is generated once
 * (a report already made for that kind and period, by the schedule, is not made again).
 */
export async function generateDueReports(deps: Deps): Promise<number> {
  const ctx: Ctx = { ...deps, actor: systemActor('indicators.schedule'), origin: { ip: null } };
  const today = deps.clock().toISOString().slice(0, 10);
  let made = 0;
  for (const kind of SCHEDULED) {
    const p = lastCompletePeriod(kind, today);
    if (p.from < '2020-01-01') continue;
    const exists = await deps.db.kysely
      .selectFrom('indicator_reports')
      .select('id')
      .where('kind', '=', kind)
      .where('period_from', '=', p.from)
      .where('origin', '=', 'schedule')
      .executeTakeFirst();
    if (exists) continue;
    await generateReport(ctx, { kind, year: Number(p.from.slice(0, 4)), index: indexOf(kind, p.from) }, 'schedule');
    made++;
  }
  return made;
}

const indexOf = (kind: Exclude<ReportKind, 'ad_hoc'>, from: string) => {
  const m = Number(from.slice(5, 7));
  return kind === 'monthly' ? m : kind === 'quarterly' ? Math.floor((m - 1) / 3) + 1 : kind === 'half_year' ? (m === 1 ? 1 : 2) : 1;
};
