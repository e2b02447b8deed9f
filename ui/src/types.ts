/** Shapes of the platform's JSON API (/api/v1), as the console uses them. */
import type { Role } from '../../src/access/actor.js';
import type { Abilities } from '../../src/auth/abilities.js';

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

export interface Unit {
  id: string;
  name: string;
  fullName: string;
  nameEn: string;
  kind: UnitKind;
  parentId: string | null;
}

export interface Agency {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  level: AgencyLevel;
  unitId: string;
  responsibilities: string[];
  email: string | null;
  phone: string | null;
  active: boolean;
}

export interface CodeLabel {
  code: string;
  label: string;
}

export interface School {
  id: string;
  code: string;
  name: string;
  level: SchoolLevel;
  unitId: string;
  address: string | null;
  isDemo: boolean;
}

export interface ImportResult {
  total: number;
  valid: number;
  created: number;
  updated: number;
  rejected: { line: number; reason: string }[];
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  unitId: string | null;
  agencyId: string | null;
  schoolId: string | null;
  totpEnabled: boolean;
  disabled: boolean;
  locked: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface Token {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  unitId: string | null;
  schoolId: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
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
