import type { Ctx } from '../../context.js';
import type { ReportStats, StatsQuery } from '../api-schemas.js';
import { isOverdue } from '../overdue.js';
import { reportPolicy } from '../report.policy.js';

/** Small cells could point at one child: wards with fewer reports than this are folded into "other". */
const MIN_CELL = 5;

/** Aggregates over reports created in [from, to): counts only, no personal data. */
export async function reportStats(ctx: Ctx, range: typeof StatsQuery.static): Promise<typeof ReportStats.static> {
  reportPolicy.authorize(ctx.actor, 'aggregate');
  let q = ctx.db.kysely.selectFrom('intake_reports');
  if (range.from) q = q.where('created_at', '>=', range.from);
  if (range.to) q = q.where('created_at', '<', range.to);
  const now = ctx.clock().toISOString();
  const rows = await q
    .select(['status', 'priority', 'categories', 'unit_id', 'spam_score', 'acknowledged_at', 'first_action_at', 'ack_due_at', 'action_due_at'])
    .execute();
  const out = {
    total: rows.length,
    byStatus: {} as Record<string, number>,
    byPriority: {} as Record<string, number>,
    byCategory: {} as Record<string, number>,
    byUnit: {} as Record<string, number>,
    overdue: 0,
    flaggedSpam: 0,
  };
  const inc = (m: Record<string, number>, k: string) => {
    m[k] = (m[k] ?? 0) + 1;
  };
  for (const r of rows) {
    inc(out.byStatus, r.status);
    inc(out.byPriority, r.priority);
    for (const c of JSON.parse(r.categories) as string[]) inc(out.byCategory, c);
    inc(out.byUnit, r.unit_id ?? 'unknown');
    if (r.spam_score > 0) out.flaggedSpam++;
    if (isOverdue(r, now)) out.overdue++;
  }
  const folded: Record<string, number> = {};
  for (const [k, v] of Object.entries(out.byUnit)) {
    const cell = v < MIN_CELL ? 'other' : k;
    folded[cell] = (folded[cell] ?? 0) + v;
  }
  out.byUnit = folded;
  return out;
}
