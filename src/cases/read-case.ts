import { audit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import { notFound } from '../shared/errors.js';
import type { Lang } from '../shared/i18n.js';
import type { CaseDetail } from './api-schemas.js';
import { casePolicy } from './case.policy.js';
import { toDetail } from './present.js';
import { caseRecord } from './record-step.js';

/** One case's page (state, links, timeline). Every read is audited, like a report's. */
export async function readCase(ctx: Ctx, id: string, lang: Lang): Promise<CaseDetail> {
  casePolicy.authorize(ctx.actor, 'read'); // anonymous: 401 before anything is looked up
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    const record = await caseRecord(trx, row);
    casePolicy.authorize(ctx.actor, 'read', record);
    await audit(ctx, trx, 'case.read', { type: 'case', id }, { version: row.version });
    return toDetail(trx, ctx, row, lang, record);
  });
}
