import { PlusOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { formatDateTime, LoadError, PageTitle } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { usePagedList } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { useDetectT } from './i18n.js';
import { DecisionTag, fileToBase64, ItemStatusTag, KIND_ICONS, ScoreBar, useDetectVocabulary } from './shared.js';
import {
  DECISIONS,
  type Decision,
  ITEM_KINDS,
  ITEM_SOURCES,
  ITEM_STATUSES,
  type ItemKind,
  type ItemSource,
  type ItemStatus,
  type ItemSummary,
} from './types.js';

type Filters = { status?: ItemStatus; decision?: Decision; kind?: ItemKind; source?: ItemSource };
type AddForm = { kind: ItemKind; url?: string; text?: string };

/** The server's ceiling for an image (src/detect/review/routes.ts, POST /detect/items). */
const MAX_IMAGE_BYTES = 8 * 1024 * 1024;
/** While items wait for the worker, the list asks again this often. */
const PENDING_POLL_MS = 4000;

/**
 * The analysts' review queue: GET /detect/items (bank matches first, then highest score; server
 * paging; every listing audited by the server). A row opens the item; "add" queues a link, a text
 * or an image (POST /detect/items).
 */
export default function Queue() {
  const { t } = useLang();
  const m = useDetectT();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const vocab = useDetectVocabulary();
  const list = usePagedList<ItemSummary, Filters>('/detect/items', {});
  const [adding, setAdding] = useState(false);
  // texts and images are the analysts' to submit (intake officers send links): those who decide
  const analyst = me.abilities['detect.items.decide'];

  // items waiting for the worker: look again shortly, so statuses and scores arrive by themselves
  const pending = list.items.some((i) => i.status === 'queued' || i.status === 'fetching');
  const reload = list.reload;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new answer starts the next wait (polling)
  useEffect(() => {
    if (!pending) return;
    const id = setTimeout(reload, PENDING_POLL_MS);
    return () => clearTimeout(id);
  }, [pending, reload, list.data]);

  const open = (id: string) => navigate(`/detection/items/${encodeURIComponent(id)}`);

  const columns: ColumnsType<ItemSummary> = [
    {
      title: m.queue.kind,
      dataIndex: 'kind',
      width: 120,
      render: (k: ItemKind, r) => (
        <Link to={`/detection/items/${encodeURIComponent(r.id)}`} onClick={(e) => e.stopPropagation()} aria-label={`${m.queue.open}: ${m.kinds[k]}`}>
          {KIND_ICONS[k]} {m.kinds[k]}
        </Link>
      ),
    },
    { title: m.queue.domain, dataIndex: 'domain', render: (d: string | null) => (d ? <code style={{ wordBreak: 'break-all' }}>{d}</code> : '—') },
    {
      title: m.queue.report,
      dataIndex: 'reportCode',
      width: 140,
      render: (code: string | null, r) =>
        code && r.reportId ? (
          <Link to={`/reports/${encodeURIComponent(r.reportId)}`} onClick={(e) => e.stopPropagation()}>
            <code>{code}</code>
          </Link>
        ) : (
          <span className="muted">—</span>
        ),
    },
    { title: m.queue.status, dataIndex: 'status', width: 140, render: (s: ItemStatus) => <ItemStatusTag s={s} /> },
    {
      title: m.queue.topCategory,
      key: 'top',
      width: 260,
      render: (_, r) => {
        const top = r.categories[0];
        if (r.status === 'failed') return <Typography.Text type="danger">{r.failureMessage ?? m.detail.failure}</Typography.Text>;
        if (r.status === 'queued' || r.status === 'fetching') return <Typography.Text type="secondary">{m.queue.pending}</Typography.Text>;
        if (!top) return <Typography.Text type="secondary">{m.queue.noCategory}</Typography.Text>;
        const label = vocab.label('categories', top.code);
        return (
          <Space orientation="vertical" size={0}>
            <span>{label}</span>
            <ScoreBar score={top.score} label={label} />
          </Space>
        );
      },
    },
    {
      title: m.queue.matches,
      dataIndex: 'matchCount',
      width: 120,
      align: 'right',
      render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : <span className="muted">0</span>),
    },
    { title: m.queue.decision, dataIndex: 'decision', width: 200, render: (d: Decision | null, r) => <DecisionTag d={d} category={r.decisionCategory} /> },
    { title: m.queue.source, dataIndex: 'source', width: 150, render: (s: ItemSource) => m.sources[s] },
    { title: m.queue.created, dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
    { title: m.queue.analysed, dataIndex: 'analysedAt', width: 140, render: (v: string | null) => formatDateTime(v) },
  ];

  return (
    <>
      <PageTitle
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={list.reload}>
              {m.queue.refresh}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="detect-add">
              {m.queue.add}
            </Button>
          </>
        }
      >
        {m.queue.title}
      </PageTitle>
      <Typography.Paragraph type="secondary">{m.queue.hint}</Typography.Paragraph>
      <search className="filters" aria-label={t.common.filters}>
        <Select<ItemStatus>
          aria-label={m.queue.status}
          placeholder={`${m.queue.status}: ${t.common.all}`}
          allowClear
          style={{ width: 200 }}
          value={list.filters.status}
          onChange={(status) => list.setFilters({ status })}
          options={ITEM_STATUSES.map((s) => ({ value: s, label: m.statuses[s] }))}
          data-testid="filter-status"
        />
        <Select<Decision>
          aria-label={m.queue.decision}
          placeholder={`${m.queue.decision}: ${t.common.all}`}
          allowClear
          style={{ width: 220 }}
          value={list.filters.decision}
          onChange={(decision) => list.setFilters({ decision })}
          options={DECISIONS.map((d) => ({ value: d, label: m.decisions[d] }))}
          data-testid="filter-decision"
        />
        <Select<ItemKind>
          aria-label={m.queue.kind}
          placeholder={`${m.queue.kind}: ${t.common.all}`}
          allowClear
          style={{ width: 170 }}
          value={list.filters.kind}
          onChange={(kind) => list.setFilters({ kind })}
          options={ITEM_KINDS.map((k) => ({ value: k, label: m.kinds[k] }))}
        />
        <Select<ItemSource>
          aria-label={m.queue.source}
          placeholder={`${m.queue.source}: ${t.common.all}`}
          allowClear
          style={{ width: 200 }}
          value={list.filters.source}
          onChange={(source) => list.setFilters({ source })}
          options={ITEM_SOURCES.map((s) => ({ value: s, label: m.sources[s] }))}
        />
      </search>
      <LoadError error={list.error} onRetry={list.reload} />
      <Table<ItemSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.items}
        loading={list.loading && !list.data}
        data-testid="detect-items-table"
        locale={{ emptyText: m.queue.empty }}
        onRow={(r) => ({
          onClick: () => open(r.id),
          // bank matches carry a red edge besides the red count in their column
          style: { cursor: 'pointer', boxShadow: r.matchCount > 0 ? 'inset 4px 0 0 #ff4d4f' : undefined },
        })}
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
      />
      <AddModal
        open={adding}
        urlOnly={!analyst}
        onClose={() => setAdding(false)}
        onDone={(r) => {
          setAdding(false);
          void message.success(r.created ? m.queue.added : m.queue.alreadyOpen);
          open(r.id);
        }}
      />
    </>
  );
}

function AddModal({
  open,
  urlOnly,
  onClose,
  onDone,
}: {
  open: boolean;
  urlOnly: boolean;
  onClose: () => void;
  onDone: (r: { id: string; created: boolean }) => void;
}) {
  const m = useDetectT();
  const { t } = useLang();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const pick = (f: File | undefined) => {
    setFileError(null);
    setFile(null);
    if (!f) return;
    if (f.size > MAX_IMAGE_BYTES) return setFileError(m.queue.imageTooLarge);
    setFile(f);
  };
  const close = () => {
    setFile(null);
    setFileError(null);
    onClose();
  };

  return (
    <FormModal<AddForm>
      open={open}
      title={m.queue.addTitle}
      okText={m.queue.add}
      width={640}
      initialValues={{ kind: 'url' }}
      onCancel={close}
      testId="detect-add-modal"
      onSubmit={async (v) => {
        let body: Record<string, string>;
        if (v.kind === 'url') body = { url: (v.url ?? '').trim() };
        else if (v.kind === 'text') body = { text: v.text ?? '' };
        else {
          if (!file) throw new Error(fileError ?? m.queue.imageRequired);
          body = { imageBase64: await fileToBase64(file) };
        }
        const r = await api.post<{ id: string; created: boolean }>('/detect/items', body);
        setFile(null);
        onDone(r);
      }}
    >
      {(form) => (
        <>
          <Typography.Paragraph type="secondary">{m.queue.addHint}</Typography.Paragraph>
          {urlOnly ? <Typography.Paragraph type="secondary">{m.queue.urlOnly}</Typography.Paragraph> : null}
          <Form.Item name="kind" label={m.queue.addKind}>
            <Radio.Group
              optionType="button"
              options={ITEM_KINDS.map((k) => ({ value: k, label: m.kinds[k], disabled: urlOnly && k !== 'url' }))}
              onChange={() => form.validateFields().catch(() => undefined)}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.kind !== b.kind}>
            {() => {
              const kind = form.getFieldValue('kind') as ItemKind;
              if (kind === 'url')
                return (
                  <Form.Item
                    name="url"
                    label={m.queue.url}
                    rules={[
                      { required: true, whitespace: true, message: t.common.required(m.queue.url) },
                      { pattern: /^\s*https?:\/\/\S+\s*$/i, message: m.queue.urlInvalid },
                    ]}
                  >
                    <Input maxLength={4096} placeholder="https://" />
                  </Form.Item>
                );
              if (kind === 'text')
                return (
                  <Form.Item
                    name="text"
                    label={m.queue.text}
                    extra={m.queue.textHint}
                    rules={[{ required: true, whitespace: true, message: t.common.required(m.queue.text) }]}
                  >
                    <Input.TextArea rows={6} maxLength={1_000_000} />
                  </Form.Item>
                );
              return (
                <Form.Item
                  label={m.queue.image}
                  required
                  extra={m.queue.imageHint}
                  validateStatus={fileError ? 'error' : undefined}
                  help={fileError ?? undefined}
                >
                  <Space>
                    <Button icon={<UploadOutlined />} onClick={() => input.current?.click()}>
                      {m.queue.chooseImage}
                    </Button>
                    {file ? <span>{m.queue.imageChosen(file.name, Math.ceil(file.size / 1024))}</span> : null}
                  </Space>
                  <input
                    ref={input}
                    type="file"
                    accept="image/jpeg,image/png,image/webp,image/gif"
                    aria-label={m.queue.image}
                    style={{ display: 'none' }}
                    data-testid="detect-image-file"
                    onChange={(e) => pick(e.target.files?.[0])}
                  />
                </Form.Item>
              );
            }}
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
