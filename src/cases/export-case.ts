import type { Static } from '@sinclair/typebox';
import { audit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import { notFound } from '../shared/errors.js';
import type { Lang } from '../shared/i18n.js';
import type { CaseExport } from './api-schemas.js';
import { casePolicy } from './case.policy.js';
import { reason as statedReason } from './input.js';
import { toDetail } from './present.js';
import { caseRecord } from './record-step.js';
import { childIdentity } from './reveal-child.js';

/** The whole case (page, timeline with notes, the child's identity) for a court or a transfer: only with a stated reason, audited. */
export async function exportCase(ctx: Ctx, caseId: string, reasonText: string, lang: Lang): Promise<Static<typeof CaseExport>> {
  const why = statedReason(reasonText);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
    if (!row) throw notFound();
    const record = await caseRecord(trx, row);
    casePolicy.authorize(ctx.actor, 'export', record);
    await audit(ctx, trx, 'case.exported', { type: 'case', id: caseId }, { reason: why, version: row.version });
    return { case: await toDetail(trx, ctx, row, lang, record), child: await childIdentity(trx, ctx, caseId), exportedAt: ctx.clock().toISOString() };
  });
}
