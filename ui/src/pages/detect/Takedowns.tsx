import { EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, Select, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { CopyableList, formatDateTime, LoadError, PageTitle } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { usePagedList } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { useDetectT } from './i18n.js';
import { TakedownStatusTag, useDetectVocabulary } from './shared.js';
import { TAKEDOWN_STATUSES, type Takedown, type TakedownStatus } from './types.js';

type Filters = { status?: TakedownStatus; platform?: string };
type EditForm = { status?: TakedownStatus; sentAt?: Dayjs | null; removedAt?: Dayjs | null; platform?: string; legalBasis?: string; note?: string };

/** Where a request may go next (src/detect/review/takedowns.ts): requested → sent | refused, sent → removed | refused, refused → sent; withdrawn is final. */
const NEXT: Record<TakedownStatus, TakedownStatus[]> = {
  requested: ['sent', 'refused'],
  sent: ['removed', 'refused'],
  refused: ['sent'],
  removed: [],
  withdrawn: [],
};

/** Takedown requests (GET /detect/takedowns, newest first) and their progress (PATCH /detect/takedowns/:id). */
export default function Takedowns() {
  const { t } = useLang();
  const m = useDetectT();
  const { message } = App.useApp();
  const vocab = useDetectVocabulary();
  const list = usePagedList<Takedown, Filters>('/detect/takedowns', {});
  const [editing, setEditing] = useState<Takedown | null>(null);

  const columns: ColumnsType<Takedown> = [
    { title: m.takedowns.platform, dataIndex: 'platform', width: 130, render: (p: string) => vocab.label('platforms', p) },
    {
      title: m.takedowns.urls,
      dataIndex: 'urls',
      render: (urls: string[]) => <CopyableList values={urls} style={{ margin: 0, paddingInlineStart: 16, maxWidth: 420 }} />,
    },
    { title: m.takedowns.domain, dataIndex: 'domain', render: (d: string | null) => (d ? <code>{d}</code> : '—') },
    { title: m.takedowns.status, dataIndex: 'status', width: 150, render: (s: TakedownStatus) => <TakedownStatusTag s={s} /> },
    { title: m.takedowns.requestedAt, dataIndex: 'requestedAt', width: 140, render: (v: string) => formatDateTime(v) },
    { title: m.takedowns.sentAt, dataIndex: 'sentAt', width: 140, render: (v: string | null) => formatDateTime(v) },
    { title: m.takedowns.removedAt, dataIndex: 'removedAt', width: 140, render: (v: string | null) => formatDateTime(v) },
    {
      title: m.takedowns.legalBasis,
      dataIndex: 'legalBasis',
      render: (l: string) => (
        <Tooltip title={l}>
          <Typography.Text ellipsis style={{ maxWidth: 200 }}>
            {l}
          </Typography.Text>
        </Tooltip>
      ),
    },
    {
      title: m.takedowns.item,
      dataIndex: 'itemId',
      width: 90,
      render: (id: string) => <Link to={`/detection/items/${encodeURIComponent(id)}`}>{m.queue.open}</Link>,
    },
    {
      title: t.common.actions,
      key: 'actions',
      width: 120,
      render: (_, r) => (
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(r)} data-testid={`takedown-edit-${r.id}`}>
          {m.takedowns.edit}
        </Button>
      ),
    },
  ];

  const save = async (v: EditForm) => {
    if (!editing) return;
    const iso = (d: Dayjs | null | undefined) => (d ? d.toISOString() : undefined);
    const body = {
      ...(v.status && v.status !== editing.status ? { status: v.status } : {}),
      ...(v.sentAt && v.status === 'sent' ? { sentAt: iso(v.sentAt) } : {}),
      ...(v.removedAt && v.status === 'removed' ? { removedAt: iso(v.removedAt) } : {}),
      ...(v.platform && v.platform !== editing.platform ? { platform: v.platform } : {}),
      ...(v.legalBasis?.trim() && v.legalBasis.trim() !== editing.legalBasis ? { legalBasis: v.legalBasis.trim() } : {}),
      ...((v.note ?? '') !== (editing.note ?? '') ? { note: v.note ?? '' } : {}),
    };
    await api.patch<Takedown>(`/detect/takedowns/${encodeURIComponent(editing.id)}`, body);
    setEditing(null);
    void message.success(m.takedowns.saved);
    list.reload();
  };

  return (
    <>
      <PageTitle
        extra={
          <Button icon={<ReloadOutlined />} onClick={list.reload}>
            {t.common.reload}
          </Button>
        }
      >
        {m.takedowns.title}
      </PageTitle>
      <Typography.Paragraph type="secondary">{m.takedowns.hint}</Typography.Paragraph>
      <search className="filters" aria-label={t.common.filters}>
        <Select<TakedownStatus>
          aria-label={m.takedowns.status}
          placeholder={`${m.takedowns.status}: ${t.common.all}`}
          allowClear
          style={{ width: 200 }}
          value={list.filters.status}
          onChange={(status) => list.setFilters({ status })}
          options={TAKEDOWN_STATUSES.map((s) => ({ value: s, label: m.takedownStatuses[s] }))}
        />
        <Select<string>
          aria-label={m.takedowns.platform}
          placeholder={`${m.takedowns.platform}: ${t.common.all}`}
          allowClear
          style={{ width: 200 }}
          value={list.filters.platform}
          onChange={(platform) => list.setFilters({ platform })}
          options={vocab.options('platforms')}
        />
      </search>
      <LoadError error={list.error} onRetry={list.reload} />
      <Table<Takedown>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        data-testid="takedowns-table"
        locale={{ emptyText: m.takedowns.empty }}
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
      />
      <FormModal<EditForm>
        open={editing !== null}
        title={m.takedowns.editTitle}
        width={600}
        initialValues={
          editing
            ? {
                status: NEXT[editing.status][0] ?? editing.status,
                sentAt: editing.sentAt ? dayjs(editing.sentAt) : dayjs(),
                removedAt: editing.removedAt ? dayjs(editing.removedAt) : dayjs(),
                platform: editing.platform,
                legalBasis: editing.legalBasis,
                note: editing.note ?? '',
              }
            : undefined
        }
        onCancel={() => setEditing(null)}
        onSubmit={save}
        testId="takedown-edit-modal"
      >
        {() =>
          editing ? (
            <>
              <Typography.Paragraph type="secondary">{m.takedowns.transitions}</Typography.Paragraph>
              <Form.Item name="status" label={m.takedowns.newStatus}>
                <Select
                  options={[editing.status, ...NEXT[editing.status]].map((s) => ({ value: s, label: m.takedownStatuses[s] }))}
                  data-testid="takedown-status"
                />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.status !== b.status}>
                {({ getFieldValue }) => {
                  const s = getFieldValue('status') as TakedownStatus;
                  if (s === 'sent')
                    return (
                      <Form.Item name="sentAt" label={m.takedowns.sentAt} rules={[{ required: true, message: m.takedowns.sentRequired }]}>
                        <DatePicker showTime format="DD/MM/YYYY HH:mm" disabledDate={(d) => d.isAfter(dayjs().endOf('day'))} />
                      </Form.Item>
                    );
                  if (s === 'removed')
                    return (
                      <Form.Item name="removedAt" label={m.takedowns.removedAt} rules={[{ required: true, message: m.takedowns.removedRequired }]}>
                        <DatePicker showTime format="DD/MM/YYYY HH:mm" disabledDate={(d) => d.isAfter(dayjs().endOf('day'))} />
                      </Form.Item>
                    );
                  return null;
                }}
              </Form.Item>
              <Form.Item name="platform" label={m.takedowns.platform}>
                <Select options={vocab.options('platforms')} />
              </Form.Item>
              <Form.Item name="legalBasis" label={m.takedowns.legalBasis}>
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
              <Form.Item name="note" label={m.takedowns.note}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </>
          ) : null
        }
      </FormModal>
    </>
  );
}
