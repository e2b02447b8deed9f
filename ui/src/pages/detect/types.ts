/** Shapes of the detection API (/api/v1/detect/…, src/detect/review/routes.ts and src/detect/images/routes.ts). */

export const ITEM_STATUSES = ['queued', 'fetching', 'analysed', 'failed', 'decided'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const DECISIONS = ['harmful', 'not_harmful', 'legal_review'] as const;
export type Decision = (typeof DECISIONS)[number];
export const ITEM_KINDS = ['url', 'text', 'image'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const ITEM_SOURCES = ['report', 'analyst'] as const;
export type ItemSource = (typeof ITEM_SOURCES)[number];
export const TAKEDOWN_STATUSES = ['requested', 'sent', 'removed', 'refused', 'withdrawn'] as const;
export type TakedownStatus = (typeof TAKEDOWN_STATUSES)[number];
export const BANK_KINDS = ['pdq', 'sha256', 'md5'] as const;
export type BankKind = (typeof BANK_KINDS)[number];

export interface CategoryScore {
  code: string;
  score: number;
  matches: string[];
}

export interface BankMatch {
  bankId: string;
  bankName: string;
  kind: string;
  hash: string;
  distance: number;
  label: string | null;
}

export interface ItemSummary {
  id: string;
  kind: ItemKind;
  source: ItemSource;
  reportId: string | null;
  domain: string | null;
  status: ItemStatus;
  failureCode: string | null;
  failureMessage: string | null;
  attempts: number;
  score: number;
  categories: CategoryScore[];
  matchCount: number;
  decision: Decision | null;
  decisionCategory: string | null;
  decidedAt: string | null;
  analysedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ItemImage {
  n: number;
  src: string | null;
  mime: string | null;
  size: number | null;
  width: number | null;
  height: number | null;
  sha256: string | null;
  md5: string | null;
  pdq: string | null;
  quality: number | null;
  matches: BankMatch[];
  error: string | null;
}

export interface Takedown {
  id: string;
  itemId: string;
  platform: string;
  urls: string[];
  domain: string | null;
  legalBasis: string;
  status: TakedownStatus;
  requestedAt: string;
  sentAt: string | null;
  removedAt: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ItemDetail extends ItemSummary {
  url: string | null;
  finalUrl: string | null;
  title: string | null;
  text: string | null;
  textTruncated: boolean;
  offensive: { label: string; score: number } | null;
  matches: BankMatch[];
  linkHosts: string[];
  httpStatus: number | null;
  evidence: { sha256: string; size: number | null; type: string | null; fetchedAt: string | null; charset: string | null } | null;
  images: ItemImage[];
  takedowns: Takedown[];
  note: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  /** facebook.com, tiktok.com…: never blocked by domain. */
  sharedPlatform: boolean;
}

export interface DecisionResult {
  id: string;
  decision: Decision;
  category: string | null;
  domainBlocked: string | null;
  takedownId: string | null;
  hashesAdded: number;
}

/** What reopening a decision took back (src/detect/review/reopen.ts). */
export interface ReopenResult {
  id: string;
  previous: Decision;
  domainsUnblocked: string[];
  takedownsWithdrawn: number;
  takedownsAlreadySent: number;
  hashesRemoved: number;
}

export interface DetectStats {
  total: number;
  byStatus: Record<string, number>;
  byDecision: Record<string, number>;
  byCategory: Record<string, number>;
  byKind: Record<string, number>;
  byFailure: Record<string, number>;
  takedowns: Record<string, number>;
}

export interface Labelled {
  code: string;
  label: string;
}

export interface DetectVocabulary {
  categories: Labelled[];
  platforms: Labelled[];
  failureCodes: Labelled[];
}

export interface Bank {
  id: string;
  code: string;
  name: string;
  kind: BankKind;
  threshold: number;
  description: string | null;
  hashCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface BankImportResult {
  bank: Bank;
  lines: number;
  added: number;
  duplicates: number;
  rejected: number;
  rejectedLines: { line: number; text: string; reason: string }[];
}
