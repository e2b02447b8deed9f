import type { Sealer } from '../shared/secrets.js';

/**
 * The confirmation after a report is sent (tracking code + PIN) survives a reload — a child who
 * switches to Zalo and back, a phone that drops the tab — for CONFIRMATION_WINDOW_MS, and no
 * longer. Nothing is stored on the server: the code, the PIN and the reported categories (for
 * the advice) travel in one cookie sealed with the field encryption key (AES-256-GCM, so it can
 * be neither read nor forged), limited to the confirmation page's path, HttpOnly, SameSite=Strict,
 * with the window's end sealed inside it and as the cookie's Max-Age.
 *
 * The PIN is not weakened: it is still shown only to the browser that sent the report, only
 * within the window; the status page's guess limit is untouched. On a shared family phone the
 * PIN stays visible to whoever opens the confirmation page in those 15 minutes — so the page
 * says how long, and offers "I have written it down — hide it now", which deletes the cookie;
 * the page is never cached (no-store), so the back button does not bring it back either.
 */
export const CONFIRMATION_WINDOW_MS = 15 * 60_000;
export const CONFIRMATION_COOKIE = 'lc_ok';
export const CONFIRMATION_PATH = '/da-gui';
const PURPOSE = 'public-confirmation-v1';

export interface Confirmation {
  code: string;
  pin: string;
  categories: string[];
  /** When the window ends (ms since epoch). */
  until: number;
}

export function sealConfirmation(sealer: Sealer, c: Confirmation): string {
  return sealer.seal(JSON.stringify({ p: PURPOSE, c: c.code, n: c.pin, k: c.categories, u: c.until }));
}

/** The confirmation in a cookie, or null when absent, damaged, forged, or past its window. */
export function openConfirmation(sealer: Sealer, value: string | undefined, now: number): Confirmation | null {
  if (!value || value.length > 2000) return null;
  try {
    const o = JSON.parse(sealer.open(value)) as { p?: unknown; c?: unknown; n?: unknown; k?: unknown; u?: unknown };
    if (o.p !== PURPOSE || typeof o.c !== 'string' || typeof o.n !== 'string' || typeof o.u !== 'number' || !Array.isArray(o.k)) return null;
    if (now >= o.u) return null;
    return { code: o.c, pin: o.n, categories: o.k.filter((x): x is string => typeof x === 'string'), until: o.u };
  } catch {
    return null;
  }
}
