/** Shapes of the school DNS filter's API (src/filter/routes.ts), as the console uses them. */
import type { Explanation as ServerExplanation } from '../../../../src/filter/explain.js';
import type { HeldRefresh } from './safety-types.js';

export type Band = 'kindergarten' | 'primary' | 'lower_secondary' | 'upper_secondary' | 'staff';
export const BANDS: readonly Band[] = ['kindergarten', 'primary', 'lower_secondary', 'upper_secondary', 'staff'];

export type YoutubeMode = 'off' | 'moderate' | 'strict';
export type BlockResponse = 'nxdomain' | 'blockpage';

export interface FilterCategory {
  code: string;
  bit: number;
  kind: 'block' | 'allow' | string;
  mandatory: boolean;
  nameVi: string;
  nameEn: string;
  /** domains in the enabled lists of this category */
  domains: number;
}

export interface FilterList {
  id: string;
  name: string;
  category: string;
  sourceType: 'bundled' | 'url' | 'upload' | string;
  source: string | null;
  enabled: boolean;
  entries: number;
  exceptions: number;
  rejected: number;
  lastRefreshedAt: string | null;
  lastError: string | null;
  /** a refresh of it waits for review (GET /filter/lists/held) */
  held?: boolean;
}

export interface ListImportResult {
  list: FilterList;
  lines: number;
  accepted: number;
  exceptions: number;
  rejected: number;
  rejectedLines: { line: number; text: string; reason: string; guard?: string }[];
  /** a refresh held for review instead of applied (the counts are the held version's) */
  held?: HeldRefresh | null;
}

export interface Schedule {
  name?: string;
  days: number[];
  from: string;
  to: string;
  mode: 'learning' | 'block';
  categories?: string[];
}

export interface BandPolicy {
  band: Band;
  blockedCategories: string[];
  blockDomains: string[];
  allowDomains: string[];
  safeSearch: boolean;
  youtube: YoutubeMode;
  blockBypass: boolean;
  blockResponse: BlockResponse;
  schedules: Schedule[];
  queryLog: boolean;
}

export interface Network {
  id: string;
  schoolId: string;
  band: Band;
  cidr: string;
  note: string | null;
}

export interface SchoolRules {
  band: Band | 'all';
  blockedCategories: string[];
  blockDomains: string[];
  allowDomains: string[];
}

export interface Explanation {
  domain: string;
  schoolId: string | null;
  band: Band;
  decision: 'allowed' | 'blocked' | 'safe_search' | 'canary' | string;
  category: string | null;
  mandatory: boolean;
  rule: string;
  matched: string | null;
  target: string | null;
  lists: { id: string; name: string; category: string; rules: string[] }[];
  /** the name is guarded: list lines for it were refused */
  guard?: ServerExplanation['guard'];
  /** the block comes from the city's decision to block a guarded name (rule 'guard_decision'); decidedBy is the user's display name */
  guardDecision?: ServerExplanation['guardDecision'];
}

export interface FilterStats {
  hours: { hour: string; schoolId: string; band: string; category: string; count: number }[];
  top: { day: string; schoolId: string; domain: string; category: string; count: number }[];
}
