/**
 * Tables of the fleet centre's policy delivery (issue 16). One row per published change: the
 * version is the row's key, written (and committed) before any node is told of it.
 */
export interface FilterFleetVersionsTable {
  version: number;
  created_at: string;
  /** generatedAt of the snapshot it records: an older snapshot arriving late is not recorded */
  generated_at: string;
  /** the city-wide policy JSON (a Snapshot without its table file), only when it changed */
  policy: string | null;
  policy_hash: string;
  /** the big table's file name (third-party lists) under <data>/filter/fleet-tables, null = no lists */
  table_file: string | null;
  /** the city's small table's file name there (confirmed harmful, guard decisions), null = none; 0141 */
  city_table_file: string | null;
  /** bucket count of both tables (the city table is built with the big one's) */
  table_bits: number;
  /** digest of both tables (addDigests): what a node's tables must come to */
  table_digest: string;
  /** digest of the big table alone, so the next version with the same big table need not read it; null before 0141 */
  base_digest: string | null;
  /** against the previous version: 'same' | 'diff' (added/removed hold the entries) | 'replace' */
  table_change: string;
  /** base64 of the entries (h1, h2 as i32 LE, then tags) the table gained / lost */
  added: string | null;
  removed: string | null;
}

export interface FleetCentreTables {
  filter_fleet_versions: FilterFleetVersionsTable;
}
