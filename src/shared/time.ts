/** Timestamps are stored as ISO-8601 UTC text on both databases: sortable, portable, readable. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
export const nowIso = (clock: Clock = systemClock): string => clock().toISOString();
