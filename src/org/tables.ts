import type { Role } from '../access/actor.js';
import type { SealedColumns } from '../shared/secrets.js';

/** Tables owned by the organisation model. Timestamps: ISO-8601 UTC text. Flags: 0/1 integers. */
export type UnitKind = 'city' | 'ward' | 'commune';

export interface UnitsTable {
  id: string; // official code: '01' for Hà Nội, 5 digits for wards/communes
  name: string;
  full_name: string;
  name_en: string;
  kind: UnitKind;
  parent_id: string | null;
  /** folded name for accent-insensitive search, see shared/text.ts */
  search_key: string;
  created_at: string;
  updated_at: string;
}

export interface AgenciesTable {
  id: string;
  code: string;
  name: string;
  name_en: string;
  level: 'city' | 'ward';
  unit_id: string;
  /** JSON array of responsibility codes, see org/agencies/responsibilities.ts */
  responsibilities: string;
  email: string | null;
  phone: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export type SchoolLevel = 'kindergarten' | 'primary' | 'lower_secondary' | 'upper_secondary' | 'multi_level' | 'continuing_education' | 'care_facility';

export interface SchoolsTable {
  id: string;
  code: string;
  name: string;
  level: SchoolLevel;
  unit_id: string;
  address: string | null;
  is_demo: number;
  search_key: string;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  role: Role;
  unit_id: string | null;
  agency_id: string | null;
  school_id: string | null;
  /** AES-GCM sealed, see shared/secrets.ts */
  totp_secret: string | null;
  totp_enabled: number;
  failed_logins: number;
  locked_until: string | null;
  disabled: number;
  locale: 'vi' | 'en';
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  /** SHA-256 of the secret; the secret itself is shown once and never stored. */
  token_hash: string;
  prefix: string;
  /** JSON array of scope strings */
  scopes: string;
  unit_id: string | null;
  school_id: string | null;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface OrgTables {
  units: UnitsTable;
  agencies: AgenciesTable;
  schools: SchoolsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
}

/** Sealed columns (key rotation re-seals them): the TOTP secret. */
export const orgSealedColumns: SealedColumns<OrgTables> = { users: ['totp_secret'] };
