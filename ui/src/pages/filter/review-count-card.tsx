import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useMe } from '../../auth.js';
import { useSafetyT } from './i18n-safety.js';
import { useReviewCounts } from './review-count.js';

// In a file of its own, loaded lazily by the home page: the menu's badge (review-count.tsx) comes with
// the shell's first load, this card's antd Card and Button need not.
/** "Review requests: N" on the welcome page for school administrators and the city roles. */
export default function ReviewCountCard() {
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
