import { whereScope } from '../../access/scope-sql.js';
import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import type { ListItemsQuery } from './api-schemas.js';
import { reportCodes } from './report-codes.js';
import { reviewItemPolicy } from './review.policy.js';
import type { DetectItemsTable } from './tables.js';

/**
 * The review queue in the caller's scope: bank matches first, then the highest score, then the
 * oldest. Audited with the filters (a list shows domains and scores of reported pages).
 */
export async function listItems(ctx: Ctx, query: ListItemsQuery): Promise<{ rows: DetectItemsTable[]; total: number; reportCodes: Map<string, string> }> {
  reviewItemPolicy.authorize(ctx.actor, 'read');
  const { status, decision, kind, source, limit = 50, offset = 0 } = query;
  let qb = whereScope(ctx.db.kysely.selectFrom('detect_items'), reviewItemPolicy.listScope(ctx.actor, 'read'));
  if (status) qb = qb.where('status', '=', status);
  if (decision) qb = qb.where('decision', '=', decision);
  if (kind) qb = qb.where('kind', '=', kind);
  if (source) qb = qb.where('source', '=', source);
  const [rows, total] = await Promise.all([
    qb.selectAll().orderBy('match_count', 'desc').orderBy('score', 'desc').orderBy('created_at').orderBy('id').limit(limit).offset(offset).execute(),
    qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await audit(ctx, ctx.db.kysely, 'detect_item.listed', { type: 'detect_item', id: null }, { count: rows.length, filters: query });
  const codes = await reportCodes(
    ctx.db.kysely,
    rows.map((r) => r.report_id),
  );
  return { rows, total: Number(total.n), reportCodes: codes };
}
