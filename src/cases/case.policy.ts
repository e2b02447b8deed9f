import type { Actor } from '../access/actor.js';
import { definePolicy, type Rule } from '../access/policy.js';
import { inOwnAgency, inOwnSchool, inOwnUnit, role } from '../access/rules.js';
import type { CasesTable } from './tables.js';

/**
 * What a rule sees of a case: who holds it (ward, agency), the child's school, who opened it, and
 * the staff designated as case managers of its ward or agency (loaded by the use case that asks
 * for `approve`; absent elsewhere).
 */
export type CaseRecord = Pick<CasesTable, 'unit_id' | 'agency_id' | 'school_id' | 'opened_by'> & { manager_ids?: readonly string[] };

/** A school counsellor (school administrator) follows the cases they opened for their own school, nothing more. */
const openedByOwnSchool: Rule<CaseRecord> = {
  describe: 'role = school_admin and record.opened_by = actor and record.school_id = actor school',
  test: (actor: Actor, record) =>
    actor.kind === 'user' &&
    actor.role === 'school_admin' &&
    actor.schoolId !== null &&
    (record === undefined || (record.opened_by === actor.id && record.school_id === actor.schoolId)),
  scope: (actor) =>
    actor.kind === 'user' && actor.role === 'school_admin' && actor.schoolId !== null
      ? {
          kind: 'allOf',
          eqs: [
            { kind: 'eq', column: 'opened_by', value: actor.id },
            { kind: 'eq', column: 'school_id', value: actor.schoolId },
          ],
        }
      : { kind: 'none' },
};

/** A case worker or agency officer designated as case manager, on cases their own ward or agency holds. */
const designatedManager: Rule<CaseRecord> = {
  describe: 'actor ∈ record.manager_ids (designated case manager) and the case is held by their ward or agency',
  test: (actor, record) => {
    if (actor.kind !== 'user' || (actor.role !== 'case_worker' && actor.role !== 'agency_officer')) return false;
    if (record === undefined) return true;
    const ownHolder = (actor.unitId !== null && record.unit_id === actor.unitId) || (actor.agencyId !== null && record.agency_id === actor.agencyId);
    return ownHolder && (record.manager_ids ?? []).includes(actor.id);
  },
  scope: () => ({ kind: 'none' }),
};

/** The workers of the ward or agency holding the case. */
const holders = [inOwnUnit<CaseRecord>('unit_id', 'case_worker'), inOwnAgency<CaseRecord>('agency_id', 'case_worker', 'agency_officer')];

/**
 * Cases carry children's most sensitive data. The ward or agency holding a case works it; its
 * designated managers (and the agency's officers) approve assessments, plans and closures.
 * Opening: the holders themselves, the intake desk (a 111 call typed in) and a school counsellor
 * for their own school. City leaders and analysts see aggregates only. No machine token opens
 * any of it. Identifying fields (`reveal`) and exports need a stated reason and are audited.
 */
export const casePolicy = definePolicy<CaseRecord, 'read' | 'open' | 'work' | 'approve' | 'reveal' | 'export' | 'aggregate'>(
  'case',
  {
    read: [role('system_admin'), ...holders, openedByOwnSchool],
    open: [role('system_admin', 'intake_officer'), ...holders, inOwnSchool<CaseRecord>('school_id', 'school_admin')],
    work: holders,
    approve: [inOwnAgency<CaseRecord>('agency_id', 'agency_officer'), designatedManager],
    reveal: holders,
    export: holders,
    aggregate: [role('system_admin', 'city_leader', 'analyst')],
  },
  { visibleAction: 'read' },
);
