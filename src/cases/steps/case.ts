import type { Static, TSchema } from '@sinclair/typebox';
import type { Ctx } from '../../context.js';
import { detectionItemsOfReports } from '../../detect/review/case-entry.js';
import { readableReport } from '../../intake/handovers/reports-for-cases.js';
import { AppError } from '../../shared/errors.js';
import type { Lang } from '../../shared/i18n.js';
import type { ApprovalBody, AssignBody, ConsentBody, ConsentWithdrawBody, LinkReportBody, NoteBody, TrackBody } from '../api-schemas.js';
import { oneOf, pastDate, text } from '../input.js';
import { recordStep } from '../record-step.js';
import { APPROVAL_STEPS, CONSENT_GIVERS, CONSENT_KINDS } from '../vocab.js';
import { knownAgency } from './references.js';

/** Steps of the case as a whole: approvals, consent, notes, tracks, joined reports, assignment. */
type In<T extends TSchema> = Static<T>;

export function decideApproval(ctx: Ctx, caseId: string, body: In<typeof ApprovalBody>, lang: Lang) {
  const approve = body.decision === 'approve';
  return recordStep(ctx, caseId, body.version, lang, {
    name: approve ? 'approval_given' : 'approval_returned',
    action: 'approve',
    build: (_trx, _row, _s, now) => {
      const step = oneOf(body.step, APPROVAL_STEPS, 'step');
      const note = text(body.note, 'note');
      if (!approve && (!note || note.length < 10)) throw new AppError(400, 'case_reason_required', { field: 'note' });
      return [{ event: { type: approve ? 'approval_given' : 'approval_returned', at: now.toISOString(), data: { step } }, sealed: { note } }];
    },
  });
}

export function recordConsent(ctx: Ctx, caseId: string, body: In<typeof ConsentBody>, lang: Lang) {
  return recordStep(ctx, caseId, body.version, lang, {
    name: 'consent_recorded',
    async build(trx, _row, _s, now) {
      const kind = oneOf(body.kind, CONSENT_KINDS, 'kind');
      if (kind === 'share' && !body.agencyId) throw new AppError(400, 'validation_failed', { detail: 'agencyId' });
      const agencyId = kind === 'share' && body.agencyId ? await knownAgency(trx, body.agencyId, 'agencyId') : null;
      return [
        {
          event: {
            type: 'consent_recorded',
            at: pastDate(body.at, now, 'at'),
            data: { kind, given: body.given, by: oneOf(body.by, CONSENT_GIVERS, 'by'), agencyId },
          },
        },
      ];
    },
  });
}

export function withdrawConsent(ctx: Ctx, caseId: string, body: In<typeof ConsentWithdrawBody>, lang: Lang) {
  return recordStep(ctx, caseId, body.version, lang, {
    name: 'consent_withdrawn',
    build: (_trx, _row, _s, now) => {
      const kind = oneOf(body.kind, CONSENT_KINDS, 'kind');
      if (kind === 'share' && !body.agencyId) throw new AppError(400, 'validation_failed', { detail: 'agencyId' });
      return [
        { event: { type: 'consent_withdrawn', at: pastDate(body.at, now, 'at'), data: { kind, agencyId: kind === 'share' ? (body.agencyId ?? null) : null } } },
      ];
    },
  });
}

export function addNote(ctx: Ctx, caseId: string, body: In<typeof NoteBody>, lang: Lang) {
  return recordStep(ctx, caseId, body.version, lang, {
    name: 'note_added',
    build: (_trx, _row, _s, now) => {
      const t = text(body.text, 'text');
      if (!t) throw new AppError(400, 'validation_failed', { detail: 'text' });
      return [{ event: { type: 'note_added', at: now.toISOString(), data: {} }, sealed: { text: t } }];
    },
  });
}

export function addTrack(ctx: Ctx, caseId: string, body: In<typeof TrackBody>, lang: Lang) {
  return recordStep(ctx, caseId, body.version, lang, {
    name: 'track_added',
    build: (_trx, _row, _s, now) => [
      { event: { type: 'track_added', at: now.toISOString(), data: { track: oneOf(body.track, { victim: 1, violation: 1 }, 'track') } } },
    ],
  });
}

/** Another report about the same child or offender joins the case (one the worker may read). */
export function linkReport(ctx: Ctx, caseId: string, body: In<typeof LinkReportBody>, lang: Lang) {
  return recordStep(ctx, caseId, body.version, lang, {
    name: 'report_linked',
    async build(trx, _row, state, now) {
      if (state.reports.includes(body.reportId)) throw new AppError(409, 'conflict', { detail: 'reportId' });
      const report = await readableReport(trx, ctx.actor, body.reportId);
      if (!report) throw new AppError(400, 'case_bad_reference', { field: 'reportId' });
      const items = await detectionItemsOfReports(trx, [report.id]);
      return [
        { event: { type: 'report_linked', at: now.toISOString(), data: { reportId: report.id, handoverId: null, detectItemIds: items.map((i) => i.id) } } },
      ];
    },
  });
}

/** A worker of the ward or agency holding the case (or nobody: back to the unit's queue). */
export function assignCase(ctx: Ctx, caseId: string, body: In<typeof AssignBody>, lang: Lang) {
  return recordStep(ctx, caseId, body.version, lang, {
    name: 'assigned',
    async build(trx, row, _s, now) {
      if (body.userId) {
        const u = await trx.selectFrom('users').select(['id', 'role', 'unit_id', 'agency_id', 'disabled']).where('id', '=', body.userId).executeTakeFirst();
        const holds = u && u.disabled === 0 && ((row.unit_id && u.unit_id === row.unit_id) || (row.agency_id && u.agency_id === row.agency_id));
        if (!u || !holds || (u.role !== 'case_worker' && u.role !== 'agency_officer')) throw new AppError(400, 'case_bad_reference', { field: 'userId' });
      }
      return [{ event: { type: 'assigned', at: now.toISOString(), data: { userId: body.userId } } }];
    },
  });
}
