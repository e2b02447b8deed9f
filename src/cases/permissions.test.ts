import { describe, expect, it } from 'vitest';
import { type Actor, anonymous, type Role, type TokenActor, type UserActor } from '../access/actor.js';
import type { Policy } from '../access/policy.js';
import { handoverPolicy } from '../intake/handovers/handover.policy.js';
import { TOKEN_SCOPES } from '../org/tokens/scopes.js';
import { type CaseRecord, casePolicy } from './case.policy.js';
import { caseSettingsPolicy } from './case-settings.policy.js';

/**
 * The permission matrix of case management: every role × every action of the case, case-settings
 * and hand-over policies × every scope of record (own ward, other ward, own agency, other agency,
 * an unrelated school, the school's own case, and no record — a list or a form). The expected
 * allows are written out; any other allow fails (and any missing one too). Over HTTP the same
 * rules answer 404 for other wards' cases (cases.test.ts, access/scoping.test.ts).
 */
const WARD_A = '00070';
const WARD_B = '00004';
const WARD_C = '00008';
const AGENCY_X = 'agency-x';
const AGENCY_Y = 'agency-y';
const SCHOOL_S = 'school-s'; // in ward A
const SCHOOL_T = 'school-t'; // in ward C

const user = (id: string, role: Role, scope: { unitId?: string; agencyId?: string; schoolId?: string } = {}): UserActor => ({
  kind: 'user',
  id,
  label: id,
  role,
  unitId: scope.unitId ?? null,
  agencyId: scope.agencyId ?? null,
  schoolId: scope.schoolId ?? null,
});
const token: TokenActor = { kind: 'token', id: 'tok', label: 'token', scopes: Object.keys(TOKEN_SCOPES), unitId: null, schoolId: null, schoolUnitId: null };

const ACTORS: Record<string, Actor> = {
  admin: user('admin', 'system_admin'),
  leader: user('leader', 'city_leader'),
  intake: user('intake', 'intake_officer'),
  analyst: user('analyst', 'analyst'),
  wardWorker: user('ward-worker', 'case_worker', { unitId: WARD_A }),
  wardManager: user('ward-manager', 'case_worker', { unitId: WARD_A }),
  agencyWorker: user('agency-worker', 'case_worker', { agencyId: AGENCY_X }),
  agencyOfficer: user('agency-officer', 'agency_officer', { agencyId: AGENCY_X }),
  school: user('school', 'school_admin', { schoolId: SCHOOL_S }),
  token,
  anonymous,
};

type Scope = 'ownWard' | 'otherWard' | 'ownAgency' | 'otherAgency' | 'unrelatedSchool' | 'ownSchool' | 'none';
const SCOPES: Scope[] = ['ownWard', 'otherWard', 'ownAgency', 'otherAgency', 'unrelatedSchool', 'ownSchool', 'none'];
const ALL = SCOPES;

/** A case in each scope; ward A's designated manager is `ward-manager` (loaded by the use case from case_managers). */
const caseIn = (scope: Scope): CaseRecord | undefined => {
  const base = { unit_id: null, agency_id: null, school_id: null, opened_by: 'someone-else', manager_ids: [] as string[] };
  switch (scope) {
    case 'ownWard':
      return { ...base, unit_id: WARD_A, manager_ids: ['ward-manager'] };
    case 'otherWard':
      return { ...base, unit_id: WARD_B, manager_ids: ['ward-manager'] }; // even if named there, another ward's case is not theirs
    case 'ownAgency':
      return { ...base, agency_id: AGENCY_X };
    case 'otherAgency':
      return { ...base, agency_id: AGENCY_Y };
    case 'unrelatedSchool':
      return { ...base, unit_id: WARD_C, school_id: SCHOOL_T };
    case 'ownSchool':
      return { ...base, unit_id: WARD_A, school_id: SCHOOL_S, opened_by: 'school', manager_ids: ['ward-manager'] };
    case 'none':
      return undefined;
  }
};
const ownerIn = (scope: Scope) => {
  const r = caseIn(scope);
  return r ? { owner_id: r.agency_id ?? (scope === 'unrelatedSchool' ? SCHOOL_T : scope === 'ownSchool' ? SCHOOL_S : (r.unit_id as string)) } : undefined;
};
const handoverIn = (scope: Scope) => {
  const r = caseIn(scope);
  return r ? { unit_id: r.unit_id, agency_id: r.agency_id } : undefined;
};

type Expected = Record<string, Partial<Record<string, Scope[]>>>;
const wardWork: Scope[] = ['ownWard', 'ownSchool', 'none'];
const agencyWork: Scope[] = ['ownAgency', 'none'];

const CASE: Expected = {
  read: { admin: ALL, wardWorker: wardWork, wardManager: wardWork, agencyWorker: agencyWork, agencyOfficer: agencyWork, school: ['ownSchool', 'none'] },
  open: {
    admin: ALL,
    intake: ALL,
    wardWorker: wardWork,
    wardManager: wardWork,
    agencyWorker: agencyWork,
    agencyOfficer: agencyWork,
    school: ['ownSchool', 'none'],
  },
  work: { wardWorker: wardWork, wardManager: wardWork, agencyWorker: agencyWork, agencyOfficer: agencyWork },
  // "none": the approve button exists for case workers and officers; each case is decided by its managers
  approve: { wardManager: wardWork, wardWorker: ['none'], agencyWorker: ['none'], agencyOfficer: agencyWork },
  reveal: { wardWorker: wardWork, wardManager: wardWork, agencyWorker: agencyWork, agencyOfficer: agencyWork },
  export: { wardWorker: wardWork, wardManager: wardWork, agencyWorker: agencyWork, agencyOfficer: agencyWork },
  aggregate: { admin: ALL, leader: ALL, analyst: ALL },
};
const SETTINGS: Expected = {
  read: { admin: ALL, wardWorker: ['ownWard', 'none'], wardManager: ['ownWard', 'none'], agencyWorker: agencyWork, agencyOfficer: agencyWork },
  update: { admin: ALL, agencyOfficer: agencyWork },
};
const HANDOVER: Expected = {
  read: { admin: ALL, intake: ALL, wardWorker: wardWork, wardManager: wardWork, agencyWorker: agencyWork, agencyOfficer: agencyWork },
  take: { wardWorker: wardWork, wardManager: wardWork, agencyWorker: agencyWork, agencyOfficer: agencyWork },
};

function matrix<R>(policy: Policy<R, string>, expected: Expected, recordIn: (s: Scope) => R | undefined) {
  expect(Object.keys(policy.rules).sort()).toEqual(Object.keys(expected).sort());
  const wrong: string[] = [];
  for (const action of Object.keys(policy.rules)) {
    for (const [name, actor] of Object.entries(ACTORS)) {
      for (const scope of SCOPES) {
        const allowed = policy.can(actor, action, recordIn(scope));
        const want = (expected[action]?.[name] ?? []).includes(scope);
        if (allowed !== want)
          wrong.push(`${policy.subject}.${action} ${name} on ${scope}: ${allowed ? 'ALLOWED' : 'refused'}, expected ${want ? 'allow' : 'refuse'}`);
      }
    }
  }
  expect(wrong).toEqual([]);
}

describe('case management permission matrix', () => {
  it('cases: every role × action × scope', () => matrix(casePolicy, CASE, caseIn));
  it('case settings: every role × action × scope', () => matrix(caseSettingsPolicy, SETTINGS, ownerIn));
  it('hand-overs: every role × action × scope', () => matrix(handoverPolicy, HANDOVER, handoverIn));

  it('lists show the same rows the record checks allow (list scope ≡ record test)', () => {
    for (const [name, actor] of Object.entries(ACTORS)) {
      const scopes = casePolicy.listScope(actor, 'read');
      const visible = (r: CaseRecord) =>
        scopes.some((s) =>
          s.kind === 'all'
            ? true
            : s.kind === 'eq'
              ? (r as Record<string, unknown>)[s.column] === s.value
              : s.kind === 'allOf'
                ? s.eqs.every((e) => (r as Record<string, unknown>)[e.column] === e.value)
                : false,
        );
      for (const scope of SCOPES.filter((s) => s !== 'none')) {
        const r = caseIn(scope) as CaseRecord;
        expect(visible(r), `${name} ${scope}`).toBe(casePolicy.can(actor, 'read', r));
      }
    }
  });
});
