import { AppError } from '../shared/errors.js';
import { cleanText } from '../shared/text.js';
import './messages.js';

/**
 * Checks every use case makes on what people type, whoever calls it (the routes' schemas check
 * the same first): each failure is a 400 naming the field, before anything is written.
 */
export const MAX_TEXT = 4000;

/** A date something happened: ISO, not in the future (a minute's clock drift allowed); defaults to now. */
export function pastDate(value: string | null | undefined, now: Date, field: string): string {
  if (value === undefined || value === null || value === '') return now.toISOString();
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms)) throw new AppError(400, 'validation_failed', { detail: field });
  if (ms > now.getTime() + 60_000) throw new AppError(400, 'case_future_date', { field });
  if (ms < Date.UTC(2000, 0, 1)) throw new AppError(400, 'validation_failed', { detail: field });
  return new Date(ms).toISOString();
}

export function optionalPastDate(value: string | null | undefined, now: Date, field: string): string | null {
  return value === undefined || value === null || value === '' ? null : pastDate(value, now, field);
}

/** Free text: cleaned, bounded; '' → null. */
export function text(value: string | null | undefined, field: string, max = MAX_TEXT): string | null {
  if (value === undefined || value === null) return null;
  if (value.length > max) throw new AppError(400, 'validation_failed', { detail: field });
  const t = cleanText(value);
  return t === '' ? null : t;
}

/** A reason someone must state (reading identifying data, an export, an override, a reopening). */
export function reason(value: string | null | undefined, field = 'reason'): string {
  const t = text(value, field, 1000);
  if (t === null || t.length < 10) throw new AppError(400, 'case_reason_required', { field });
  return t;
}

/** One of a list of codes. */
export function oneOf<C extends string>(value: string, allowed: Readonly<Record<C, unknown>>, field: string): C {
  if (!Object.hasOwn(allowed, value)) throw new AppError(400, 'validation_failed', { detail: field });
  return value as C;
}

export function manyOf<C extends string>(values: readonly string[], allowed: Readonly<Record<C, unknown>>, field: string, max = 20): C[] {
  if (values.length > max) throw new AppError(400, 'validation_failed', { detail: field });
  return [...new Set(values.map((v) => oneOf(v, allowed, field)))];
}
