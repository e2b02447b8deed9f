/** Tables owned by URL review and the analyst desk. */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the review tables
export interface ReviewTables {}
