/** Tables of the fleet's node registry (issue 16): enrolment, nodes, health, stats receipts. */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the node registry
export interface FleetNodeTables {}
