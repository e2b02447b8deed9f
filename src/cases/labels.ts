import type { Lang } from '../shared/i18n.js';
import * as vocab from './vocab.js';

const list = (labels: Readonly<Record<string, { vi: string; en: string }>>, lang: Lang) =>
  Object.entries(labels).map(([code, l]) => ({ code, label: l[lang] }));

/** Every code list of case management with its labels in the caller's language (the console never shows a code). */
export function caseVocabulary(lang: Lang): Record<string, Array<{ code: string; label: string }>> {
  return {
    sources: list(vocab.CASE_SOURCES, lang),
    victimStates: list(vocab.VICTIM_STATES, lang),
    violationStates: list(vocab.VIOLATION_STATES, lang),
    ageBands: list(vocab.AGE_BANDS, lang),
    genders: list(vocab.GENDERS, lang),
    riskLevels: list(vocab.RISK_LEVELS, lang),
    concerns: list(vocab.CONCERNS, lang),
    needs: list(vocab.NEEDS, lang),
    serviceKinds: list(vocab.SERVICE_KINDS, lang),
    serviceStatuses: list(vocab.SERVICE_STATUSES, lang),
    closureReasons: list(vocab.CLOSURE_REASONS, lang),
    subjectKinds: list(vocab.SUBJECT_KINDS, lang),
    violationTypes: list(vocab.VIOLATION_TYPES, lang),
    evidenceKinds: list(vocab.EVIDENCE_KINDS, lang),
    referralTargets: list(vocab.REFERRAL_TARGETS, lang),
    decisions: list(vocab.DECISIONS, lang),
    outcomes: list(vocab.OUTCOMES, lang),
    consentKinds: list(vocab.CONSENT_KINDS, lang),
    consentGivers: list(vocab.CONSENT_GIVERS, lang),
    approvalSteps: list(vocab.APPROVAL_STEPS, lang),
    events: list(vocab.EVENT_LABELS, lang),
  };
}
