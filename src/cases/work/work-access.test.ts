import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../access/actor.js';
import { caseloadPolicy } from './caseload.policy.js';
import { referralPolicy } from './referral.policy.js';
import { slaStepsPolicy } from './sla.policy.js';
import { taskPolicy } from './task.policy.js';

/**
 * Every role × every case-work action × every scope a record can be in relative to the actor.
 * The allowed cells are listed below by hand; every other cell must be refused, so a rule that
 * opens more than intended fails here ("unexpected allow"), as does one that stops opening a cell.
 */
const W1 = '00070';
const W2 = '00004';
const AG1 = 'agency-1';
const AG2 = 'agency-2';
const S1 = 'school-in-w1';

const user = (role: Role, scope: { unitId?: string; agencyId?: string; schoolId?: string } = {}): Actor => ({
  kind: 'user',
  id: `u-${role}`,
  label: role,
  role,
  unitId: scope.unitId ?? null,
  agencyId: scope.agencyId ?? null,
  schoolId: scope.schoolId ?? null,
});

const ACTORS: Record<string, Actor> = {
  system_admin: user('system_admin'),
  city_leader: user('city_leader'),
  intake_officer: user('intake_officer'),
  analyst: user('analyst'),
  ward_worker: user('case_worker', { unitId: W1 }),
  agency_worker: user('case_worker', { agencyId: AG1 }),
  agency_officer: user('agency_officer', { agencyId: AG1 }),
  school_admin: user('school_admin', { schoolId: S1 }),
  token: {
    kind: 'token',
    id: 't',
    label: 'token',
    scopes: ['reports:write', 'schools:read', 'schools:write', 'org:read'],
    unitId: null,
    schoolId: null,
    schoolUnitId: null,
  },
  anonymous: { kind: 'anonymous', id: null, label: 'anonymous' },
};

/** Where a record stands relative to the actors above (held by = the case's ward/agency; to = a referral's receiver). */
const SCOPES = {
  own_ward: { case_unit_id: W1, case_agency_id: null, from_unit_id: W1, from_agency_id: null, to_unit_id: null, to_agency_id: AG2 },
  other_ward: { case_unit_id: W2, case_agency_id: null, from_unit_id: W2, from_agency_id: null, to_unit_id: null, to_agency_id: AG2 },
  own_agency: { case_unit_id: null, case_agency_id: AG1, from_unit_id: null, from_agency_id: AG1, to_unit_id: W2, to_agency_id: null },
  other_agency: { case_unit_id: null, case_agency_id: AG2, from_unit_id: null, from_agency_id: AG2, to_unit_id: W2, to_agency_id: null },
  to_own_ward: { case_unit_id: W2, case_agency_id: null, from_unit_id: W2, from_agency_id: null, to_unit_id: W1, to_agency_id: null },
  to_own_agency: { case_unit_id: W2, case_agency_id: null, from_unit_id: W2, from_agency_id: null, to_unit_id: null, to_agency_id: AG1 },
  unrelated_school: { case_unit_id: W2, case_agency_id: null, from_unit_id: W2, from_agency_id: null, to_unit_id: null, to_agency_id: AG2 },
} as const;
type ScopeName = keyof typeof SCOPES;
const ALL_SCOPES = Object.keys(SCOPES) as ScopeName[];

const agencySide = ['agency_worker', 'agency_officer'];
const cells = (actors: string[], scopes: ScopeName[]) => actors.flatMap((a) => scopes.map((s) => `${a}|${s}`));

/** The cells each action allows; everything else is refused. */
const ALLOWED: Record<string, string[]> = {
  'referral.read': [
    ...cells(['system_admin'], ALL_SCOPES),
    ...cells(['ward_worker'], ['own_ward', 'to_own_ward']),
    ...cells(agencySide, ['own_agency', 'to_own_agency']),
  ],
  'referral.send': [...cells(['ward_worker'], ['own_ward']), ...cells(agencySide, ['own_agency'])],
  'referral.answer': [...cells(['ward_worker'], ['to_own_ward']), ...cells(agencySide, ['to_own_agency'])],
  'referral.withdraw': [...cells(['system_admin'], ALL_SCOPES), ...cells(['ward_worker'], ['own_ward']), ...cells(agencySide, ['own_agency'])],
  'task.read': [...cells(['system_admin'], ALL_SCOPES), ...cells(['ward_worker'], ['own_ward']), ...cells(agencySide, ['own_agency'])],
  'task.create': [...cells(['ward_worker'], ['own_ward']), ...cells(agencySide, ['own_agency'])],
  'task.update': [...cells(['ward_worker'], ['own_ward']), ...cells(agencySide, ['own_agency'])],
  'caseload.read': [...cells(['system_admin', 'city_leader'], ALL_SCOPES), ...cells(['ward_worker'], ['own_ward']), ...cells(agencySide, ['own_agency'])],
  'sla.read': cells(['system_admin', 'city_leader', 'ward_worker', 'agency_worker', 'agency_officer'], ALL_SCOPES),
  'sla.update': cells(['system_admin'], ALL_SCOPES),
};

type AnyPolicy = { can(actor: Actor, action: string, record?: unknown): boolean; rules: Record<string, unknown> };
const POLICIES: Record<string, { policy: AnyPolicy; record: (s: (typeof SCOPES)[ScopeName]) => unknown }> = {
  referral: { policy: referralPolicy as unknown as AnyPolicy, record: (s) => s },
  task: { policy: taskPolicy as unknown as AnyPolicy, record: (s) => ({ case_unit_id: s.case_unit_id, case_agency_id: s.case_agency_id }) },
  caseload: { policy: caseloadPolicy as unknown as AnyPolicy, record: (s) => ({ unit_id: s.case_unit_id, agency_id: s.case_agency_id }) },
  sla: { policy: slaStepsPolicy as unknown as AnyPolicy, record: () => undefined },
};

describe('case-work permission matrix', () => {
  it('names every action of every case-work policy', () => {
    const actions = Object.entries(POLICIES).flatMap(([name, p]) => Object.keys(p.policy.rules).map((a) => `${name}.${a}`));
    expect(actions.sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  for (const [name, { policy, record }] of Object.entries(POLICIES)) {
    for (const action of Object.keys(policy.rules)) {
      it(`${name}.${action}: allows exactly the listed role × scope cells`, () => {
        const allowed = new Set(ALLOWED[`${name}.${action}`]);
        const wrong: string[] = [];
        for (const [actorName, actor] of Object.entries(ACTORS)) {
          for (const scope of ALL_SCOPES) {
            const got = policy.can(actor, action, record(SCOPES[scope]));
            const want = allowed.has(`${actorName}|${scope}`);
            if (got !== want) wrong.push(`${actorName} on ${scope}: ${got ? 'unexpected allow' : 'unexpected refusal'}`);
          }
        }
        expect(wrong).toEqual([]);
      });
    }
  }
});
