import type { Static } from '@sinclair/typebox';
import type * as S from '../../../../src/indicators/api-schemas.js';

/** The indicators' shapes, the server's own (type-only: nothing of the server rides in the bundle). */
export type IndicatorsView = Static<typeof S.IndicatorsView>;
export type Indicator = Static<typeof S.Indicator>;
export type RankedPlace = Static<typeof S.Ranking>['items'][number];
export type TrendPoint = Static<typeof S.Trend>['items'][number];
export type ReportSummary = Static<typeof S.ReportSummary>;
export type ReportKind = Static<typeof S.ReportKindSchema>;
export type ReportIssuer = Static<typeof S.ReportIssuer>;
export type Grain = Static<typeof S.Grain>;
