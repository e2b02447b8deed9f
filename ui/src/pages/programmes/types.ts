/**
 * Shapes of the programmes API, types only, from the server's own TypeBox schemas: a changed
 * response fails the console's type-check.
 */
import type { Static } from '@sinclair/typebox';
import type * as I from '../../../../src/programmes/api-import-schemas.js';
import type * as S from '../../../../src/programmes/api-schemas.js';
import type * as C from '../../../../src/programmes/coverage-routes.js';
import type * as F from '../../../../src/programmes/safety-routes.js';

export type Topic = Static<typeof S.Topic>;
export type Session = Static<typeof S.Session>;
export type Training = Static<typeof S.Training>;
export type Outreach = Static<typeof S.Outreach>;
export type ImportStarted = Static<typeof I.ImportStarted>;
export type ImportState = Static<typeof I.ImportState>;
export type Coverage = Static<typeof C.CoverageAnswer>;
export type Checklist = Static<typeof F.Checklist>;
export type ChecklistItem = Static<typeof F.ChecklistItem>;
export type Platform = Static<typeof F.Platform>;
