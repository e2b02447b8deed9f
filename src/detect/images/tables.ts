/** Tables owned by the hash banks. */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the hash-bank tables
export interface ImagesTables {}
