import type { FleetCentreTables } from './fleet/centre/tables.js';
import type { FleetNodeTables } from './fleet/nodes/tables.js';
import type { FilterNetworkTables } from './networks/tables.js';
import type { FilterSafetyTables } from './safety-tables.js';

/** Tables owned by the DNS filter. Timestamps: ISO-8601 UTC text. Flags: 0/1. Lists: JSON text. */
export interface FilterCategoriesTable {
  code: string;
  bit: number;
  kind: 'block' | 'allow';
  mandatory: number;
  name_vi: string;
  name_en: string;
  created_at: string;
  updated_at: string;
}

/** A list's rules live in <dataDir>/filter/lists/<id>.txt, normalised; the row holds what it is and its counts. */
export interface FilterListsTable {
  id: string;
  code: string | null;
  name: string;
  category_code: string;
  /** 'centre': domains the reporting centre confirmed harmful (src/filter/confirmed.ts). */
  source_type: 'bundled' | 'url' | 'upload' | 'centre';
  source: string | null;
  enabled: number;
  entry_count: number;
  exception_count: number;
  rejected_count: number;
  last_refreshed_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** City-wide policy of one age band; `data` is BandPolicyData without `band`, as JSON. */
export interface FilterBandPoliciesTable {
  band: string;
  data: string;
  updated_at: string;
}

/** What a school adds for one band ('all' = every band). */
export interface FilterSchoolRulesTable {
  id: string;
  school_id: string;
  band: string;
  blocked_categories: string;
  block_domains: string;
  allow_domains: string;
  updated_at: string;
}

export interface FilterNetworksTable {
  id: string;
  school_id: string;
  band: string;
  cidr: string;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export interface FilterSettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface FilterSchoolSettingsTable {
  school_id: string;
  counsellor_user_id: string | null;
  updated_at: string;
}

/** Look-ups per school × band × category × hour ('all' = every look-up). Never per person. */
export interface FilterCountersTable {
  hour: string;
  school_id: string;
  band: string;
  category: string;
  count: number;
}

export interface FilterTopBlockedTable {
  day: string;
  school_id: string;
  domain: string;
  category: string;
  count: number;
}

/** An unusual rise of self-harm look-ups at a school: aggregate, never an identity. */
export interface FilterAlertsTable {
  id: string;
  school_id: string;
  category: string;
  hour: string;
  count: number;
  baseline: number;
  recipient_user_id: string | null;
  created_at: string;
  acknowledged_at: string | null;
}

/** "This is a mistake" from the block page: a domain to review, for a school's administrator. */
export interface FilterReviewRequestsTable {
  id: string;
  school_id: string | null;
  domain: string;
  category: string;
  note: string | null;
  /** 'accepted'/'rejected': before 0122; now 'open' | 'escalated' | 'allowed' | 'declined' */
  status: 'open' | 'accepted' | 'rejected' | 'escalated' | 'allowed' | 'declined';
  created_at: string;
  updated_at: string;
  band: string | null;
  mandatory: number | null;
  answer_reason: string | null;
  answered_by: string | null;
  answered_at: string | null;
  escalated_at: string | null;
  requests: number | null;
}

/** One domain of a 'centre' list: the database holds them, the list file is written from them. */
export interface FilterCentreEntriesTable {
  list_id: string;
  domain: string;
  note: string | null;
  /** What confirmed it, e.g. 'detect_item:<id>'. */
  ref: string | null;
  created_by: string | null;
  created_at: string;
}

export interface FilterTables extends FilterSafetyTables, FilterNetworkTables, FleetCentreTables, FleetNodeTables {
  filter_categories: FilterCategoriesTable;
  filter_lists: FilterListsTable;
  filter_band_policies: FilterBandPoliciesTable;
  filter_school_rules: FilterSchoolRulesTable;
  filter_networks: FilterNetworksTable;
  filter_settings: FilterSettingsTable;
  filter_school_settings: FilterSchoolSettingsTable;
  filter_counters: FilterCountersTable;
  filter_top_blocked: FilterTopBlockedTable;
  filter_alerts: FilterAlertsTable;
  filter_review_requests: FilterReviewRequestsTable;
  filter_centre_entries: FilterCentreEntriesTable;
}
