import type { Static, TSchema } from '@sinclair/typebox';
import type { Ctx } from '../../context.js';
import { detectionItemExists, takedownForCase } from '../../detect/review/case-entry.js';
import { AppError } from '../../shared/errors.js';
import type { Lang } from '../../shared/i18n.js';
import type { DecisionBody, EvidenceBody, ReopenBody, SubjectBody, ViolationCloseBody, ViolationReferralBody } from '../api-schemas.js';
import { oneOf, pastDate, reason, text } from '../input.js';
import { recordStep } from '../record-step.js';
import { DECISIONS, EVIDENCE_KINDS, OUTCOMES, REFERRAL_TARGETS, SUBJECT_KINDS, VIOLATION_TYPES } from '../vocab.js';
import { knownAgency } from './references.js';

/**
 * The violation track's steps: subject, evidence, referral (police, inspectorate, platform),
 * decision (a takedown decision names one of the detection desk's takedown requests), outcome,
 * reopening.
 */
type In<T extends TSchema> = Static<T>;

export function recordSubject(ctx: Ctx, caseId: string, body: In<typeof SubjectBody>, lang: Lang) {
  return recordStep(ctx, caseId, body.version, lang, {
    name: 'subject_recorded',
    build: (_trx, _row, _s, now) => [
      {
        event: {
          type: 'subject_recorded',
          at: now.toISOString(),
          data: {
            subjectKind: oneOf(body.subjectKind, SUBJECT_KINDS, 'subjectKind'),
            violationType: oneOf(body.violationType, VIOLATION_TYPES, 'violationType'),
          },
        },
        sealed: { description: text(body.description, 'description', 2000) },
      },
    ],
  });
}

export function linkEvidence(ctx: Ctx, caseId: string, body: In<typeof EvidenceBody>, lang: Lang) {
  return recordStep(ctx, caseId, body.version, lang, {
    name: 'evidence_linked',
    async build(trx, _row, state, now) {
      const kind = oneOf(body.kind, EVIDENCE_KINDS, 'kind');
      // a report's evidence comes with the report: it must be one of the case's reports
      const known =
        kind === 'report'
          ? state.reports.includes(body.refId)
          : kind === 'detect_item'
            ? await detectionItemExists(trx, body.refId)
            : (await takedownForCase(trx, body.refId)) !== null;
      if (!known) throw new AppError(400, 'case_bad_reference', { field: 'refId' });
      return [{ event: { type: 'evidence_linked', at: now.toISOString(), data: { kind, refId: body.refId } } }];
    },
  });
}

export function referViolation(ctx: Ctx, caseId: string, body: In<typeof ViolationReferralBody>, lang: Lang) {
  return recordStep(ctx, caseId, body.version, lang, {
    name: 'violation_referred',
    async build(trx, _row, _s, now) {
      const agencyId = body.agencyId ? await knownAgency(trx, body.agencyId, 'agencyId') : null;
      return [
        {
          event: { type: 'violation_referred', at: pastDate(body.at, now, 'at'), data: { to: oneOf(body.to, REFERRAL_TARGETS, 'to'), agencyId } },
          sealed: { note: text(body.note, 'note') },
        },
      ];
    },
  });
}

export function recordDecision(ctx: Ctx, caseId: string, body: In<typeof DecisionBody>, lang: Lang) {
  return recordStep(ctx, caseId, body.version, lang, {
    name: 'decision_recorded',
    async build(trx, _row, _s, now) {
      const decision = oneOf(body.decision, DECISIONS, 'decision');
      let takedownId: string | null = null;
      if (decision === 'takedown') {
        if (!body.takedownId) throw new AppError(400, 'validation_failed', { detail: 'takedownId' });
        if (!(await takedownForCase(trx, body.takedownId))) throw new AppError(400, 'case_bad_reference', { field: 'takedownId' });
        takedownId = body.takedownId;
      }
      const decisionNumber = text(body.decisionNumber, 'decisionNumber', 60);
      return [
        {
          event: {
            type: 'decision_recorded',
            at: pastDate(body.at, now, 'at'),
            data: { decision, decisionNumber, amount: decision === 'administrative_sanction' ? (body.amount ?? null) : null, takedownId },
          },
          sealed: { note: text(body.note, 'note') },
        },
      ];
    },
  });
}

export function closeViolationTrack(ctx: Ctx, caseId: string, body: In<typeof ViolationCloseBody>, lang: Lang) {
  return recordStep(ctx, caseId, body.version, lang, {
    name: 'violation_closed',
    build: (_trx, _row, _s, now) => [
      {
        event: { type: 'violation_closed', at: pastDate(body.at, now, 'at'), data: { outcome: oneOf(body.outcome, OUTCOMES, 'outcome') } },
        sealed: { note: text(body.note, 'note') },
      },
    ],
  });
}

export function reopenViolationTrack(ctx: Ctx, caseId: string, body: In<typeof ReopenBody>, lang: Lang) {
  return recordStep(ctx, caseId, body.version, lang, {
    name: 'violation_reopened',
    build: (_trx, _row, _s, now) => [{ event: { type: 'violation_reopened', at: now.toISOString(), data: {} }, sealed: { reason: reason(body.reason) } }],
  });
}
