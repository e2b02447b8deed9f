/** Shapes of the reporting centre's API (src/intake/api-schemas.ts and routes.ts), as the console uses them. */
export type Priority = 'p1' | 'p2' | 'p3' | 'p4';
export type ReportStatus = 'new' | 'accepted' | 'handed_over' | 'rejected' | 'merged';
export type RejectReason = 'not_about_children' | 'not_online' | 'no_information' | 'spam' | 'other';

export const PRIORITIES: readonly Priority[] = ['p1', 'p2', 'p3', 'p4'];
export const STATUSES: readonly ReportStatus[] = ['new', 'accepted', 'handed_over', 'rejected', 'merged'];
export const REJECT_REASONS: readonly RejectReason[] = ['not_about_children', 'not_online', 'no_information', 'spam', 'other'];
/** Categories whose evidence may be child sexual abuse material: the strongest warning before revealing. */
export const ABUSE_MATERIAL_CATEGORIES: readonly string[] = ['sexual_abuse_material', 'sextortion'];

export interface ReportSummary {
  id: string;
  trackingCode: string;
  status: ReportStatus;
  priority: Priority;
  categories: string[];
  imminentDanger: boolean;
  source: string;
  reporterKind: string;
  ageBand: string;
  unitId: string | null;
  platform: string | null;
  agencyId: string | null;
  handoverUnitId: string | null;
  handoverAgencyId: string | null;
  ackDueAt: string;
  actionDueAt: string;
  acknowledgedAt: string | null;
  firstActionAt: string | null;
  overdue: boolean;
  spamScore: number;
  spamReasons: string[];
  urlCount: number;
  fileCount: number;
  linkedCount: number;
  createdAt: string;
}

export interface Evidence {
  id: string;
  kind: string;
  mime: string | null;
  size: number;
  width: number | null;
  height: number | null;
  sha256: string | null;
  originalSha256: string | null;
  md5: string | null;
  pdq: string | null;
  filename: string | null;
}

export interface ReportDetail {
  summary: ReportSummary;
  description: string;
  urls: string[];
  accounts: string[];
  contact: { name?: string; phone?: string; email?: string } | null;
  contactConsent: boolean;
  whenCode: string;
  incidentDate: string | null;
  needsVictimSupport: boolean;
  needsViolationHandling: boolean;
  rejectReason: string | null;
  mergedInto: string | null;
  extra: unknown;
  evidence: Evidence[];
  links: { reportId: string; trackingCode: string; reason: string; status: string }[];
  events: { at: string; actor: string; type: string; detail: unknown }[];
  handovers: {
    id: string;
    victimSupport: boolean;
    violationHandling: boolean;
    unitId: string | null;
    agencyId: string | null;
    note: string | null;
    status: string;
    createdAt: string;
  }[];
}

export interface PriorityRule {
  id?: string;
  name: string;
  nameEn: string;
  categories: string[];
  imminentOnly: boolean;
  ageBands: string[];
  priority: Priority;
  active: boolean;
}

export interface RoutingRule {
  id?: string;
  name: string;
  categories: string[];
  unitId: string | null;
  agencyCode: string;
  active: boolean;
}

export interface SlaSetting {
  priority: Priority;
  ackMinutes: number;
  actionMinutes: number;
}

export interface Notification {
  id: string;
  kind: string;
  reportId: string | null;
  message: string;
  createdAt: string;
  read: boolean;
}

export interface IntakeVocabulary {
  categories: { code: string; label: string }[];
  reporterKinds: { code: string; label: string }[];
  ageBands: { code: string; label: string }[];
  when: { code: string; label: string }[];
  platforms: { code: string; label: string }[];
  publicStages: { code: string; label: string }[];
  rejectReasons: { code: string; label: string }[];
}
