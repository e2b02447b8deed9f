import { CheckOutlined, CloseOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Collapse, Empty, Form, Input, Popconfirm, Row, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../api.js';
import { formatDateTime, LoadError, PageTitle } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { useLoad } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { useFilterT } from './i18n.js';
import { useSafetyT } from './i18n-safety.js';
import type { HeldRefresh } from './safety-types.js';
import { useCanEditCity, useCategories } from './shared.js';

/** 0.2 → "20%" in the console's language. */
export function percent(x: number, lang: 'vi' | 'en'): string {
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(x);
}

/**
 * List refreshes held for review (GET /filter/lists/held): a change larger than the set share of
 * a list, or one that adds guarded names, waits here with its diff while the old version keeps
 * serving; approve applies it (POST …/approve), reject discards it (POST …/reject).
 */
export default function Held() {
  const s = useSafetyT();
  const f = useFilterT();
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const canEdit = useCanEditCity();
  const cats = useCategories();
  const held = useLoad(() => api.get<HeldRefresh[]>('/filter/lists/held'), []);
  const settings = useLoad(() => api.get<{ refreshMaxChangeShare?: number }>('/filter/settings'), []);
  const [busy, setBusy] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<HeldRefresh | null>(null);
  const n = (x: number) => x.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
  const threshold = settings.data?.refreshMaxChangeShare ?? held.data?.[0]?.threshold ?? 0.2;

  const approve = async (h: HeldRefresh) => {
    setBusy(h.id);
    try {
      await api.post(`/filter/lists/held/${encodeURIComponent(h.id)}/approve`, {});
      void message.success(s.held.approved(h.listName));
      held.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageTitle>{s.held.title}</PageTitle>
      <Typography.Paragraph type="secondary">{s.held.hint(percent(threshold, lang))}</Typography.Paragraph>
      {canEdit ? null : <Alert type="info" showIcon title={f.common.readOnly} style={{ marginBottom: 16 }} />}
      <LoadError error={held.error} onRetry={held.reload} />
      {held.loading && !held.data ? <Spin style={{ display: 'block', margin: '48px auto' }} /> : null}
      {held.data && held.data.length === 0 ? <Empty description={s.held.empty} data-testid="held-empty" /> : null}
      <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="held-list">
        {(held.data ?? []).map((h) => (
          <Card
            key={h.id}
            size="small"
            data-testid={`held-${h.listId}`}
            title={
              <span style={{ whiteSpace: 'normal' }}>
                {h.listName} <Tag style={{ marginInlineStart: 6 }}>{cats.name(h.category)}</Tag>
              </span>
            }
          >
            <Space size={[6, 6]} wrap style={{ marginBottom: 12 }}>
              {h.reasons.map((r) => (
                <Tag key={r} color={r === 'guarded' ? 'red' : 'orange'} icon={<WarningOutlined />}>
                  {s.held.reasons[r] ?? r}
                </Tag>
              ))}
              <Typography.Text type="secondary">
                {s.held.receivedAt}: {formatDateTime(h.createdAt)}
              </Typography.Text>
            </Space>
            <Row gutter={[16, 12]}>
              <Col xs={12} sm={6}>
                <Statistic title={s.held.before} value={n(h.entriesBefore)} />
              </Col>
              <Col xs={12} sm={6}>
                <Statistic title={s.held.after} value={n(h.entriesAfter)} />
              </Col>
              <Col xs={12} sm={6}>
                <Statistic title={s.held.added} value={`+${n(h.added)}`} styles={{ content: { color: '#389e0d' } }} />
              </Col>
              <Col xs={12} sm={6}>
                <Statistic title={s.held.removed} value={`−${n(h.removed)}`} styles={{ content: { color: '#cf1322' } }} />
              </Col>
            </Row>
            <Typography.Paragraph style={{ marginTop: 12 }}>
              <strong>{s.held.change(percent(h.share, lang), percent(h.threshold, lang))}</strong>
            </Typography.Paragraph>
            {h.guardedAdded.length ? (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 12 }}
                title={s.held.guardedAdded}
                description={
                  <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="held-guarded">
                    {h.guardedAdded.map((g) => (
                      <li key={g.name} style={{ wordBreak: 'break-word' }}>
                        <code>{g.name}</code>
                        {g.guard !== g.name ? (
                          <>
                            {' '}
                            → <code>{g.guard}</code>
                          </>
                        ) : null}{' '}
                        — {lang === 'en' ? g.reasonEn || g.reasonVi : g.reasonVi}
                      </li>
                    ))}
                  </ul>
                }
              />
            ) : null}
            <Collapse
              size="small"
              style={{ marginBottom: 12 }}
              items={[
                { key: 'added', label: `${s.held.addedSample} (${h.addedSample.length})`, children: <Sample names={h.addedSample} /> },
                { key: 'removed', label: `${s.held.removedSample} (${h.removedSample.length})`, children: <Sample names={h.removedSample} /> },
              ]}
            />
            {canEdit ? (
              <Space wrap>
                <Popconfirm title={s.held.approveConfirm} okText={s.held.approve} cancelText={t.common.cancel} onConfirm={() => approve(h)}>
                  <Button type="primary" icon={<CheckOutlined />} loading={busy === h.id} aria-label={`${s.held.approve}: ${h.listName}`}>
                    {s.held.approve}
                  </Button>
                </Popconfirm>
                <Button danger icon={<CloseOutlined />} onClick={() => setRejecting(h)} aria-label={`${s.held.reject}: ${h.listName}`}>
                  {s.held.reject}
                </Button>
              </Space>
            ) : null}
          </Card>
        ))}
      </Space>
      <FormModal<{ reason?: string }>
        open={rejecting !== null}
        title={rejecting ? s.held.rejectTitle(rejecting.listName) : ''}
        okText={s.held.reject}
        onCancel={() => setRejecting(null)}
        onSubmit={async (v) => {
          if (!rejecting) return;
          await api.post(`/filter/lists/held/${encodeURIComponent(rejecting.id)}/reject`, v.reason?.trim() ? { reason: v.reason.trim() } : {});
          setRejecting(null);
          void message.success(s.held.rejected);
          held.reload();
        }}
      >
        {() => (
          <Form.Item name="reason" label={s.held.rejectReason}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        )}
      </FormModal>
    </>
  );
}

function Sample({ names }: { names: string[] }) {
  const { t } = useLang();
  if (!names.length) return <Typography.Text type="secondary">{t.common.none}</Typography.Text>;
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 12px', fontFamily: 'monospace', fontSize: 12 }}>
      {names.map((x) => (
        <span key={x} style={{ wordBreak: 'break-all' }}>
          {x}
        </span>
      ))}
    </div>
  );
}
