import { useEffect } from 'react';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { useLoad } from '../../hooks.js';
import { useSafetyT } from './i18n-safety.js';
import type { ReviewCounts } from './safety-types.js';

/** Fired after an answer so the menu badge and the home-page card count again at once. */
export const REVIEWS_CHANGED = 'lachan:filter-reviews-changed';
export const reviewsChanged = () => window.dispatchEvent(new Event(REVIEWS_CHANGED));

/** A request from the block page should reach someone within minutes: count again every minute. */
const POLL_MS = 60_000;

/** GET /filter/reviews/counts for the signed-in user, polled, and again after each answer. */
export function useReviewCounts(enabled: boolean) {
  const loaded = useLoad(() => (enabled ? api.get<ReviewCounts>('/filter/reviews/counts') : Promise.resolve(undefined)), [enabled]);
  const { reload } = loaded;
  useEffect(() => {
    if (!enabled) return;
    const timer = window.setInterval(reload, POLL_MS);
    window.addEventListener(REVIEWS_CHANGED, reload);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener(REVIEWS_CHANGED, reload);
    };
  }, [enabled, reload]);
  return loaded.data;
}

/** The count beside "Review requests" in the menu: what this user should answer. */
export function ReviewCountBadge() {
  const me = useMe();
  const s = useSafetyT();
  const counts = useReviewCounts(me.abilities['filter.reviews.read']);
  const n = counts?.waiting ?? 0;
  if (!n) return null;
  // a plain count (styles.css, `.menu-badge`) rather than antd's Badge: the menu comes with the first load
  return (
    <span className="menu-badge" title={s.reviews.badge(n)} data-testid="review-count-badge">
      {n > 99 ? '99+' : n}
    </span>
  );
}
