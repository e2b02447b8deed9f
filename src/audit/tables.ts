export interface AuditLogTable {
  seq: number;
  at: string;
  actor_type: 'user' | 'token' | 'system' | 'anonymous';
  actor_id: string | null;
  actor_label: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
  ip: string | null;
  /** JSON object: what changed (never secrets) */
  detail: string;
  prev_hash: string;
  hash: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}
