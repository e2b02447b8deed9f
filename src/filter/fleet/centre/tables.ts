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
  /** the compiled table's file name under <data>/filter/fleet-tables, null = no lists */
  table_file: string | null;
  table_bits: number;
  table_digest: string;
  /** against the previous version: 'same' | 'diff' (added/removed hold the entries) | 'replace' */
  table_change: string;
  /** base64 of the entries (h1, h2 as i32 LE, then tags) the table gained / lost */
  added: string | null;
  removed: string | null;
}

export interface FleetCentreTables {
  filter_fleet_versions: FilterFleetVersionsTable;
}
