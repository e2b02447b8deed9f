import type { Localized } from '../shared/i18n.js';

/**
 * What the programme forms call each field, for the errors that name one: `Mục "Ảnh"`, not
 * `Trường "photos"` — "trường" is also "school", and pages about schools read it that way.
 * The same words as the console's labels (ui/src/pages/programmes/i18n.ts).
 */
export const FIELD = {
  photos: { vi: 'Ảnh', en: 'Photos' },
  heldOn: { vi: 'Ngày', en: 'Date' },
  assessedOn: { vi: 'Ngày đánh giá', en: 'Assessed on' },
} as const satisfies Record<string, Localized>;

export type FieldName = keyof typeof FIELD;
