/**
 * Tables of the filter's false-positive loop (issue 11): the guard list, the city's decisions to
 * block a guarded name anyway, the guarded lines found in stored lists, and held refreshes.
 * Review requests live in `filter_review_requests` (tables.ts), widened by 0122.
 */

/** A name no third-party list may block wholesale (nor its subdomains, nor a parent of it). */
export interface FilterGuardEntriesTable {
  domain: string;
  group_code: string;
  reason_vi: string;
  reason_en: string;
  origin: 'seed' | 'city';
  /** 1: each subdomain is a different owner's site (xyz.blogspot.com): only the name itself and its parents are guarded */
  tenant_subdomains: number;
  /** removed by the city: kept as a tombstone so the seed does not bring it back */
  removed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** "Block this guarded name anyway": a named, audited city decision. */
export interface FilterGuardDecisionsTable {
  id: string;
  domain: string;
  category_code: string;
  guard_domain: string;
  reason: string;
  decided_by: string | null;
  decided_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  revoked_reason: string | null;
}

/** A stored list's line refused by the guard (recomputed at start, after a refresh and when the guard changes). */
export interface FilterListGuardHitsTable {
  list_id: string;
  name: string;
  guard_domain: string;
}

/** A refresh held for review: the new version waits in <data>/filter/lists/<list>.held.txt. */
export interface FilterHeldRefreshesTable {
  id: string;
  list_id: string;
  reasons: string;
  entries_before: number;
  entries_after: number;
  exceptions_after: number;
  rejected_after: number;
  lines_after: number;
  added: number;
  removed: number;
  threshold: number;
  added_sample: string;
  removed_sample: string;
  guarded_added: string;
  created_at: string;
}

export interface FilterSafetyTables {
  filter_guard_entries: FilterGuardEntriesTable;
  filter_guard_decisions: FilterGuardDecisionsTable;
  filter_list_guard_hits: FilterListGuardHitsTable;
  filter_held_refreshes: FilterHeldRefreshesTable;
}
