/**
 * Tables of the reporting centre. Timestamps: ISO-8601 UTC text. Flags: 0/1. Lists: JSON text.
 * Anything that could identify a child or a reporter (description, links, account names,
 * contact details) is sealed with shared/secrets.ts; duplicates are found through keyed hashes.
 */
import type { SealedColumns } from '../shared/secrets.js';
import type { AgeBand, Priority, ReporterKind, ReportStatus, When } from './vocab.js';

export interface IntakeReportsTable {
  id: string;
  /** What the reporter types on the status page, e.g. LC-7K3M-9QPA. */
  tracking_code: string;
  /** HMAC-SHA256 of code + PIN with a server key; the PIN is shown once and never stored. */
  pin_hash: string;
  status: ReportStatus;
  /** 'web' (public form) or 'partner' (token API). */
  source: 'web' | 'partner';
  partner_token_id: string | null;
  /** Caller-chosen idempotency key, unique per source (partner token or web form). */
  idem_scope: string | null;
  idem_key: string | null;
  idem_hash: string | null;
  reporter_kind: ReporterKind;
  /** JSON array of category codes. */
  categories: string;
  imminent_danger: number;
  platform: string | null;
  when_code: When;
  incident_date: string | null;
  age_band: AgeBand;
  /** Ward/commune of the child (units.id), null if unknown. */
  unit_id: string | null;
  /** Sealed JSON: { description, urls[], accounts[], fileHashes[], extra } (the form asks no child name) */
  sealed_detail: string;
  /** Sealed JSON: { name?, phone?, email? }; null when none given. */
  sealed_contact: string | null;
  contact_consent: number;
  has_email: number;
  lang: 'vi' | 'en';
  priority: Priority;
  priority_rule_id: string | null;
  /** Routed agency (agencies.id) and ward (units.id) by the routing rules. */
  agency_id: string | null;
  routed_unit_id: string | null;
  routing_rule_id: string | null;
  ack_due_at: string;
  action_due_at: string;
  acknowledged_at: string | null;
  first_action_at: string | null;
  overdue_notified: number;
  spam_score: number;
  /** JSON array of reasons; a flag for the officer, never a reason to drop. */
  spam_reasons: string;
  merged_into: string | null;
  reject_reason: string | null;
  needs_victim_support: number;
  needs_violation_handling: number;
  handover_unit_id: string | null;
  handover_agency_id: string | null;
  url_count: number;
  file_count: number;
  /** Where case work stands for the status page (handovers/case-stage.ts): null before a case, 'open', 'finished'. */
  case_stage?: 'open' | 'finished' | null;
  /** Keyed hash of the submitting IP (rate limits, spam), never the IP itself. */
  ip_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface IntakeReportKeysTable {
  report_id: string;
  kind: 'url' | 'account' | 'file';
  /** HMAC of the normalised value (files: their SHA-256). */
  key_hash: string;
  created_at: string;
}

export interface IntakeLinksTable {
  report_id: string;
  other_id: string;
  reason: 'url' | 'account' | 'file' | 'merged';
  created_at: string;
}

export interface IntakeEvidenceTable {
  id: string;
  report_id: string;
  /** 'image' (re-encoded), 'pdf' (stored as sent), 'hash' (a partner sent only the hash). */
  kind: 'image' | 'pdf' | 'hash';
  mime: string | null;
  size: number;
  width: number | null;
  height: number | null;
  /** SHA-256 of what is stored (the re-encoded image): the content address. */
  sha256: string | null;
  /** SHA-256 of the bytes as received (matches hash lists of the original). */
  original_sha256: string | null;
  md5: string | null;
  pdq: string | null;
  /** Sealed original filename (filenames can name a child). */
  sealed_name: string | null;
  created_at: string;
}

export interface IntakeEventsTable {
  id: string;
  report_id: string;
  at: string;
  actor_label: string;
  type: string;
  /** JSON, no personal data. */
  detail: string;
}

export interface IntakeHandoversTable {
  id: string;
  report_id: string;
  victim_support: number;
  violation_handling: number;
  unit_id: string | null;
  agency_id: string | null;
  /** Sealed note for the case worker. */
  sealed_note: string | null;
  status: 'open' | 'taken';
  created_by: string | null;
  created_at: string;
  /** When and by whom the ward or agency took it (handovers/take-handover.ts). */
  taken_at?: string | null;
  taken_by?: string | null;
}

export interface IntakeDetectionRequestsTable {
  id: string;
  report_id: string;
  /** Sealed JSON array of URLs sent to detection. */
  sealed_urls: string;
  status: 'pending' | 'done';
  created_by: string | null;
  created_at: string;
}

export interface IntakePriorityRulesTable {
  id: string;
  position: number;
  name: string;
  name_en: string;
  /** JSON array of category codes; [] = any. */
  categories: string;
  /** 1: only when the reporter says the child is in danger now. */
  imminent_only: number;
  /** JSON array of age bands; [] = any. */
  age_bands: string;
  priority: Priority;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface IntakeRoutingRulesTable {
  id: string;
  position: number;
  name: string;
  /** JSON array of category codes; [] = any. */
  categories: string;
  /** Only reports from this ward/commune; null = anywhere. */
  unit_id: string | null;
  /** agencies.code (codes survive an agency being re-created). */
  agency_code: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface IntakeSlaTable {
  priority: Priority;
  ack_minutes: number;
  action_minutes: number;
  updated_at: string;
}

export interface NotificationsTable {
  id: string;
  /** Who sees it: a role, a ward/commune, an agency, or one user. */
  audience: 'role' | 'unit' | 'agency' | 'user';
  audience_id: string;
  kind: string;
  report_id: string | null;
  /** JSON { code, params } rendered in the reader's language. */
  message: string;
  created_at: string;
}

export interface NotificationReadsTable {
  notification_id: string;
  user_id: string;
  read_at: string;
}

export interface MailOutboxTable {
  id: string;
  /** Sealed recipient address. */
  sealed_to: string;
  subject: string;
  body: string;
  attempts: number;
  next_attempt_at: string;
  claimed_until: string | null;
  sent_at: string | null;
  last_error: string | null;
  report_id: string | null;
  created_at: string;
}

/** Status-page PIN checks per report (status-guard.ts): the lock holds across restarts and instances. */
export interface IntakeStatusAttemptsTable {
  report_id: string;
  attempts: number;
  window_started_at: string;
  locked_until: string | null;
  updated_at: string;
}

export interface IntakeTables {
  intake_status_attempts: IntakeStatusAttemptsTable;
  intake_reports: IntakeReportsTable;
  intake_report_keys: IntakeReportKeysTable;
  intake_links: IntakeLinksTable;
  intake_evidence: IntakeEvidenceTable;
  intake_events: IntakeEventsTable;
  intake_handovers: IntakeHandoversTable;
  intake_detection_requests: IntakeDetectionRequestsTable;
  intake_priority_rules: IntakePriorityRulesTable;
  intake_routing_rules: IntakeRoutingRulesTable;
  intake_sla: IntakeSlaTable;
  notifications: NotificationsTable;
  notification_reads: NotificationReadsTable;
  mail_outbox: MailOutboxTable;
}

/** Sealed columns (key rotation re-seals them). */
export const intakeSealedColumns: SealedColumns<IntakeTables> = {
  intake_reports: ['sealed_detail', 'sealed_contact'],
  intake_evidence: ['sealed_name'],
  intake_handovers: ['sealed_note'],
  intake_detection_requests: ['sealed_urls'],
  mail_outbox: ['sealed_to'],
};
