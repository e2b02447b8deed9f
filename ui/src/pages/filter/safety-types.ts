/**
 * Shapes of the filter's false-positive loop (issue 11): guard list, held refreshes, review
 * requests, allow effects, category coverage, block-page state and the staff band's live view.
 * Taken, types only, from the server's own TypeBox schemas (src/filter/safety-api-schemas.ts),
 * so a change of the API is a compile error here rather than a blank on screen; nothing of the
 * server is bundled into the console.
 */
import type { Static } from '@sinclair/typebox';
import type * as S from '../../../../src/filter/safety-api-schemas.js';

export type GuardEntry = Static<typeof S.GuardEntry>;
/** The city's named, audited "block this guarded name anyway". */
export type GuardDecision = Static<typeof S.GuardDecision>;
export type HeldRefresh = Static<typeof S.HeldRefresh>;
export type Review = Static<typeof S.Review>;
export type ReviewCounts = Static<typeof S.ReviewCounts>;
export type AllowEffect = Static<typeof S.AllowEffect>;
export type CategoryCoverage = Static<typeof S.CategoryCoverage>;
export type BlockPageState = Static<typeof S.BlockPageStatus>;
export type LiveEntry = Static<typeof S.LiveEntry>;
export type LiveView = Static<typeof S.LiveView>;
