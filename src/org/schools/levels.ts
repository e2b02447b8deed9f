import type { SchoolLevel } from '../tables.js';

export const SCHOOL_LEVELS: readonly SchoolLevel[] = [
  'kindergarten',
  'primary',
  'lower_secondary',
  'upper_secondary',
  'multi_level',
  'continuing_education',
  'care_facility',
];
