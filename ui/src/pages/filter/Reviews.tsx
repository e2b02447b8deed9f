import { CheckOutlined, CloseOutlined, GlobalOutlined, LockOutlined, RiseOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Popconfirm, Select, Tag, Tooltip, Typography } from 'antd';
import type { ColumnType } from 'antd/es/table/index.js';
import { useState } from 'react';
import { api, errorMessage } from '../../api.js';
import { useMe } from '../../auth.js';
import { formatDateTime, LoadError, PageTitle } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { useLoad } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { useFilterT } from './i18n.js';
import { effectText, useSafetyT } from './i18n-safety.js';
import { ResponsiveTable } from './responsive.js';
import { reviewsChanged } from './review-count.js';
import type { AllowEffect, Review } from './safety-types.js';

type StatusFilter = 'waiting' | 'open' | 'escalated' | 'allowed' | 'declined' | 'all';
type Dialog = { kind: 'escalate' | 'decline'; review: Review } | null;

const STATUS_COLORS: Record<string, string> = { open: 'blue', escalated: 'gold', allowed: 'green', declined: 'default' };

/**
 * The "This is a mistake" queue (GET /filter/reviews): a school's administrator answers their
 * school's requests — allow for the school, escalate to the city, decline with a reason — and the
 * city answers the mandatory and escalated ones (allow city-wide puts the name on the guard list).
 */
export default function Reviews() {
  const s = useSafetyT();
  const f = useFilterT();
  const { t, lang } = useLang();
  const me = useMe();
  const { message } = App.useApp();
  const [status, setStatus] = useState<StatusFilter>('waiting');
  const list = useLoad(() => api.get<Review[]>('/filter/reviews', status === 'waiting' ? {} : { status }), [status]);
  const [busy, setBusy] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  // what the server's review policy gives this account (/auth/me); a school's own administrator is tied to one school
  const isSchoolAdmin = me.schoolId !== null;
  const canAllowSchool = me.abilities['filter.reviews.answer_school'];
  const canAllowCity = me.abilities['filter.reviews.answer_city'];
  // the city answering for a school (a system administrator) may also act on escalated requests
  const isSystemAdmin = canAllowSchool && canAllowCity;
  const canEscalate = canAllowSchool;
  const canDecline = me.abilities['filter.reviews.decline'];
  const catName = (r: Review) => (lang === 'en' ? r.categoryNameEn || r.categoryNameVi : r.categoryNameVi) || r.category;

  const done = () => {
    list.reload();
    reviewsChanged();
  };

  const allow = async (r: Review, scope: 'school' | 'city') => {
    setBusy(`${scope}:${r.id}`);
    try {
      const res = await api.post<{ review: Review; effect: AllowEffect }>(`/filter/reviews/${encodeURIComponent(r.id)}/allow`, { scope });
      if (res.effect && !res.effect.effective) void message.warning(s.reviews.allowedNoEffect(r.domain, effectText(res.effect, lang, s.effects.noEffect)), 8);
      else void message.success(s.reviews.allowed(r.domain));
      done();
    } catch (e) {
      void message.error(errorMessage(e));
      list.reload();
    } finally {
      setBusy(null);
    }
  };

  const answerable = (r: Review) => r.status === 'open' || r.status === 'escalated';

  const actions = (r: Review) => {
    if (!answerable(r)) {
      return r.answeredBy || r.answeredAt ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {s.reviews.answeredBy(r.answeredBy ?? '—', formatDateTime(r.answeredAt))}
          {r.answerReason ? <div>{r.answerReason}</div> : null}
        </Typography.Text>
      ) : null;
    }
    const schoolAllowBlocked = r.mandatory || !r.schoolId;
    return (
      <div style={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: 6 }}>
        {canAllowSchool && r.schoolId && (isSystemAdmin || r.status === 'open') ? (
          schoolAllowBlocked ? (
            <Tooltip title={s.reviews.mandatoryOnlyCity}>
              <Button size="small" icon={<CheckOutlined />} disabled aria-label={`${s.reviews.allowSchool}: ${r.domain}`}>
                {s.reviews.allowSchool}
              </Button>
            </Tooltip>
          ) : (
            <Popconfirm
              title={s.reviews.allowSchoolConfirm(r.domain)}
              okText={s.reviews.allowSchool}
              cancelText={t.common.cancel}
              onConfirm={() => allow(r, 'school')}
            >
              <Button
                size="small"
                type="primary"
                icon={<CheckOutlined />}
                loading={busy === `school:${r.id}`}
                aria-label={`${s.reviews.allowSchool}: ${r.domain}`}
                data-testid={`review-allow-${r.domain}`}
              >
                {s.reviews.allowSchool}
              </Button>
            </Popconfirm>
          )
        ) : null}
        {canAllowCity ? (
          <Popconfirm title={s.reviews.allowCityConfirm(r.domain)} okText={s.reviews.allowCity} cancelText={t.common.cancel} onConfirm={() => allow(r, 'city')}>
            <Button size="small" icon={<GlobalOutlined />} loading={busy === `city:${r.id}`} aria-label={`${s.reviews.allowCity}: ${r.domain}`}>
              {s.reviews.allowCity}
            </Button>
          </Popconfirm>
        ) : null}
        {canEscalate && r.status === 'open' && r.schoolId ? (
          <Button
            size="small"
            icon={<RiseOutlined />}
            onClick={() => setDialog({ kind: 'escalate', review: r })}
            aria-label={`${s.reviews.escalate}: ${r.domain}`}
          >
            {s.reviews.escalate}
          </Button>
        ) : null}
        {canDecline && (r.status === 'open' || !isSchoolAdmin) ? (
          <Button
            size="small"
            danger
            icon={<CloseOutlined />}
            onClick={() => setDialog({ kind: 'decline', review: r })}
            aria-label={`${s.reviews.decline}: ${r.domain}`}
          >
            {s.reviews.decline}
          </Button>
        ) : null}
      </div>
    );
  };

  // Few, stacked columns: the queue must read at 1280 px without scrolling the table sideways.
  const columns: ColumnType<Review>[] = [
    {
      title: s.reviews.domain,
      dataIndex: 'domain',
      render: (d: string, r) => (
        <div style={{ maxWidth: 300 }}>
          <code style={{ wordBreak: 'break-all' }}>{d}</code>
          {r.note ? <div className="muted">“{r.note}”</div> : null}
        </div>
      ),
    },
    {
      title: `${f.common.category} · ${f.common.band}`,
      key: 'category',
      render: (_, r) => (
        <div style={{ maxWidth: 220 }}>
          {catName(r)}
          {r.mandatory ? (
            <Tag icon={<LockOutlined />} color="red" style={{ marginInlineStart: 6 }}>
              {s.common.mandatory}
            </Tag>
          ) : null}
          <div className="muted">{r.band ? (f.bands[r.band] ?? r.band) : t.common.none}</div>
        </div>
      ),
    },
    ...(isSchoolAdmin
      ? []
      : [
          {
            title: s.reviews.school,
            key: 'school',
            render: (_: unknown, r: Review) => <div style={{ maxWidth: 200 }}>{r.schoolName ?? t.common.none}</div>,
          },
        ]),
    {
      title: s.reviews.when,
      dataIndex: 'createdAt',
      render: (v: string, r) => (
        <>
          <div style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v)}</div>
          <div>
            {s.reviews.requests}: <strong data-testid="review-requests">{r.requests}</strong>
          </div>
        </>
      ),
    },
    {
      title: s.reviews.statusFilter,
      dataIndex: 'status',
      render: (st: string) => <Tag color={STATUS_COLORS[st] ?? 'default'}>{s.reviews.statuses[st] ?? st}</Tag>,
    },
    { title: s.reviews.answer, key: 'actions', render: (_, r) => actions(r) },
  ];

  return (
    <>
      <PageTitle>{s.reviews.title}</PageTitle>
      <Typography.Paragraph type="secondary">{isSchoolAdmin ? s.reviews.hintSchool : s.reviews.hintCity}</Typography.Paragraph>
      <search className="filters" aria-label={t.common.filters}>
        <Select<StatusFilter>
          aria-label={s.reviews.statusFilter}
          value={status}
          onChange={setStatus}
          style={{ width: 220, maxWidth: '100%' }}
          options={(['waiting', 'open', 'escalated', 'allowed', 'declined', 'all'] as const).map((v) => ({ value: v, label: s.reviews.statuses[v] }))}
          data-testid="review-status"
        />
      </search>
      <LoadError error={list.error} onRetry={list.reload} />
      <ResponsiveTable<Review>
        rowKey={(r) => r.id}
        size="middle"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.loading}
        emptyText={s.reviews.empty}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (n) => t.common.total(n) }}
        data-testid="reviews-table"
      />
      <FormModal<{ note?: string }>
        open={dialog?.kind === 'escalate'}
        title={dialog ? s.reviews.escalateTitle(dialog.review.domain) : ''}
        okText={s.reviews.escalate}
        onCancel={() => setDialog(null)}
        testId="review-escalate-modal"
        onSubmit={async (v) => {
          if (!dialog) return;
          await api.post(`/filter/reviews/${encodeURIComponent(dialog.review.id)}/escalate`, v.note?.trim() ? { note: v.note.trim() } : {});
          setDialog(null);
          void message.success(s.reviews.escalated);
          done();
        }}
      >
        {() => (
          <Form.Item name="note" label={s.reviews.escalateNote}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        )}
      </FormModal>
      <FormModal<{ reason: string }>
        open={dialog?.kind === 'decline'}
        title={dialog ? s.reviews.declineTitle(dialog.review.domain) : ''}
        okText={s.reviews.decline}
        onCancel={() => setDialog(null)}
        testId="review-decline-modal"
        onSubmit={async (v) => {
          if (!dialog) return;
          await api.post(`/filter/reviews/${encodeURIComponent(dialog.review.id)}/decline`, { reason: v.reason.trim() });
          setDialog(null);
          void message.success(s.reviews.declined);
          done();
        }}
      >
        {() => (
          <Form.Item
            name="reason"
            label={s.reviews.declineReason}
            extra={s.reviews.declineReasonHint}
            rules={[{ required: true, whitespace: true, message: s.common.reasonRequired }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        )}
      </FormModal>
    </>
  );
}
