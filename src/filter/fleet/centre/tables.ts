/** Tables of the fleet centre's policy delivery (issue 16): versions, changes, signing. */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the fleet's policy delivery
export interface FleetCentreTables {}
