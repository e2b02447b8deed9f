import { audit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Tx } from '../db/database.js';
import type { Lang } from '../shared/i18n.js';
import type { CaseDetail } from './api-schemas.js';
import { managersOf } from './approvals.js';
import { type CaseRecord, casePolicy } from './case.policy.js';
import { toDetail } from './present.js';
import type { CaseState } from './reduce.js';
import { appendCaseEvents, loadCaseForUpdate, type NewCaseEvent } from './store.js';
import type { CasesTable } from './tables.js';

/**
 * What every step on a case shares (steps/*.ts): in one transaction, lock the case, authorise
 * (`work`, or `approve` with the holder's designated managers), build the events from the input
 * (which may read other records), append them at the version the caller saw, audit, and answer
 * the case page. A refused step throws before anything is written.
 */
export interface Step {
  /** Audit action suffix: `case.<name>`. */
  name: string;
  action?: 'work' | 'approve';
  build(trx: Tx, row: CasesTable, state: CaseState, now: Date): NewCaseEvent[] | Promise<NewCaseEvent[]>;
}

export async function caseRecord(trx: Tx, row: CasesTable): Promise<CaseRecord> {
  return { ...row, manager_ids: await managersOf(trx, row.unit_id, row.agency_id) };
}

export async function recordStep(ctx: Ctx, caseId: string, version: number, lang: Lang, step: Step): Promise<CaseDetail> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await loadCaseForUpdate(trx, ctx, caseId);
    const record = await caseRecord(trx, row);
    casePolicy.authorize(ctx.actor, step.action ?? 'work', record);
    const events = await step.build(trx, row, JSON.parse(row.state) as CaseState, ctx.clock());
    const state = await appendCaseEvents(trx, ctx, row, version, events);
    await audit(ctx, trx, `case.${step.name}`, { type: 'case', id: caseId }, { version: state.version, events: events.map((e) => e.event.type) });
    const after = await trx.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    return toDetail(trx, ctx, after, lang, { ...after, manager_ids: record.manager_ids ?? [] });
  });
}
