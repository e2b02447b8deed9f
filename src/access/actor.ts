/**
 * A staff member's role. It lives with access because every policy decides from it; org stores it
 * on the user (org/tables.ts) and names it for people (org/users/roles.ts).
 */
export type Role = 'system_admin' | 'city_leader' | 'intake_officer' | 'case_worker' | 'agency_officer' | 'analyst' | 'school_admin';

/** Who is asking. Every use case receives one; policies decide from it alone. */
export type Actor = UserActor | TokenActor | SystemActor | AnonymousActor;

export interface UserActor {
  kind: 'user';
  id: string;
  label: string;
  role: Role;
  unitId: string | null;
  agencyId: string | null;
  schoolId: string | null;
}

export interface TokenActor {
  kind: 'token';
  id: string;
  label: string;
  scopes: readonly string[];
  /**
   * Limits set when the token was issued: it acts only on records of this ward and/or school.
   * Enforced by `tokenScope` (rules.ts), which every policy rule for tokens goes through.
   */
  unitId: string | null;
  schoolId: string | null;
  /**
   * The ward the limiting school is in as this request is served (null without a school limit).
   * A token limited to a school and its ward may read records that name only the school.
   */
  schoolUnitId: string | null;
  /**
   * This request's use of the token (see src/org/tokens/resolve-token.ts). Every token use is
   * audited once: a use case whose own durable audit entry names the token (a report filed by a
   * partner system) sets `audited`; otherwise a `token.used` entry is written before the answer.
   */
  use?: { audited: boolean };
}

export interface SystemActor {
  kind: 'system';
  id: null;
  label: string;
}

export interface AnonymousActor {
  kind: 'anonymous';
  id: null;
  label: 'anonymous';
}

export const systemActor = (label = 'system'): SystemActor => ({ kind: 'system', id: null, label });
export const anonymous: AnonymousActor = { kind: 'anonymous', id: null, label: 'anonymous' };

/** Where a request came from, for the audit trail. */
export interface RequestOrigin {
  ip: string | null;
}
