import type { Static } from '@sinclair/typebox';
import { audit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import { detectionItemsOfReports } from '../detect/review/case-entry.js';
import { markHandoverTaken } from '../intake/handovers/take-handover.js';
import { AppError } from '../shared/errors.js';
import type { Lang } from '../shared/i18n.js';
import type { CaseDetail, TakeHandoverBody } from './api-schemas.js';
import { approvalsFor } from './approvals.js';
import { casePolicy } from './case.policy.js';
import { toDetail } from './present.js';
import { caseRecord } from './record-step.js';
import type { CaseState } from './reduce.js';
import { appendCaseEvents, createCase, loadCaseForUpdate, type NewCaseEvent } from './store.js';

/**
 * A ward or agency takes a hand-over addressed to it: the hand-over becomes `taken`, the report's
 * status page says "being handled", and a case opens with the tracks the hand-over asked for —
 * linked to the report (its evidence) and the detection items made from its links — or, with
 * `joinCaseId`, the report joins a case already open about the same child or offender. One
 * transaction: the hand-over is never taken without its case.
 */
export async function takeHandover(ctx: Ctx, handoverId: string, body: Static<typeof TakeHandoverBody>, lang: Lang): Promise<CaseDetail> {
  if (body.joinCaseId && body.version === undefined) throw new AppError(400, 'validation_failed', { detail: 'version' });
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const h = await markHandoverTaken(trx, ctx, handoverId);
    const victim = body.victim ?? h.victimSupport;
    const violation = body.violation ?? h.violationHandling;
    if (!victim && !violation) throw new AppError(400, 'validation_failed', { detail: 'victim' });
    const items = await detectionItemsOfReports(trx, [h.reportId]);
    const now = ctx.clock().toISOString();
    const link: NewCaseEvent = {
      event: { type: 'report_linked', at: now, data: { reportId: h.reportId, handoverId: h.id, detectItemIds: items.map((i) => i.id) } },
    };
    let caseId: string;
    if (body.joinCaseId) {
      const row = await loadCaseForUpdate(trx, ctx, body.joinCaseId);
      casePolicy.authorize(ctx.actor, 'work', row);
      const state = JSON.parse(row.state) as CaseState;
      const tracks: NewCaseEvent[] = [];
      if (victim && state.victim === null) tracks.push({ event: { type: 'track_added', at: now, data: { track: 'victim' } } });
      if (violation && state.violation === null) tracks.push({ event: { type: 'track_added', at: now, data: { track: 'violation' } } });
      await appendCaseEvents(trx, ctx, row, body.version as number, [link, ...tracks]);
      caseId = row.id;
    } else {
      // The side that takes the hand-over holds the case: a ward taking it holds it alone, even
      // when the hand-over also named an agency (which learns of it through a referral if needed).
      const wardTakes = ctx.actor.kind === 'user' && ctx.actor.unitId !== null && ctx.actor.unitId === h.unitId;
      const opened = { source: 'handover' as const, victim, violation, unitId: h.unitId, agencyId: wardTakes ? null : h.agencyId, schoolId: null };
      // The officer who takes it becomes its worker. The child is not "registered" here: that is the
      // worker's first contact (its own step and SLA clock), recorded when it happens.
      const assign: NewCaseEvent[] = ctx.actor.kind === 'user' ? [{ event: { type: 'assigned', at: now, data: { userId: ctx.actor.id } } }] : [];
      const made = await createCase(trx, ctx, { at: now, data: { ...opened, approvals: await approvalsFor(trx, opened.unitId, opened.agencyId) } }, [
        link,
        ...assign,
      ]);
      caseId = made.id;
    }
    await audit(ctx, trx, 'case.handover_taken', { type: 'case', id: caseId }, { handoverId: h.id, reportId: h.reportId, joined: Boolean(body.joinCaseId) });
    const row = await trx.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    return toDetail(trx, ctx, row, lang, await caseRecord(trx, row));
  });
}
