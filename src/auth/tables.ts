export interface SessionsTable {
  /** SHA-256 of the cookie value: a leaked database does not hand out live sessions. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
}

/** The last TOTP step accepted per user: a code is good once. */
export interface AuthTotpStepsTable {
  user_id: string;
  last_step: number;
}

export interface AuthTables {
  sessions: SessionsTable;
  auth_totp_steps: AuthTotpStepsTable;
}
