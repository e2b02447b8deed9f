import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Segmented, Spin, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, errorMessage } from '../../api.js';
import { formatDateTime } from '../../components.js';
import { useLang } from '../../locale.js';
import { useIntakeT } from './i18n.js';
import type { Notification } from './types.js';

const POLL_MS = 60_000;

/**
 * The bell in the shell's header: GET /intake/notifications (unread count polled every minute),
 * POST /intake/notifications/:id/read when one is opened; a notification about a report opens it.
 */
export default function NotificationBell() {
  const m = useIntakeT();
  const { t, lang } = useLang();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [unreadOnly, setUnreadOnly] = useState(true);
  const [items, setItems] = useState<Notification[]>([]);
  const [unread, setUnread] = useState(0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  const load = useCallback(
    async (withList: boolean) => {
      const n = ++seq.current;
      if (withList) setLoading(true);
      try {
        const r = await api.get<{ items: Notification[]; unread: number }>('/intake/notifications', {
          unread: withList ? unreadOnly || undefined : true,
          limit: withList ? 30 : 1,
        });
        if (n !== seq.current) return;
        setUnread(r.unread);
        if (withList) setItems(r.items);
        setError(null);
      } catch (e) {
        if (n === seq.current && withList) setError(errorMessage(e));
      } finally {
        if (n === seq.current) setLoading(false);
      }
    },
    [unreadOnly],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload the texts when the language changes
  useEffect(() => {
    void load(open);
    const id = setInterval(() => void load(open), POLL_MS);
    return () => clearInterval(id);
  }, [load, open, lang]);

  const openOne = async (n: Notification) => {
    if (!n.read) {
      try {
        await api.post(`/intake/notifications/${encodeURIComponent(n.id)}/read`);
      } catch {
        // reading the report matters more than the mark
      }
    }
    setOpen(false);
    if (n.reportId) navigate(`/reports/${encodeURIComponent(n.reportId)}`);
    else void load(false);
  };

  const content = (
    <div style={{ width: 380, maxWidth: '80vw' }} data-testid="notifications-panel">
      <Segmented<'unread' | 'all'>
        size="small"
        value={unreadOnly ? 'unread' : 'all'}
        onChange={(v) => setUnreadOnly(v === 'unread')}
        options={[
          { value: 'unread', label: m.notifications.unreadOnly },
          { value: 'all', label: t.common.all },
        ]}
        style={{ marginBottom: 8 }}
      />
      {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
      <Spin spinning={loading}>
        {items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m.notifications.empty} />
        ) : (
          <List<Notification>
            size="small"
            dataSource={items}
            style={{ maxHeight: 400, overflowY: 'auto' }}
            renderItem={(n) => (
              <List.Item key={n.id}>
                <Button
                  type="link"
                  onClick={() => void openOne(n)}
                  style={{ height: 'auto', padding: 0, textAlign: 'start', whiteSpace: 'normal', fontWeight: n.read ? 400 : 600 }}
                >
                  {n.message}
                </Button>
                <div className="muted">{formatDateTime(n.createdAt)}</div>
              </List.Item>
            )}
          />
        )}
      </Spin>
    </div>
  );

  return (
    <Popover open={open} onOpenChange={setOpen} trigger="click" placement="bottomRight" title={m.notifications.title} content={content}>
      <Button type="text" aria-label={m.notifications.bell(unread)} aria-haspopup="dialog" aria-expanded={open} data-testid="notifications-bell">
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
