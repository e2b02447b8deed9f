import type { ImagesTables } from './images/tables.js';
import type { ReviewTables } from './review/tables.js';

export interface DetectTables extends ImagesTables, ReviewTables {}
