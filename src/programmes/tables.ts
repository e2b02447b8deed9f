/** The tables the programmes feature owns (composed into the Database type by db/schema.ts). */
// biome-ignore lint/complexity/noBannedTypes: filled as the feature's tables land
export type ProgrammesTables = {};
