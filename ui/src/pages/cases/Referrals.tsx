import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Form, Grid, Input, Segmented, Select, Space, Tag } from 'antd';
import type { ColumnType } from 'antd/es/table/index.js';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { formatDateTime, LoadError, PageTitle } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { usePagedList } from '../../hooks.js';
import { ResponsiveTable } from '../filter/responsive.js';
import { useCasesT } from './i18n.js';
import { useCaseVocabulary } from './shared.js';
import type { Referral } from './types.js';

type Box = 'incoming' | 'outgoing' | 'all';

/**
 * The referrals inbox: referrals and transfers addressed to my ward or agency (accept, or decline
 * with a reason), and those my unit sent. Waiting ones first, nearest deadline first.
 */
export default function Referrals() {
  const m = useCasesT();
  const { message } = App.useApp();
  // on a phone the choices stack: side by side they would not fit 390 px
  const narrow = Grid.useBreakpoint().md === false;
  const vocab = useCaseVocabulary();
  const list = usePagedList<Referral, { box: Box; status?: string }>('/cases/referrals', { box: 'incoming' });
  const [declining, setDeclining] = useState<Referral | null>(null);

  const answer = async (r: Referral, body: { answer: 'accept' | 'decline'; declineReason?: string; note?: string }) => {
    await api.post(`/cases/referrals/${encodeURIComponent(r.id)}/answer`, { version: r.caseVersion, ...body });
    void message.success(m.ref.answered);
    setDeclining(null);
    list.reload();
  };

  const columns: ColumnType<Referral>[] = [
    { title: m.list.code, dataIndex: 'caseCode', render: (code: string) => <code>{code}</code> },
    { title: m.ref.kind, dataIndex: 'kindLabel' },
    { title: m.ref.purpose, dataIndex: 'purposeLabel' },
    { title: m.ref.from, key: 'from', render: (_: unknown, r) => r.from.name },
    { title: m.ref.to, key: 'to', render: (_: unknown, r) => r.to.name },
    {
      title: m.ref.status,
      key: 'status',
      render: (_: unknown, r) => (
        <Space wrap size={4}>
          <Tag color={r.status === 'accepted' ? 'green' : r.status === 'declined' ? 'red' : r.status === 'pending' ? 'blue' : 'default'}>{r.statusLabel}</Tag>
          {r.overdue ? <Tag color="red">{m.page.overdue}</Tag> : null}
          {r.consentOverride ? <Tag color="orange">{m.ref.overridden}</Tag> : null}
          {r.declineReasonLabel ? <span className="muted">{r.declineReasonLabel}</span> : null}
        </Space>
      ),
    },
    { title: m.ref.due, dataIndex: 'answerDueAt', render: (v: string) => formatDateTime(v) },
    { title: m.ref.note, dataIndex: 'note', render: (n: string | null) => <span style={{ overflowWrap: 'anywhere' }}>{n ?? '—'}</span> },
    {
      title: '',
      key: 'act',
      render: (_: unknown, r) => (
        <Space wrap>
          {r.status === 'pending' && list.filters.box !== 'outgoing' ? (
            <>
              <Button
                type="primary"
                size="small"
                onClick={() => void answer(r, { answer: 'accept' }).catch((e) => message.error(String((e as Error).message)))}
                data-testid="referral-accept"
              >
                {m.ref.accept}
              </Button>
              <Button size="small" danger onClick={() => setDeclining(r)}>
                {m.ref.decline}
              </Button>
            </>
          ) : null}
          {r.status === 'accepted' || list.filters.box === 'outgoing' ? <Link to={`/cases/${encodeURIComponent(r.caseId)}`}>{m.ref.openCase}</Link> : null}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="referrals-page">
      <PageTitle extra={<Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={m.page.reload} />}>{m.ref.title}</PageTitle>
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented<Box>
          vertical={narrow}
          value={list.filters.box}
          onChange={(box) => list.setFilters({ box })}
          options={[
            { value: 'incoming', label: m.ref.incoming },
            { value: 'outgoing', label: m.ref.outgoing },
            { value: 'all', label: m.ref.all },
          ]}
        />
        <Select
          allowClear
          aria-label={m.ref.status}
          placeholder={m.ref.status}
          style={{ minWidth: 160 }}
          options={vocab.options('referralStatuses')}
          value={list.filters.status}
          onChange={(v?: string) => list.setFilters({ status: v })}
        />
      </Space>
      <LoadError error={list.error} onRetry={list.reload} />
      <ResponsiveTable
        rowKey={(r) => r.id}
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={list.pagination}
        emptyText={m.ref.empty}
        data-testid="referrals-table"
      />
      <FormModal<{ declineReason: string; note?: string }>
        open={declining !== null}
        title={m.ref.decline}
        onCancel={() => setDeclining(null)}
        onSubmit={(v) => answer(declining as Referral, { answer: 'decline', declineReason: v.declineReason, note: v.note || undefined })}
      >
        {() => (
          <>
            <Form.Item name="declineReason" label={m.ref.declineReason} rules={[{ required: true, message: m.act.required }]}>
              <Select options={vocab.options('declineReasons')} />
            </Form.Item>
            <Form.Item name="note" label={m.ref.answerNote}>
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
          </>
        )}
      </FormModal>
    </div>
  );
}
