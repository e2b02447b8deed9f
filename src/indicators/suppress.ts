import type { Lang } from '../shared/i18n.js';
import type { IndicatorStatus } from './compute.js';

/**
 * Small-cell suppression for everything that leaves the platform (CSV, .xlsx, .docx): a count from
 * 1 to 4 could point at one child in a ward, so it is written "<5". A percentage is written only
 * when its numerator, its denominator and the difference between them are each 0 or at least 5
 * (18 of 20 would tell that two children were not supported): otherwise "*".
 * Tables whose cells add up to a total are protected further by protect-cells.ts (secondary suppression).
 * On screen, for the roles allowed to read indicators, the exact figures stay.
 */
export const SMALL_CELL = 5;

const small = (n: number) => n > 0 && n < SMALL_CELL;

export function exportCount(n: number | null): string | number {
  if (n === null) return '';
  return small(n) ? `<${SMALL_CELL}` : n;
}

export interface ExportedValue {
  value: string | number;
  numerator: string | number;
  denominator: string | number;
}

export function exportValue(
  r: { status: IndicatorStatus; value: number | null; numerator: number | null; denominator: number | null; unit: 'percent' | 'count' },
  lang: Lang,
): ExportedValue {
  if (r.status !== 'ok') {
    const none = noDataText(r.status, lang);
    return {
      value: none,
      numerator: r.numerator === null ? '' : exportCount(r.numerator),
      denominator: r.denominator === null ? '' : exportCount(r.denominator),
    };
  }
  if (r.unit === 'count') return { value: exportCount(r.value), numerator: exportCount(r.numerator), denominator: '' };
  const num = r.numerator ?? 0;
  const den = r.denominator ?? 0;
  const hidden = small(num) || small(den) || small(den - num);
  return { value: hidden ? '*' : (r.value ?? ''), numerator: hidden ? '*' : exportCount(num), denominator: exportCount(den) };
}

export function noDataText(status: IndicatorStatus, lang: Lang): string {
  if (status === 'no_feed') return lang === 'vi' ? 'Chưa có dữ liệu (nguồn chưa kết nối)' : 'No data yet (source not connected)';
  return lang === 'vi' ? 'Chưa có dữ liệu trong kỳ' : 'No data in this period';
}

export const SUPPRESSION_NOTE = {
  vi: `Bảo vệ trẻ em: các số từ 1 đến ${SMALL_CELL - 1} được ghi "<${SMALL_CELL}"; tỉ lệ có tử số, mẫu số hoặc phần chênh lệch từ 1 đến ${SMALL_CELL - 1} được ẩn ("*"); khi một số nhỏ có thể suy ra bằng phép trừ từ tổng và các ô khác trong cùng bảng, thêm ô khác được ẩn ("*"). Như vậy không thể nhận ra một trẻ em cụ thể.`,
  en: `Child protection: counts from 1 to ${SMALL_CELL - 1} are written "<${SMALL_CELL}"; a percentage whose numerator, denominator or difference is from 1 to ${SMALL_CELL - 1} is hidden ("*"); where a small count could be worked out by subtracting the other cells of the same table from its total, further cells are hidden ("*"). So no single child can be recognised.`,
};
