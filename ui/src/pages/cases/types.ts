/**
 * Shapes of the cases API, types only, from the server's own TypeBox schemas (src/cases and
 * src/cases/work api-schemas.ts): a changed response fails the console's type-check.
 */
import type { Static } from '@sinclair/typebox';
import type * as C from '../../../../src/cases/api-schemas.js';
import type * as W from '../../../../src/cases/work/api-schemas.js';

export type CaseSummary = Static<typeof C.CaseSummary>;
export type CaseDetail = Static<typeof C.CaseDetail>;
export type HandoverItem = Static<typeof C.HandoverItem>;
export type CaseVocabulary = Static<typeof C.CaseVocabulary>;
export type Referral = Static<typeof W.Referral>;
export type Task = Static<typeof W.Task>;
export type CaseClocks = Static<typeof W.CaseClocks>;
export type OverdueBoard = Static<typeof W.OverdueBoard>;
export type Caseload = Static<typeof W.Caseload>;
