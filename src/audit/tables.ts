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
  /**
   * 'hmac-sha256' (keyed with the platform's secret key) for every entry written since migration
   * 0050; 'sha256' for the entries written before it, kept as they were (see src/audit/verify.ts).
   */
  hash_alg: 'sha256' | 'hmac-sha256';
}

export interface AuditTables {
  audit_log: AuditLogTable;
}
