import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined, SaveOutlined, SyncOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, InputNumber, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { api, errorMessage } from '../../api.js';
import { useMe } from '../../auth.js';
import { agencyLabel, LoadError, PageTitle, UnitSelect, useAgencies, useUnitNames } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { useLoad } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { useIntakeT } from './i18n.js';
import { PriorityTag, useVocabulary } from './shared.js';
import { PRIORITIES, type Priority, type PriorityRule, type RoutingRule, type SlaSetting } from './types.js';

/**
 * Intake rules as data: GET/PUT /intake/settings/priority-rules, /routing-rules (the whole ordered
 * list is replaced at once) and /sla. Intake officers and city leaders read; system administrators edit.
 */
export default function Rules() {
  const m = useIntakeT();
  const me = useMe();
  const canEdit = me.abilities['reports.settings.update'];
  return (
    <>
      <PageTitle>{m.rules.title}</PageTitle>
      {canEdit ? null : <Alert type="info" showIcon title={m.rules.readOnly} style={{ marginBottom: 16 }} />}
      <Tabs
        items={[
          { key: 'priority', label: m.rules.priorityTab, children: <PriorityRules canEdit={canEdit} /> },
          { key: 'routing', label: m.rules.routingTab, children: <RoutingRules canEdit={canEdit} /> },
          { key: 'sla', label: m.rules.slaTab, children: <SlaSettings canEdit={canEdit} /> },
        ]}
      />
    </>
  );
}

/** An ordered list edited locally, then saved in one PUT. */
function useOrderedList<T>(path: string) {
  const loaded = useLoad(() => api.get<{ items: T[] }>(path), [path]);
  const [items, setItems] = useState<T[]>([]);
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (loaded.data) {
      setItems(loaded.data.items);
      setDirty(false);
    }
  }, [loaded.data]);
  const change = (next: T[]) => {
    setItems(next);
    setDirty(true);
  };
  return {
    ...loaded,
    items,
    dirty,
    discard: () => {
      setItems(loaded.data?.items ?? []);
      setDirty(false);
    },
    upsert: (index: number | null, v: T) => change(index === null ? [...items, v] : items.map((x, i) => (i === index ? v : x))),
    remove: (index: number) => change(items.filter((_, i) => i !== index)),
    move: (index: number, by: -1 | 1) => {
      const j = index + by;
      if (j < 0 || j >= items.length) return;
      const next = [...items];
      [next[index], next[j]] = [next[j] as T, next[index] as T];
      change(next);
    },
  };
}

function OrderedToolbar({
  list,
  save,
  canEdit,
  addLabel,
  onAdd,
}: {
  list: { dirty: boolean; discard: () => void; items: unknown[] };
  save: () => Promise<void>;
  canEdit: boolean;
  addLabel: string;
  onAdd: () => void;
}) {
  const m = useIntakeT();
  const [busy, setBusy] = useState(false);
  if (!canEdit) return null;
  return (
    <>
      {list.dirty ? <Alert type="warning" showIcon title={m.rules.unsaved} style={{ marginBottom: 12 }} /> : null}
      <Space wrap style={{ marginBottom: 12 }}>
        <Button icon={<PlusOutlined />} onClick={onAdd}>
          {addLabel}
        </Button>
        <Button
          type="primary"
          icon={<SaveOutlined />}
          disabled={!list.dirty}
          loading={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await save();
            } finally {
              setBusy(false);
            }
          }}
        >
          {m.rules.saveAll}
        </Button>
        <Button icon={<UndoOutlined />} disabled={!list.dirty} onClick={list.discard}>
          {m.rules.discard}
        </Button>
      </Space>
    </>
  );
}

function rowActions<T>(
  canEdit: boolean,
  list: { items: T[]; move: (i: number, by: -1 | 1) => void; remove: (i: number) => void },
  name: (r: T) => string,
  edit: (i: number) => void,
  m: ReturnType<typeof useIntakeT>,
  t: { edit: string; delete: string },
) {
  if (!canEdit) return [];
  return [
    {
      title: '',
      key: 'actions',
      width: 250,
      render: (_: unknown, r: T, i: number) => (
        <Space size={4}>
          <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => list.move(i, -1)} aria-label={`${m.rules.moveUp}: ${name(r)}`} />
          <Button
            size="small"
            icon={<ArrowDownOutlined />}
            disabled={i === list.items.length - 1}
            onClick={() => list.move(i, 1)}
            aria-label={`${m.rules.moveDown}: ${name(r)}`}
          />
          <Button size="small" icon={<EditOutlined />} onClick={() => edit(i)} aria-label={`${t.edit}: ${name(r)}`}>
            {t.edit}
          </Button>
          <Button
            size="small"
            danger
            icon={<DeleteOutlined />}
            disabled={list.items.length <= 1}
            onClick={() => list.remove(i)}
            aria-label={`${t.delete}: ${name(r)}`}
          />
        </Space>
      ),
    },
  ];
}

function activeTag(active: boolean, m: ReturnType<typeof useIntakeT>) {
  return active ? <Tag color="green">{m.rules.active}</Tag> : <Tag>{m.rules.inactive}</Tag>;
}

/**
 * One tab of ordered rules (first match wins): the table with order, data columns and row actions,
 * the toolbar (add, save all, discard) and the edit form (name, categories, the tab's fields, active). The priority and routing tabs differ only
 * in their columns, fields and defaults.
 */
function OrderedRulesTab<T extends { id?: string; categories: string[]; active: boolean }>({
  canEdit,
  path,
  hint,
  testId,
  rowKey,
  name,
  columns: dataColumns,
  defaults,
  normalize,
  fields,
  bilingualName = false,
}: {
  canEdit: boolean;
  path: string;
  hint: string;
  testId: string;
  rowKey: (r: T) => string;
  name: (r: T) => string;
  columns: ColumnsType<T>;
  defaults: Partial<T>;
  normalize: (v: T) => T;
  fields: ReactNode;
  /** Also asks for an English name (`nameEn`). */
  bilingualName?: boolean;
}) {
  const m = useIntakeT();
  const { t } = useLang();
  const { message } = App.useApp();
  const vocab = useVocabulary();
  const list = useOrderedList<T>(path);
  const [editing, setEditing] = useState<number | 'new' | null>(null);

  const save = async () => {
    try {
      await api.put(path, { items: list.items.map(({ id: _id, ...r }) => r) });
      void message.success(t.common.saved);
      list.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  const columns: ColumnsType<T> = [
    { title: m.rules.order, key: 'order', width: 70, render: (_, __, i) => i + 1 },
    ...dataColumns.slice(0, 1),
    {
      title: m.rules.categories,
      key: 'categories',
      render: (_, r) => (r.categories.length ? r.categories.map((x) => vocab.label('categories', x)).join('; ') : <em>{m.rules.anyCategory}</em>),
    },
    ...dataColumns.slice(1),
    { title: t.common.status, key: 'active', width: 110, render: (_, r) => activeTag(r.active, m) },
    ...rowActions(canEdit, list, name, setEditing, m, t.common),
  ];
  const current = typeof editing === 'number' ? list.items[editing] : undefined;

  return (
    <>
      <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
      <LoadError error={list.error} onRetry={list.reload} />
      <OrderedToolbar list={list} save={save} canEdit={canEdit} addLabel={m.rules.add} onAdd={() => setEditing('new')} />
      <Table<T>
        rowKey={(r) => r.id ?? rowKey(r)}
        size="middle"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid={testId}
      />
      <FormModal<T>
        open={editing !== null}
        title={current ? m.rules.editTitle(name(current)) : m.rules.add}
        initialValues={current ?? defaults}
        okText={t.common.confirm}
        onCancel={() => setEditing(null)}
        onSubmit={async (v) => {
          list.upsert(typeof editing === 'number' ? editing : null, normalize({ ...v, id: current?.id, categories: v.categories ?? [] }));
          setEditing(null);
        }}
        width={640}
      >
        {() => (
          <>
            <Form.Item name="name" label={m.rules.name} rules={[{ required: true, whitespace: true, message: t.common.required(m.rules.name) }]}>
              <Input maxLength={200} />
            </Form.Item>
            {bilingualName ? (
              <Form.Item name="nameEn" label={m.rules.nameEn} rules={[{ required: true, whitespace: true, message: t.common.required(m.rules.nameEn) }]}>
                <Input maxLength={200} />
              </Form.Item>
            ) : null}
            <Form.Item name="categories" label={m.rules.categories} extra={m.rules.anyCategory}>
              <Select mode="multiple" allowClear options={vocab.options('categories')} optionFilterProp="label" />
            </Form.Item>
            {fields}
            <Form.Item name="active" label={m.rules.active} valuePropName="checked">
              <Switch />
            </Form.Item>
          </>
        )}
      </FormModal>
    </>
  );
}

function PriorityRules({ canEdit }: { canEdit: boolean }) {
  const m = useIntakeT();
  const { t, lang } = useLang();
  const vocab = useVocabulary();
  return (
    <OrderedRulesTab<PriorityRule>
      canEdit={canEdit}
      path="/intake/settings/priority-rules"
      bilingualName
      hint={m.rules.priorityHint}
      testId="priority-rules-table"
      rowKey={(r) => `${r.name}-${r.priority}`}
      name={(r) => (lang === 'en' ? r.nameEn : r.name)}
      columns={[
        { title: m.rules.name, key: 'name', render: (_, r) => (lang === 'en' ? r.nameEn : r.name) },
        {
          title: m.rules.ageBands,
          dataIndex: 'ageBands',
          render: (a: string[]) => (a.length ? a.map((x) => vocab.label('ageBands', x)).join(', ') : <em>{m.rules.anyAge}</em>),
        },
        { title: m.rules.imminentOnly, dataIndex: 'imminentOnly', width: 120, render: (v: boolean) => (v ? t.common.yes : t.common.no) },
        { title: m.rules.priority, dataIndex: 'priority', width: 150, render: (p: Priority) => <PriorityTag p={p} /> },
      ]}
      defaults={{ categories: [], ageBands: [], imminentOnly: false, priority: 'p3', active: true }}
      normalize={(v) => ({ ...v, ageBands: v.ageBands ?? [] })}
      fields={
        <>
          <Form.Item name="ageBands" label={m.rules.ageBands} extra={m.rules.anyAge}>
            <Select mode="multiple" allowClear options={vocab.options('ageBands')} />
          </Form.Item>
          <Form.Item name="imminentOnly" label={m.rules.imminentOnly} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="priority" label={m.rules.priority} rules={[{ required: true }]}>
            <Select options={PRIORITIES.map((p) => ({ value: p, label: vocab.label('priorities', p) }))} />
          </Form.Item>
        </>
      }
    />
  );
}

function RoutingRules({ canEdit }: { canEdit: boolean }) {
  const m = useIntakeT();
  const { t, lang } = useLang();
  const unitName = useUnitNames();
  const agencies = useAgencies();
  const byCode = useMemo(() => new Map((agencies.data ?? []).map((a) => [a.code, a])), [agencies.data]);
  const agencyName = (code: string): ReactNode => {
    const a = byCode.get(code);
    return a ? agencyLabel(a, lang) : <code>{code}</code>;
  };
  return (
    <OrderedRulesTab<RoutingRule>
      canEdit={canEdit}
      path="/intake/settings/routing-rules"
      hint={m.rules.routingHint}
      testId="routing-rules-table"
      rowKey={(r) => `${r.name}-${r.agencyCode}`}
      name={(r) => r.name}
      columns={[
        { title: m.rules.name, dataIndex: 'name' },
        { title: m.rules.ward, dataIndex: 'unitId', render: (u: string | null) => (u ? unitName(u) : <em>{m.rules.anyWard}</em>) },
        { title: m.rules.agency, dataIndex: 'agencyCode', render: (c: string) => agencyName(c) },
      ]}
      defaults={{ categories: [], unitId: null, active: true }}
      normalize={(v) => ({ ...v, unitId: v.unitId ?? null })}
      fields={
        <>
          <Form.Item name="unitId" label={m.rules.ward} extra={m.rules.anyWard}>
            <UnitSelect kinds={['ward', 'commune']} allowClear />
          </Form.Item>
          <Form.Item name="agencyCode" label={m.rules.agency} rules={[{ required: true, message: t.common.requiredSelect(m.rules.agency) }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={agencies.loading}
              options={(agencies.data ?? []).map((a) => ({ value: a.code, label: `${agencyLabel(a, lang)} (${a.code})` }))}
            />
          </Form.Item>
        </>
      }
    />
  );
}

function SlaSettings({ canEdit }: { canEdit: boolean }) {
  const vocab = useVocabulary();
  const m = useIntakeT();
  const { t } = useLang();
  const { message } = App.useApp();
  const loaded = useLoad(() => api.get<{ items: SlaSetting[] }>('/intake/settings/sla'), []);
  const [editing, setEditing] = useState<SlaSetting | null>(null);
  const [sweeping, setSweeping] = useState(false);

  const columns: ColumnsType<SlaSetting> = [
    { title: m.rules.priority, dataIndex: 'priority', render: (p: Priority) => <PriorityTag p={p} /> },
    { title: m.rules.ackMinutes, dataIndex: 'ackMinutes', render: (n: number) => `${n} (${m.rules.minutes(n)})` },
    { title: m.rules.actionMinutes, dataIndex: 'actionMinutes', render: (n: number) => `${n} (${m.rules.minutes(n)})` },
    ...(canEdit
      ? [
          {
            title: t.common.actions,
            key: 'actions',
            width: 120,
            render: (_: unknown, s: SlaSetting) => (
              <Button
                size="small"
                icon={<EditOutlined />}
                onClick={() => setEditing(s)}
                aria-label={`${t.common.edit}: ${vocab.label('priorities', s.priority)}`}
              >
                {t.common.edit}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Typography.Paragraph type="secondary">{m.rules.slaHint}</Typography.Paragraph>
      <LoadError error={loaded.error} onRetry={loaded.reload} />
      {canEdit ? (
        <Button
          icon={<SyncOutlined />}
          loading={sweeping}
          style={{ marginBottom: 12 }}
          onClick={async () => {
            setSweeping(true);
            try {
              const r = await api.post<{ reports: number }>('/intake/sla/sweep');
              void message.success(m.rules.swept(r.reports));
            } catch (e) {
              void message.error(errorMessage(e));
            } finally {
              setSweeping(false);
            }
          }}
        >
          {m.rules.sweep}
        </Button>
      ) : null}
      <Table<SlaSetting>
        rowKey="priority"
        size="middle"
        columns={columns}
        dataSource={loaded.data?.items ?? []}
        loading={loaded.loading}
        pagination={false}
        data-testid="sla-table"
      />
      <FormModal<SlaSetting>
        open={editing !== null}
        title={editing ? `${m.rules.slaTab}: ${vocab.label('priorities', editing.priority)}` : ''}
        initialValues={editing ?? {}}
        onCancel={() => setEditing(null)}
        onSubmit={async (v) => {
          if (!editing) return;
          await api.put('/intake/settings/sla', { items: [{ priority: editing.priority, ackMinutes: v.ackMinutes, actionMinutes: v.actionMinutes }] });
          setEditing(null);
          loaded.reload();
          void message.success(t.common.saved);
        }}
      >
        {(form) => (
          <>
            <Form.Item name="ackMinutes" label={m.rules.ackMinutes} rules={[{ required: true, message: t.common.required(m.rules.ackMinutes) }]}>
              <InputNumber min={1} max={525600} precision={0} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item
              name="actionMinutes"
              label={m.rules.actionMinutes}
              dependencies={['ackMinutes']}
              rules={[
                { required: true, message: t.common.required(m.rules.actionMinutes) },
                {
                  validator: async (_, v?: number) =>
                    v !== undefined && v < (form.getFieldValue('ackMinutes') ?? 0) ? Promise.reject(new Error(m.rules.actionAfterAck)) : undefined,
                },
              ]}
            >
              <InputNumber min={1} max={525600} precision={0} style={{ width: 200 }} />
            </Form.Item>
          </>
        )}
      </FormModal>
    </>
  );
}
