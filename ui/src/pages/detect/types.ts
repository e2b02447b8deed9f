/**
 * Shapes of the detection API (/api/v1/detect/…). The review desk's are taken, types only, from
 * the server's own TypeBox schemas (src/detect/review/api-schemas.ts), so a change of the API is a
 * compile error here rather than a blank on screen; nothing of the server is bundled. The hash
 * banks' come from their routes' schemas (src/detect/images/routes.ts) the same way.
 */
import type { Static } from '@sinclair/typebox';
import type * as B from '../../../../src/detect/images/routes.js';
import type * as S from '../../../../src/detect/review/api-schemas.js';

export type ItemStatus = Static<typeof S.StatusT>;
export type Decision = Static<typeof S.DecisionT>;
export type ItemKind = Static<typeof S.KindT>;
export type ItemSource = Static<typeof S.SourceT>;
export type TakedownStatus = Static<typeof S.TakedownStatusT>;

/** Every value once, in the order the console lists them: a value the server adds or drops fails the type-check here. */
const every = <T extends string>(values: Record<T, true>): T[] => Object.keys(values) as T[];
export const ITEM_STATUSES = every<ItemStatus>({ queued: true, fetching: true, analysed: true, failed: true, decided: true });
export const DECISIONS = every<Decision>({ harmful: true, not_harmful: true, legal_review: true });
export const ITEM_KINDS = every<ItemKind>({ url: true, text: true, image: true });
export const ITEM_SOURCES = every<ItemSource>({ report: true, analyst: true });
export const TAKEDOWN_STATUSES = every<TakedownStatus>({ requested: true, sent: true, removed: true, refused: true, withdrawn: true });
export const BANK_KINDS = ['pdq', 'sha256', 'md5'] as const;
export type BankKind = (typeof BANK_KINDS)[number];

export type BankMatch = S.BankMatch;
export type ItemSummary = S.ItemSummary;
export type Takedown = Static<typeof S.Takedown>;
export type ItemDetail = S.ItemDetail;
export type DecisionResult = Static<typeof S.DecisionResult>;
/** What reopening a decision took back (src/detect/review/reopen.ts). */
export type ReopenResult = Static<typeof S.ReopenResult>;
export type DetectStats = Static<typeof S.ReviewStats>;

export interface Labelled {
  code: string;
  label: string;
}

export interface DetectVocabulary {
  categories: Labelled[];
  platforms: Labelled[];
  failureCodes: Labelled[];
}

export type Bank = Static<typeof B.Bank>;
export type BankImportResult = Static<typeof B.ImportResult>;
