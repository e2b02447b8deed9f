/**
 * Shapes of the filter's false-positive loop (issue 11): guard list, held refreshes, review
 * requests, allow effects, category coverage, block-page state and the staff band's live view —
 * as the console uses them (src/filter/routes.ts and the server's safety routes).
 */
import type { Band } from './types.js';

export interface GuardEntry {
  domain: string;
  group: string;
  reasonVi: string;
  reasonEn: string;
  origin: 'seed' | 'city' | string;
  createdAt: string;
  updatedAt: string;
}

/** The city's named, audited "block this guarded name anyway". */
export interface GuardDecision {
  id: string;
  domain: string;
  category: string;
  reason: string;
  /** the guard entry it overrides */
  guard: string;
  decidedBy: string | null;
  decidedAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
}

export interface GuardedName {
  name: string;
  guard: string;
  reasonVi: string;
  reasonEn: string;
}

export interface HeldRefresh {
  id: string;
  listId: string;
  listName: string;
  category: string;
  reasons: ('share' | 'guarded' | string)[];
  entriesBefore: number;
  entriesAfter: number;
  added: number;
  removed: number;
  /** max(added, removed) / max(entriesBefore, 1) */
  share: number;
  threshold: number;
  addedSample: string[];
  removedSample: string[];
  guardedAdded: GuardedName[];
  createdAt: string;
}

export type ReviewStatus = 'open' | 'escalated' | 'allowed' | 'declined';

export interface Review {
  id: string;
  schoolId: string | null;
  schoolName: string | null;
  domain: string;
  band: Band | null;
  category: string;
  categoryNameVi: string;
  categoryNameEn: string;
  mandatory: boolean;
  note: string | null;
  status: ReviewStatus;
  answerReason: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  escalatedAt: string | null;
  /** requests for the same name at the same school, merged while open */
  requests: number;
  createdAt: string;
  updatedAt: string;
}

export interface ReviewCounts {
  open: number;
  escalated: number;
  /** what the signed-in user should answer */
  waiting: number;
}

export interface AllowEffect {
  domain: string;
  band: Band | 'all';
  effective: boolean;
  reason: 'mandatory_category' | null | string;
  category: string | null;
  categoryNameVi: string | null;
  categoryNameEn: string | null;
  messageVi: string | null;
  messageEn: string | null;
}

export interface CategoryCoverage {
  code: string;
  kind: string;
  mandatory: boolean;
  domains: number;
  lists: number;
  empty: boolean;
  hintVi: string | null;
  hintEn: string | null;
}

export interface BlockPageState {
  ipv4: string | null;
  ipv6: string | null;
  configured: boolean;
  bands: { band: Band; blockResponse: 'blockpage' | 'nxdomain'; active: boolean; effective: 'blockpage' | 'nxdomain' }[];
}

export interface LiveEntry {
  at: string;
  name: string;
  qtype: number;
  category: string;
  categoryNameVi: string;
  categoryNameEn: string;
  mandatory: boolean;
}

export interface LiveView {
  running: boolean;
  windowSeconds: number;
  band: 'staff';
  entries: LiveEntry[];
}
