import type { Actor } from '../access/actor.js';
import { definePolicy, type Rule } from '../access/policy.js';
import { inOwnAgency, inOwnUnit, role, system, tokenScope } from '../access/rules.js';
import type { IntakeReportsTable } from './tables.js';

type Report = Pick<IntakeReportsTable, 'id' | 'agency_id' | 'handover_unit_id' | 'handover_agency_id'>;

/** Anyone may report through the public pages: the only door open to anonymous callers. */
const publicReporter: Rule<unknown> = {
  describe: 'anyone, through the public reporting pages',
  test: (actor: Actor) => actor.kind === 'anonymous',
  scope: () => ({ kind: 'none' }),
};

/**
 * Reports carry children's data. The intake desk (intake officers, administrators) sees all of
 * them; an agency's officers and case workers the reports routed or handed over to their agency;
 * a ward's case worker the reports handed over to their ward; city leaders and analysts only
 * aggregates. Never anonymous. Every read of one report is audited (routes.ts).
 */
export const reportPolicy = definePolicy<Report, 'read' | 'submit' | 'triage' | 'aggregate' | 'reveal'>(
  'intake_report',
  {
    read: [
      role('system_admin', 'intake_officer'),
      // Everyone of the agency a report is routed to is told so (notifications go to the agency),
      // so everyone who works for it may open it: its officers and its case workers.
      inOwnAgency<Report>('agency_id', 'agency_officer', 'case_worker'),
      inOwnUnit<Report>('handover_unit_id', 'case_worker'),
      inOwnAgency<Report>('handover_agency_id', 'case_worker', 'agency_officer'),
    ],
    // Filing cannot be held to a school or ward (a report is the city desk's until triaged), so a token
    // limited to one may not file: a limit that cannot hold is refused, never silently ignored.
    submit: [publicReporter, tokenScope('reports:write', 'unlimited tokens only'), role('system_admin', 'intake_officer'), system],
    triage: [role('system_admin', 'intake_officer')],
    aggregate: [role('system_admin', 'intake_officer', 'city_leader', 'analyst')],
    // Seeing abuse material unblurred: the intake desk only, with a stated reason, audited.
    reveal: [role('system_admin', 'intake_officer')],
  },
  { visibleAction: 'read' },
);

/** Priority and routing rules, SLA settings. */
export const intakeSettingsPolicy = definePolicy<unknown, 'read' | 'update'>('intake_settings', {
  read: [role('system_admin', 'intake_officer', 'city_leader')],
  update: [role('system_admin')],
});
