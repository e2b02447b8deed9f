const TRACKING_PARAMS = /^(utm_|fbclid$|gclid$|igshid$|si$|ref$|mibextid$|_t$|is_from_webapp$|sender_device$)/i;

/**
 * One spelling per link so the same link reported twice is recognised: scheme and host lower
 * case, no "www."/"m.", no fragment, no tracking parameters, no trailing slash.
 * Returns null for something that is not an http(s) link.
 */
export function normaliseUrl(input: string): string | null {
  let s = input.trim();
  if (!s) return null;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(s)) s = `https://${s}`;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (!u.hostname.includes('.')) return null;
  const host = u.hostname.toLowerCase().replace(/^(www|m|mobile|vm|vt)\./, '');
  const params = [...u.searchParams.entries()].filter(([k]) => !TRACKING_PARAMS.test(k)).sort(([a], [b]) => a.localeCompare(b));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  const path = u.pathname.replace(/\/+$/, '');
  return `${host}${path}${query}`;
}
