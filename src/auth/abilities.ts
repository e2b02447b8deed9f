import type { Actor } from '../access/actor.js';
import type { Policy } from '../access/policy.js';
import { auditPolicy } from '../audit/audit.policy.js';
import { casePolicy } from '../cases/case.policy.js';
import { caseSettingsPolicy } from '../cases/case-settings.policy.js';
import { caseloadPolicy } from '../cases/work/caseload.policy.js';
import { referralPolicy } from '../cases/work/referral.policy.js';
import { slaStepsPolicy } from '../cases/work/sla.policy.js';
import { taskPolicy } from '../cases/work/task.policy.js';
import { bankPolicy } from '../detect/images/bank.policy.js';
import { reviewItemPolicy, takedownPolicy } from '../detect/review/review.policy.js';
import { cityFilterPolicy, filterAlertPolicy, filterStatsPolicy, schoolFilterPolicy } from '../filter/filter.policy.js';
import { fleetNodePolicy } from '../filter/fleet/nodes/fleet-node.policy.js';
import { assignedRangePolicy, networkConflictPolicy } from '../filter/networks/network.policy.js';
import { liveViewPolicy, reviewPolicy } from '../filter/reviews/review.policy.js';
import { homePolicy } from '../home/home.policy.js';
import { indicatorPolicy, indicatorReportPolicy } from '../indicators/indicator.policy.js';
import { handoverPolicy } from '../intake/handovers/handover.policy.js';
import { intakeSettingsPolicy, reportPolicy } from '../intake/report.policy.js';
import { agencyPolicy } from '../org/agencies/agency.policy.js';
import { schoolPolicy } from '../org/schools/school.policy.js';
import { tokenPolicy } from '../org/tokens/token.policy.js';
import { unitPolicy } from '../org/units/unit.policy.js';
import { userPolicy } from '../org/users/user.policy.js';
import { checklistPolicy } from '../programmes/checklist.policy.js';
import { coveragePolicy } from '../programmes/coverage.policy.js';
import { learningPlatformPolicy } from '../programmes/learning-platform.policy.js';
import { outreachPolicy } from '../programmes/outreach.policy.js';
import { sessionPolicy } from '../programmes/session.policy.js';
import { topicPolicy } from '../programmes/topic.policy.js';
import { trainingPolicy } from '../programmes/training.policy.js';

/**
 * What the signed-in actor may do at all, for the console to show or hide menus and buttons.
 * Each ability is `<prefix>.<policy action>` and is answered by the policy itself with no record
 * (a list, a create form): the same rules that decide every request, so the console holds no
 * role list that could drift from them. Record-level checks (this school, this report) still
 * happen on the server for each request; an ability only says the door exists for this actor.
 *
 * Every policy a console page depends on is listed here (review requests: `filter.reviews`).
 */
export const ABILITY_POLICIES = {
  audit: auditPolicy,
  reports: reportPolicy,
  'reports.settings': intakeSettingsPolicy,
  'detect.items': reviewItemPolicy,
  'detect.takedowns': takedownPolicy,
  'detect.banks': bankPolicy,
  'filter.city': cityFilterPolicy,
  'filter.school': schoolFilterPolicy,
  'filter.stats': filterStatsPolicy,
  'filter.alerts': filterAlertPolicy,
  'filter.reviews': reviewPolicy,
  'filter.live': liveViewPolicy,
  'filter.ranges': assignedRangePolicy,
  'filter.conflicts': networkConflictPolicy,
  'filter.fleet': fleetNodePolicy,
  'org.agencies': agencyPolicy,
  'org.schools': schoolPolicy,
  'org.tokens': tokenPolicy,
  'org.units': unitPolicy,
  'org.users': userPolicy,
  cases: casePolicy,
  'cases.settings': caseSettingsPolicy,
  'cases.handovers': handoverPolicy,
  'cases.referrals': referralPolicy,
  'cases.tasks': taskPolicy,
  'cases.caseload': caseloadPolicy,
  'cases.sla': slaStepsPolicy,
  'programmes.sessions': sessionPolicy,
  'programmes.trainings': trainingPolicy,
  'programmes.outreach': outreachPolicy,
  'programmes.topics': topicPolicy,
  'programmes.checklists': checklistPolicy,
  'programmes.platforms': learningPlatformPolicy,
  'programmes.coverage': coveragePolicy,
  indicators: indicatorPolicy,
  'indicators.reports': indicatorReportPolicy,
  home: homePolicy,
} as const;

// biome-ignore lint/suspicious/noExplicitAny: only the action names are read from the policy type
type ActionsOf<P> = P extends Policy<any, infer A> ? A : never;
type Policies = typeof ABILITY_POLICIES;

/** Every ability name, e.g. `'reports.read'`, `'filter.city.update'`: derived from the policies' own actions. */
export type Ability = { [K in keyof Policies]: `${K}.${ActionsOf<Policies[K]>}` }[keyof Policies];
/** The `abilities` of `/auth/me`: every name, true or false. The console imports this type only. */
export type Abilities = Record<Ability, boolean>;

/** Every ability name with the policy and action that answer it. */
export const ABILITIES: ReadonlyArray<{ name: Ability; policy: Policy<unknown, string>; action: string }> = Object.entries(ABILITY_POLICIES).flatMap(
  ([prefix, policy]) =>
    Object.keys(policy.rules).map((action) => ({ name: `${prefix}.${action}` as Ability, policy: policy as unknown as Policy<unknown, string>, action })),
);

/** The actor's abilities, each from its policy with no record ("may this actor do this kind of thing at all"). */
export function abilitiesOf(actor: Actor): Abilities {
  return Object.fromEntries(ABILITIES.map((a) => [a.name, a.policy.can(actor, a.action)])) as Abilities;
}
