import type { Static } from '@sinclair/typebox';
import { whereScope } from '../access/scope-sql.js';
import type { Ctx } from '../context.js';
import { listHandovers } from '../intake/handovers/list-handovers.js';
import type { HandoverItem } from './api-schemas.js';
import { casePolicy } from './case.policy.js';

/**
 * The hand-overs addressed to the actor's ward or agency, with the SLA from intake, the case a
 * taken one opened, and — when intake linked the report to another (same link, account or file)
 * that is already in a case — that case as a suggestion to join.
 */
export async function handoverInbox(
  ctx: Ctx,
  q: { status?: 'open' | 'taken' | undefined; limit?: number | undefined; offset?: number | undefined },
): Promise<{ items: Array<Static<typeof HandoverItem>>; total: number }> {
  const page = await listHandovers(ctx.db.kysely, ctx.actor, ctx.clock().toISOString(), { status: q.status, limit: q.limit ?? 50, offset: q.offset ?? 0 });
  const handoverIds = page.items.map((i) => i.id);
  const linked = [...new Set(page.items.flatMap((i) => i.linkedReportIds))];
  const [byHandover, byReport] = await Promise.all([
    handoverIds.length
      ? ctx.db.kysely
          .selectFrom('case_links as l')
          .innerJoin('cases as c', 'c.id', 'l.case_id')
          .select(['l.ref_id', 'c.id', 'c.code'])
          .where('l.kind', '=', 'handover')
          .where('l.ref_id', 'in', handoverIds)
          .execute()
      : [],
    // only cases the actor may open themselves: a suggestion never reveals another ward's case
    linked.length
      ? whereScope(
          ctx.db.kysely
            .selectFrom('case_links as l')
            .innerJoin('cases as c', 'c.id', 'l.case_id')
            .select(['l.ref_id', 'c.id', 'c.code'])
            .where('l.kind', '=', 'report')
            .where('l.ref_id', 'in', linked)
            .where('c.closed_at', 'is', null),
          casePolicy.listScope(ctx.actor, 'read'),
          'c',
        ).execute()
      : [],
  ]);
  return {
    total: page.total,
    items: page.items.map(({ linkedReportIds, ...i }) => {
      const own = byHandover.find((b) => b.ref_id === i.id);
      const suggested = byReport.find((b) => linkedReportIds.includes(b.ref_id));
      return {
        ...i,
        caseId: own?.id ?? null,
        caseCode: own?.code ?? null,
        suggestedCaseId: own ? null : (suggested?.id ?? null),
        suggestedCaseCode: own ? null : (suggested?.code ?? null),
      };
    }),
  };
}
