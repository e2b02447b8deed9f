import type { Localized } from '../shared/i18n.js';

/**
 * What the indicator forms call each field, for the errors that name one (`Mục "Năm"`, not
 * `Trường "year"` — "trường" is also "school"). `to` is the day after the period's last, as the API says.
 */
export const FIELD = {
  from: { vi: 'Ngày đầu kỳ', en: 'First day' },
  to: { vi: 'Ngày sau ngày cuối kỳ', en: 'Day after the last' },
  year: { vi: 'Năm', en: 'Year' },
  index: { vi: 'Kỳ số', en: 'Number' },
} as const satisfies Record<string, Localized>;
