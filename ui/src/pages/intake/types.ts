/**
 * Shapes of the reporting centre's API, taken, types only, from the server's own TypeBox schemas
 * (src/intake/api-schemas.ts), so a change of the API is a compile error here rather than a blank
 * on screen (the hand-copied rule shapes had drifted: issue 12); nothing of the server is bundled.
 */
import type { Static } from '@sinclair/typebox';
import type * as S from '../../../../src/intake/api-schemas.js';
import type { GLOSSARY } from '../../../../src/intake/glossary.js';

export type Priority = Static<typeof S.PriorityT>;
export type ReportStatus = Static<typeof S.StatusT>;
export type RejectReason = Static<typeof S.RejectBody>['reason'];
export type Category = Static<typeof S.CategoryT>;

/** Every value once, in the order the console lists them: a value the server adds or drops fails the type-check here. */
const every = <T extends string>(values: Record<T, true>): T[] => Object.keys(values) as T[];
export const PRIORITIES: readonly Priority[] = every<Priority>({ p1: true, p2: true, p3: true, p4: true });
export const STATUSES: readonly ReportStatus[] = every<ReportStatus>({ new: true, accepted: true, handed_over: true, rejected: true, merged: true });
export const REJECT_REASONS: readonly RejectReason[] = every<RejectReason>({
  not_about_children: true,
  not_online: true,
  no_information: true,
  spam: true,
  other: true,
});
/** Categories whose evidence may be child sexual abuse material: the strongest warning before revealing. */
export const ABUSE_MATERIAL_CATEGORIES: readonly string[] = ['sexual_abuse_material', 'sextortion'] satisfies Category[];

export type ReportSummary = Static<typeof S.ReportSummary>;
export type Evidence = Static<typeof S.Evidence>;
export type ReportDetail = Static<typeof S.ReportDetail>;
export type PriorityRule = Static<typeof S.PriorityRule>;
export type RoutingRule = Static<typeof S.RoutingRule>;
export type SlaSetting = Static<typeof S.SlaSetting>;
export type Notification = Static<typeof S.Notification>;

type CodeLabels = { code: string; label: string }[];
type GlossarySection = keyof typeof GLOSSARY;

/** GET /intake/vocabulary: the labels of the report form and the glossary's terms (src/intake/glossary.ts), in the console's language. */
export type IntakeVocabulary = {
  categories: CodeLabels;
  reporterKinds: CodeLabels;
  ageBands: CodeLabels;
  when: CodeLabels;
  platforms: CodeLabels;
  publicStages: CodeLabels;
} & Record<GlossarySection, CodeLabels>;
