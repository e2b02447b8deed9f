import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Typography } from 'antd';
import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
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
  return (
    <Badge
      count={n}
      size="small"
      overflowCount={99}
      style={{ marginInlineStart: 8, boxShadow: 'none' }}
      title={s.reviews.badge(n)}
      data-testid="review-count-badge"
    />
  );
}

/** "Review requests: N" on the welcome page for school administrators and the city roles. */
export function ReviewCountCard() {
  const me = useMe();
  const s = useSafetyT();
  const show = me.abilities['filter.reviews.read'];
  const counts = useReviewCounts(show);
  const navigate = useNavigate();
  if (!show || !counts) return null;
  const n = counts.waiting;
  return (
    <Card size="small" style={{ marginTop: 16 }} data-testid="review-count-card">
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap', justifyContent: 'space-between' }}>
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: 10 }}>
          <SafetyCertificateOutlined style={{ fontSize: 20, color: n ? '#d4380d' : '#1464c8' }} aria-hidden />
          <Typography.Text strong={n > 0}>{n ? s.reviews.countCard(n) : s.reviews.countCardNone}</Typography.Text>
        </span>
        <Button size="small" type={n ? 'primary' : 'default'} onClick={() => navigate('/school-filter/reviews')}>
          {s.reviews.countCardOpen}
        </Button>
      </div>
    </Card>
  );
}
