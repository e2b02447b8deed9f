/** Shapes of the platform's JSON API (/api/v1), as the console uses them. */

import type { Static } from '@sinclair/typebox';
import type { Role } from '../../src/access/actor.js';
import type { Abilities } from '../../src/auth/abilities.js';
import type { Agency as AgencySchema } from '../../src/org/agencies/routes.js';
import type { School as SchoolSchema } from '../../src/org/schools/routes.js';
import type { Token as TokenSchema } from '../../src/org/tokens/routes.js';
import type { Unit as UnitSchema } from '../../src/org/units/routes.js';
import type { User as UserSchema } from '../../src/org/users/routes.js';

/** The roles, for naming them to people (who sees what is decided by `abilities`, never by role). */
export type { Role } from '../../src/access/actor.js';
export type { Abilities, Ability } from '../../src/auth/abilities.js';

export type SchoolLevel = 'kindergarten' | 'primary' | 'lower_secondary' | 'upper_secondary' | 'multi_level' | 'continuing_education' | 'care_facility';

export type UnitKind = 'city' | 'ward' | 'commune';
export type AgencyLevel = 'city' | 'ward';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  agencyId: string | null;
  schoolId: string | null;
  totpEnabled: boolean;
  locale: 'vi' | 'en';
  /** What this account may do at all, answered by the server's policies: the console shows or hides by these, never by role. */
  abilities: Abilities;
}

export interface Session {
  user: Me;
  csrfToken: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface CodeLabel {
  code: string;
  label: string;
}

export interface ImportResult {
  total: number;
  valid: number;
  created: number;
  updated: number;
  rejected: { line: number; reason: string }[];
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorType: string;
  actorLabel: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  ip: string | null;
  detail: unknown;
}

export type VerifyResult = { ok: true; entries: number; head: string | null } | { ok: false; entries: number; brokenAt: number; reason: string };

// The organisation's records as the server's schemas declare them: a change there that the console
// does not follow fails `npm run typecheck`.
export type Unit = Static<typeof UnitSchema>;
export type Agency = Static<typeof AgencySchema>;
export type School = Static<typeof SchoolSchema>;
export type User = Static<typeof UserSchema>;
export type Token = Static<typeof TokenSchema>;
