import { DeleteOutlined, EditOutlined, LockOutlined, PlusOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Popconfirm, Radio, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, errorMessage } from '../../api.js';
import { FileOrOther, formatDateTime, ImportResultModal, LoadError, PageTitle, useTextFile } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { useLoad } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { EmptyCategoryNote, useCoverage } from './coverage.js';
import { useFilterT } from './i18n.js';
import { useSafetyT } from './i18n-safety.js';
import type { HeldRefresh } from './safety-types.js';
import { useCanEditCity, useCategories } from './shared.js';
import type { FilterCategory, FilterList, ListImportResult } from './types.js';

type CategoryForm = { code: string; nameVi: string; nameEn: string; kind: 'block' | 'allow'; mandatory: boolean };
type ImportForm = { name: string; category: string; source: 'url' | 'file'; url?: string };

/** The request body may carry at most 900,000 characters of list content (routes.ts ImportBody). */
const MAX_CONTENT = 900_000;

/**
 * Categories with their domain counts (GET/POST/PATCH /filter/categories) and the lists that feed
 * them (GET/PATCH/DELETE /filter/lists, POST /filter/lists to import from a URL or a file's text,
 * POST /filter/lists/:id/refresh).
 */
export default function Lists() {
  const f = useFilterT();
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const canEdit = useCanEditCity();
  const s = useSafetyT();
  const cats = useCategories();
  const coverage = useCoverage();
  const lists = useLoad(() => api.get<FilterList[]>('/filter/lists'), []);
  // which lists have a refresh waiting: from the held refreshes themselves (the list items may not say)
  const held = useLoad(() => api.get<HeldRefresh[]>('/filter/lists/held'), []);
  const heldIds = new Set((held.data ?? []).map((h) => h.listId));
  const [editingCat, setEditingCat] = useState<FilterCategory | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<ListImportResult | null>(null);
  const catName = (c: FilterCategory) => (lang === 'en' ? c.nameEn || c.nameVi : c.nameVi);
  const reloadAll = () => {
    lists.reload();
    cats.reload();
    coverage.reload();
    held.reload();
  };

  const act = async (key: string, call: () => Promise<unknown>, done: string) => {
    setBusy(key);
    try {
      await call();
      void message.success(done);
      reloadAll();
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const saveCategory = async (v: CategoryForm) => {
    if (editingCat === 'new')
      await api.post('/filter/categories', {
        code: v.code.trim(),
        nameVi: v.nameVi.trim(),
        nameEn: v.nameEn?.trim() ?? '',
        kind: v.kind,
        mandatory: !!v.mandatory,
      });
    else if (editingCat)
      await api.patch(`/filter/categories/${encodeURIComponent(editingCat.code)}`, {
        nameVi: v.nameVi.trim(),
        nameEn: v.nameEn?.trim() ?? '',
        mandatory: !!v.mandatory,
      });
    setEditingCat(null);
    void message.success(t.common.saved);
    cats.reload();
  };

  const catColumns: ColumnsType<FilterCategory> = [
    { title: f.lists.code, dataIndex: 'code', width: 160, render: (c: string) => <code>{c}</code> },
    {
      title: f.lists.name,
      key: 'name',
      render: (_, c) => (
        <>
          {catName(c)}
          <EmptyCategoryNote coverage={coverage.byCode.get(c.code)} />
        </>
      ),
    },
    {
      title: f.lists.kind,
      dataIndex: 'kind',
      width: 110,
      render: (k: string) => <Tag color={k === 'allow' ? 'green' : 'volcano'}>{f.lists.kinds[k] ?? k}</Tag>,
    },
    {
      title: f.lists.mandatory,
      dataIndex: 'mandatory',
      width: 120,
      render: (m: boolean) =>
        m ? (
          <Tag icon={<LockOutlined />} color="red">
            {f.lists.mandatory}
          </Tag>
        ) : (
          t.common.none
        ),
    },
    {
      title: f.lists.domains,
      dataIndex: 'domains',
      width: 130,
      align: 'right',
      render: (n: number) => n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB'),
    },
    ...(canEdit
      ? [
          {
            title: t.common.actions,
            key: 'actions',
            width: 110,
            render: (_: unknown, c: FilterCategory) => (
              <Button size="small" icon={<EditOutlined />} onClick={() => setEditingCat(c)} aria-label={`${t.common.edit}: ${catName(c)}`}>
                {t.common.edit}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const listColumns: ColumnsType<FilterList> = [
    {
      title: f.lists.name,
      dataIndex: 'name',
      render: (name: string, l) => (
        <>
          {name}
          {l.held || heldIds.has(l.id) ? (
            <Link to="/school-filter/held" style={{ marginInlineStart: 6 }}>
              <Tag color="orange" style={{ cursor: 'pointer' }}>
                {s.held.heldTag}
              </Tag>
            </Link>
          ) : null}
        </>
      ),
    },
    { title: f.common.category, dataIndex: 'category', render: (c: string) => cats.name(c) },
    {
      title: f.lists.source,
      key: 'source',
      render: (_, l) => (
        <>
          <Tag>{f.lists.sources[l.sourceType] ?? l.sourceType}</Tag>
          {l.source ? (
            <Typography.Text type="secondary" style={{ wordBreak: 'break-all', fontSize: 12 }}>
              {l.source}
            </Typography.Text>
          ) : null}
        </>
      ),
    },
    {
      title: f.lists.enabled,
      dataIndex: 'enabled',
      width: 100,
      render: (on: boolean, l) => (
        <Switch
          checked={on}
          disabled={!canEdit}
          loading={busy === `toggle:${l.id}`}
          aria-label={`${f.lists.enabled}: ${l.name}`}
          onChange={(v) => void act(`toggle:${l.id}`, () => api.patch(`/filter/lists/${encodeURIComponent(l.id)}`, { enabled: v }), t.common.saved)}
        />
      ),
    },
    { title: f.lists.entries, dataIndex: 'entries', align: 'right', render: (n: number) => n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB') },
    { title: f.lists.exceptions, dataIndex: 'exceptions', align: 'right' },
    { title: f.lists.rejected, dataIndex: 'rejected', align: 'right' },
    {
      title: f.lists.refreshed,
      dataIndex: 'lastRefreshedAt',
      render: (v: string | null, l) => (
        <>
          {formatDateTime(v)}
          {l.lastError ? (
            <Tooltip title={`${f.lists.lastError}: ${l.lastError}`}>
              <Tag color="red" style={{ marginInlineStart: 6 }} tabIndex={0}>
                {f.lists.lastError}
              </Tag>
            </Tooltip>
          ) : null}
        </>
      ),
    },
    ...(canEdit
      ? [
          {
            title: t.common.actions,
            key: 'actions',
            width: 220,
            render: (_: unknown, l: FilterList) => (
              <Space size="small">
                {l.sourceType === 'url' ? (
                  <Button
                    size="small"
                    icon={<ReloadOutlined />}
                    loading={busy === `refresh:${l.id}`}
                    aria-label={`${f.lists.refresh}: ${l.name}`}
                    onClick={async () => {
                      setBusy(`refresh:${l.id}`);
                      try {
                        const r = await api.post<ListImportResult>(`/filter/lists/${encodeURIComponent(l.id)}/refresh`);
                        // a held version is not applied: its counts would read as the list's, so say where it waits instead
                        if (r.held) void message.warning(s.held.heldOnRefresh(l.name), 8);
                        else setResult(r);
                        reloadAll();
                      } catch (e) {
                        void message.error(errorMessage(e));
                        lists.reload();
                      } finally {
                        setBusy(null);
                      }
                    }}
                  >
                    {f.lists.refresh}
                  </Button>
                ) : null}
                <Popconfirm
                  title={f.lists.deleteConfirm(l.name)}
                  okText={t.common.delete}
                  okButtonProps={{ danger: true }}
                  cancelText={t.common.cancel}
                  onConfirm={() => act(`delete:${l.id}`, () => api.del(`/filter/lists/${encodeURIComponent(l.id)}`), t.common.deleted)}
                >
                  <Button size="small" danger icon={<DeleteOutlined />} aria-label={`${t.common.delete}: ${l.name}`} />
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageTitle
        extra={
          canEdit ? (
            <Button type="primary" icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="list-import">
              {f.lists.import}
            </Button>
          ) : undefined
        }
      >
        {f.lists.title}
      </PageTitle>
      {canEdit ? null : <Alert type="info" showIcon title={f.common.readOnly} style={{ marginBottom: 16 }} />}
      <Card
        size="small"
        title={f.lists.categoriesTitle}
        style={{ marginBottom: 16 }}
        extra={
          canEdit ? (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setEditingCat('new')}>
              {f.lists.addCategory}
            </Button>
          ) : null
        }
      >
        <LoadError error={cats.error ?? coverage.error} onRetry={reloadAll} />
        <Table<FilterCategory>
          rowKey="code"
          size="small"
          columns={catColumns}
          dataSource={cats.items}
          loading={cats.loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="categories-table"
        />
      </Card>
      <Card size="small" title={f.lists.listsTitle}>
        <LoadError error={lists.error ?? held.error} onRetry={reloadAll} />
        <Table<FilterList>
          rowKey="id"
          size="small"
          columns={listColumns}
          dataSource={lists.data ?? []}
          loading={lists.loading}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (n) => t.common.total(n) }}
          scroll={{ x: 'max-content' }}
          data-testid="lists-table"
        />
      </Card>

      <FormModal<CategoryForm>
        open={editingCat !== null}
        title={editingCat === 'new' ? f.lists.addCategory : editingCat ? f.lists.editCategory(catName(editingCat)) : ''}
        initialValues={
          editingCat && editingCat !== 'new' ? { ...editingCat, kind: editingCat.kind === 'allow' ? 'allow' : 'block' } : { kind: 'block', mandatory: false }
        }
        onCancel={() => setEditingCat(null)}
        onSubmit={saveCategory}
      >
        {() => (
          <>
            <Form.Item
              name="code"
              label={f.lists.code}
              extra={f.lists.codeFormat}
              rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/, message: f.lists.codeFormat }]}
            >
              <Input maxLength={40} disabled={editingCat !== 'new'} />
            </Form.Item>
            <Form.Item name="nameVi" label={f.lists.nameVi} rules={[{ required: true, whitespace: true, message: t.common.required(f.lists.nameVi) }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="nameEn" label={f.lists.nameEn}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="kind" label={f.lists.kind}>
              <Radio.Group disabled={editingCat !== 'new'} options={['block', 'allow'].map((k) => ({ value: k, label: f.lists.kinds[k] }))} />
            </Form.Item>
            <Form.Item name="mandatory" label={f.lists.mandatory} valuePropName="checked">
              <Switch />
            </Form.Item>
          </>
        )}
      </FormModal>

      <ImportModal
        open={importing}
        categories={cats.items}
        onClose={() => setImporting(false)}
        onDone={(r) => {
          setImporting(false);
          setResult(r);
          reloadAll();
        }}
      />
      <ImportResultModal
        result={result}
        title={f.lists.result}
        onClose={() => setResult(null)}
        testId="import-result"
        items={(r) => [
          { key: 'name', label: f.lists.name, children: r.list.name },
          { key: 'lines', label: f.lists.lines, children: r.lines },
          { key: 'accepted', label: f.lists.accepted, children: <strong data-testid="import-accepted">{r.accepted}</strong> },
          { key: 'exceptions', label: f.lists.exceptions, children: r.exceptions },
          { key: 'rejected', label: f.lists.rejected, children: <span data-testid="import-rejected">{r.rejected}</span> },
        ]}
        labels={{ title: f.lists.rejectedLines, line: f.lists.line, text: f.lists.text, reason: f.lists.reason }}
      />
    </>
  );
}

function ImportModal({
  open,
  categories,
  onClose,
  onDone,
}: {
  open: boolean;
  categories: FilterCategory[];
  onClose: () => void;
  onDone: (r: ListImportResult) => void;
}) {
  const f = useFilterT();
  const { t, lang } = useLang();
  const picked = useTextFile({ chars: MAX_CONTENT }, f.lists.fileTooLarge);

  return (
    <FormModal<ImportForm>
      open={open}
      title={f.lists.importTitle}
      okText={f.lists.importRun}
      width={640}
      initialValues={{ source: 'url' }}
      onCancel={() => {
        picked.reset();
        onClose();
      }}
      testId="import-list-modal"
      onSubmit={async (v) => {
        if (v.source === 'file' && !picked.file) throw new Error(picked.error ?? f.lists.chooseFile);
        const r = await api.post<ListImportResult>('/filter/lists', {
          name: v.name.trim(),
          category: v.category,
          ...(v.source === 'url' ? { url: v.url?.trim() } : { content: picked.file?.text }),
        });
        picked.forget();
        onDone(r);
      }}
    >
      {() => (
        <>
          <Typography.Paragraph type="secondary">{f.lists.importHint}</Typography.Paragraph>
          <Form.Item name="name" label={f.lists.name} rules={[{ required: true, whitespace: true, message: t.common.required(f.lists.name) }]}>
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item name="category" label={f.common.category} rules={[{ required: true, message: t.common.requiredSelect(f.common.category) }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={categories.map((c) => ({ value: c.code, label: lang === 'en' ? c.nameEn || c.nameVi : c.nameVi }))}
            />
          </Form.Item>
          <Form.Item name="source" label={f.lists.source}>
            <Radio.Group
              options={[
                { value: 'url', label: f.lists.fromUrl },
                { value: 'file', label: f.lists.fromFile },
              ]}
            />
          </Form.Item>
          <FileOrOther
            state={picked}
            label={f.lists.file}
            chooseLabel={f.lists.chooseFile}
            chosen={f.lists.fileChosen}
            accept=".txt,.list,.hosts,text/plain"
            testId="list-file"
          >
            <Form.Item name="url" label={f.lists.url} rules={[{ required: true, type: 'url', message: f.lists.fromUrl }]}>
              <Input maxLength={2000} placeholder="https://" />
            </Form.Item>
          </FileOrOther>
        </>
      )}
    </FormModal>
  );
}
