import type { Static } from '@sinclair/typebox';
import { audit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import { AppError, forbidden } from '../shared/errors.js';
import type { Lang } from '../shared/i18n.js';
import type { CaseDetail, OpenCaseBody } from './api-schemas.js';
import { approvalsFor } from './approvals.js';
import { casePolicy } from './case.policy.js';
import { oneOf, pastDate, text } from './input.js';
import { toDetail } from './present.js';
import { knownAgency, knownSchool, knownUnit } from './steps/references.js';
import { createCase, type NewCaseEvent } from './store.js';

/**
 * A case opened without a hand-over: a school counsellor for a pupil, the intake desk typing in a
 * 111 call, a ward officer who met the child. It goes to the ward and/or agency named (a
 * counsellor's case: the school's ward when none is named).
 */
export async function openCase(ctx: Ctx, body: Static<typeof OpenCaseBody>, lang: Lang): Promise<CaseDetail> {
  const source = oneOf(body.source, { counsellor: 1, hotline_111: 1, direct: 1 }, 'source');
  if (!body.victim && !body.violation) throw new AppError(400, 'validation_failed', { detail: 'victim' });
  const note = text(body.note, 'note');
  const at = pastDate(body.at, ctx.clock(), 'at');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const schoolId = body.schoolId ? await knownSchool(trx, body.schoolId, 'schoolId') : null;
    let unitId = body.unitId ? await knownUnit(trx, body.unitId, 'unitId') : null;
    const agencyId = body.agencyId ? await knownAgency(trx, body.agencyId, 'agencyId') : null;
    if (!unitId && !agencyId && schoolId) {
      unitId = (await trx.selectFrom('schools').select('unit_id').where('id', '=', schoolId).executeTakeFirstOrThrow()).unit_id;
    }
    if (!unitId && !agencyId) throw new AppError(400, 'validation_failed', { detail: 'unitId' });
    const record = { unit_id: unitId, agency_id: agencyId, school_id: schoolId, opened_by: ctx.actor.id };
    // a case not yet made: refused with 403 (401 for anonymous), never the 404 that hides an existing record
    if (!casePolicy.can(ctx.actor, 'open', record)) {
      casePolicy.authorize(ctx.actor, 'open');
      throw forbidden();
    }
    const more: NewCaseEvent[] = note ? [{ event: { type: 'note_added', at, data: {} }, sealed: { text: note } }] : [];
    const made = await createCase(
      trx,
      ctx,
      {
        at,
        data: { source, victim: body.victim, violation: body.violation, unitId, agencyId, schoolId, approvals: await approvalsFor(trx, unitId, agencyId) },
      },
      more,
    );
    await audit(ctx, trx, 'case.opened', { type: 'case', id: made.id }, { source, victim: body.victim, violation: body.violation, unitId, agencyId });
    const row = await trx.selectFrom('cases').selectAll().where('id', '=', made.id).executeTakeFirstOrThrow();
    return toDetail(trx, ctx, row, lang, row);
  });
}
