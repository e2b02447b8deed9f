/**
 * Address ranges the city assigned to a school (issue 10): a school's administrator may declare
 * networks only inside them. Set by the city (system administrators), audited.
 */
export interface FilterAssignedRangesTable {
  id: string;
  school_id: string;
  /** canonical spelling (cidr.ts formatNet) */
  cidr: string;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export interface FilterNetworkTables {
  filter_assigned_ranges: FilterAssignedRangesTable;
}
