/**
 * A JSON column the application wrote itself (lists, verdicts, diffs). A damaged value reads as the
 * fallback, so one bad row cannot fail a whole page or a filter reload; the column's writer is the
 * only place that decides its shape.
 */
export function jsonOr<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** A stored list of strings: anything that is not an array reads as empty. */
export function jsonStrings(text: string | null | undefined): string[] {
  const v = jsonOr<unknown>(text, []);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
