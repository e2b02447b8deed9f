export interface SessionsTable {
  /** SHA-256 of the cookie value: a leaked database does not hand out live sessions. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
}

export interface AuthTables {
  sessions: SessionsTable;
}
