import { DeleteOutlined, EditOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, AutoComplete, Button, Card, Checkbox, Form, Input, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType, ColumnType } from 'antd/es/table/index.js';
import { useState } from 'react';
import { api } from '../../api.js';
import { formatDateTime, LoadError, PageTitle } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { useLoad } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { useFilterT } from './i18n.js';
import { useSafetyT } from './i18n-safety.js';
import { ResponsiveTable } from './responsive.js';
import type { GuardDecision, GuardEntry } from './safety-types.js';
import { useCanEditCity, useCategories } from './shared.js';

type EntryForm = { domain: string; group?: string; reasonVi: string; reasonEn?: string; tenantSubdomains?: boolean };
type DecisionForm = { domain: string; category: string; reason: string };

/**
 * The guard list (GET/POST/PATCH/DELETE /filter/guard): names no third-party list may block
 * wholesale, each with its reason. Below, the city's named decisions to block a guarded name
 * anyway (GET/POST /filter/guard/decisions, POST …/:id/revoke). City roles; city leaders read.
 */
export default function Guard() {
  const s = useSafetyT();
  const f = useFilterT();
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const canEdit = useCanEditCity();
  const cats = useCategories();
  const entries = useLoad(() => api.get<GuardEntry[]>('/filter/guard'), []);
  const [showRevoked, setShowRevoked] = useState(false);
  const decisions = useLoad(() => api.get<GuardDecision[]>('/filter/guard/decisions', showRevoked ? { all: 1 } : {}), [showRevoked]);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<GuardEntry | 'new' | null>(null);
  const [removing, setRemoving] = useState<GuardEntry | null>(null);
  const [deciding, setDeciding] = useState(false);
  const [revoking, setRevoking] = useState<GuardDecision | null>(null);
  const reasonOf = (e: GuardEntry) => (lang === 'en' ? e.reasonEn || e.reasonVi : e.reasonVi);

  // a few hundred names: filtering on each render costs less than remembering it
  const needle = q.trim().toLowerCase();
  const shown = (entries.data ?? []).filter(
    (e) => !needle || e.domain.includes(needle) || e.group.toLowerCase().includes(needle) || reasonOf(e).toLowerCase().includes(needle),
  );

  const columns: ColumnType<GuardEntry>[] = [
    { title: s.guard.domain, dataIndex: 'domain', render: (d: string) => <code>{d}</code> },
    {
      title: s.guard.group,
      dataIndex: 'group',
      render: (g: string, e) => (
        <>
          <Tag>{g}</Tag>
          {e.tenantSubdomains ? (
            <Tooltip title={s.guard.tenantsHint}>
              <Tag color="purple" style={{ marginTop: 4 }}>
                {s.guard.tenantsTag}
              </Tag>
            </Tooltip>
          ) : null}
        </>
      ),
    },
    { title: s.guard.reason, key: 'reason', render: (_, e) => <div style={{ minWidth: 200, maxWidth: 360 }}>{reasonOf(e)}</div> },
    { title: s.guard.origin, dataIndex: 'origin', render: (o: string) => <Tag color={o === 'city' ? 'blue' : 'default'}>{s.guard.origins[o] ?? o}</Tag> },
    { title: s.guard.updated, dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v) },
    ...(canEdit
      ? [
          {
            title: t.common.actions,
            key: 'actions',
            render: (_: unknown, e: GuardEntry) => (
              <span style={{ display: 'inline-flex', gap: 6 }}>
                <Tooltip title={t.common.edit}>
                  <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(e)} aria-label={`${t.common.edit}: ${e.domain}`} />
                </Tooltip>
                <Tooltip title={s.guard.remove}>
                  <Button size="small" danger icon={<DeleteOutlined />} onClick={() => setRemoving(e)} aria-label={`${s.guard.remove}: ${e.domain}`} />
                </Tooltip>
              </span>
            ),
          },
        ]
      : []),
  ];

  const decisionColumns: ColumnsType<GuardDecision> = [
    { title: s.guard.domain, dataIndex: 'domain', render: (d: string) => <code>{d}</code> },
    { title: f.common.category, dataIndex: 'category', render: (c: string) => cats.name(c) },
    { title: s.guard.overrides, dataIndex: 'guard', render: (g: string) => <code>{g}</code> },
    { title: s.guard.reason, dataIndex: 'reason', render: (r: string) => <span style={{ display: 'inline-block', minWidth: 180, maxWidth: 420 }}>{r}</span> },
    { title: s.guard.decidedBy, dataIndex: 'decidedBy', render: (v: string | null) => v ?? t.common.none },
    { title: s.guard.decidedAt, dataIndex: 'decidedAt', render: (v: string) => formatDateTime(v) },
    {
      title: t.common.status,
      key: 'state',
      render: (_, d) =>
        d.revokedAt ? (
          <>
            <Tag>{s.guard.revoked}</Tag> <span className="muted">{formatDateTime(d.revokedAt)}</span>
            {d.revokedReason ? <div className="muted">{d.revokedReason}</div> : null}
          </>
        ) : (
          <Tag color="red">{s.guard.active}</Tag>
        ),
    },
    ...(canEdit
      ? [
          {
            title: t.common.actions,
            key: 'actions',
            render: (_: unknown, d: GuardDecision) =>
              d.revokedAt ? null : (
                <Button size="small" icon={<UndoOutlined />} onClick={() => setRevoking(d)} aria-label={`${s.guard.revoke}: ${d.domain}`}>
                  {s.guard.revoke}
                </Button>
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
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="guard-add">
              {s.guard.add}
            </Button>
          ) : undefined
        }
      >
        {s.guard.title}
      </PageTitle>
      <Typography.Paragraph type="secondary">{s.guard.hint}</Typography.Paragraph>
      {canEdit ? null : <Alert type="info" showIcon title={f.common.readOnly} style={{ marginBottom: 16 }} />}
      <search className="filters" aria-label={t.common.filters}>
        <Input.Search
          aria-label={s.guard.search}
          placeholder={s.guard.search}
          allowClear
          style={{ maxWidth: 360 }}
          onChange={(e) => setQ(e.target.value)}
          onSearch={setQ}
          data-testid="guard-search"
        />
      </search>
      <LoadError error={entries.error} onRetry={entries.reload} />
      <ResponsiveTable<GuardEntry>
        rowKey={(e) => e.domain}
        size="small"
        columns={columns}
        dataSource={shown}
        loading={entries.loading}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (n) => t.common.total(n), showSizeChanger: false }}
        data-testid="guard-table"
      />

      <Card
        size="small"
        title={s.guard.decisionsTitle}
        style={{ marginTop: 24 }}
        extra={
          canEdit ? (
            <Button size="small" danger icon={<StopOutlined />} onClick={() => setDeciding(true)} data-testid="guard-decide">
              {s.guard.decide}
            </Button>
          ) : null
        }
      >
        <Typography.Paragraph type="secondary">{s.guard.decisionsHint}</Typography.Paragraph>
        <Checkbox checked={showRevoked} onChange={(e) => setShowRevoked(e.target.checked)} style={{ marginBottom: 12 }}>
          {s.guard.showRevoked}
        </Checkbox>
        <LoadError error={decisions.error} onRetry={decisions.reload} />
        <Table<GuardDecision>
          rowKey="id"
          size="small"
          columns={decisionColumns}
          dataSource={decisions.data ?? []}
          loading={decisions.loading}
          locale={{ emptyText: s.guard.noDecisions }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: true }}
          data-testid="guard-decisions-table"
        />
      </Card>

      <FormModal<EntryForm>
        open={editing !== null}
        title={editing === 'new' ? s.guard.add : editing ? s.guard.editTitle(editing.domain) : ''}
        initialValues={editing && editing !== 'new' ? editing : {}}
        onCancel={() => setEditing(null)}
        testId="guard-modal"
        onSubmit={async (v) => {
          const group = v.group?.trim() || undefined;
          const reasonEn = v.reasonEn?.trim() ?? '';
          if (editing === 'new') {
            const domain = v.domain.trim();
            await api.post('/filter/guard', {
              domain,
              ...(group ? { group } : {}),
              reasonVi: v.reasonVi.trim(),
              ...(reasonEn ? { reasonEn } : {}),
              tenantSubdomains: !!v.tenantSubdomains,
            });
            void message.success(s.guard.added(domain));
          } else if (editing) {
            await api.patch(`/filter/guard/${encodeURIComponent(editing.domain)}`, {
              ...(group ? { group } : {}),
              reasonVi: v.reasonVi.trim(),
              reasonEn,
              tenantSubdomains: !!v.tenantSubdomains,
            });
            void message.success(t.common.saved);
          }
          setEditing(null);
          entries.reload();
        }}
      >
        {() => (
          <>
            {/* The domain is checked by the server only: its answer (not a host name, already guarded…) is the one to show. */}
            <Form.Item name="domain" label={s.guard.domain} rules={[{ required: true, whitespace: true, message: t.common.required(s.guard.domain) }]}>
              <Input maxLength={260} spellCheck={false} autoComplete="off" disabled={editing !== 'new'} placeholder="vidu.vn" />
            </Form.Item>
            <Form.Item name="group" label={s.guard.group} extra={s.guard.groupHint}>
              <Input maxLength={40} spellCheck={false} autoComplete="off" style={{ maxWidth: 240 }} />
            </Form.Item>
            <Form.Item name="reasonVi" label={s.guard.reasonVi} rules={[{ required: true, whitespace: true, message: s.common.reasonRequired }]}>
              <Input.TextArea rows={2} maxLength={300} />
            </Form.Item>
            <Form.Item name="reasonEn" label={s.guard.reasonEn}>
              <Input.TextArea rows={2} maxLength={300} />
            </Form.Item>
            <Form.Item name="tenantSubdomains" valuePropName="checked" extra={s.guard.tenantsHint}>
              <Checkbox>{s.guard.tenants}</Checkbox>
            </Form.Item>
          </>
        )}
      </FormModal>

      <FormModal<{ reason: string }>
        open={removing !== null}
        title={removing ? s.guard.removeTitle(removing.domain) : ''}
        okText={s.guard.remove}
        onCancel={() => setRemoving(null)}
        testId="guard-remove-modal"
        onSubmit={async (v) => {
          if (!removing) return;
          await api.del(`/filter/guard/${encodeURIComponent(removing.domain)}`, { reason: v.reason.trim() });
          setRemoving(null);
          void message.success(s.guard.removed);
          entries.reload();
        }}
      >
        {() => (
          <>
            <Alert type="warning" showIcon title={s.guard.removeHint} style={{ marginBottom: 12 }} />
            <Form.Item name="reason" label={s.guard.removeReason} rules={[{ required: true, whitespace: true, message: s.common.reasonRequired }]}>
              <Input.TextArea rows={3} maxLength={500} showCount />
            </Form.Item>
          </>
        )}
      </FormModal>

      <FormModal<DecisionForm>
        open={deciding}
        title={s.guard.decideTitle}
        okText={s.guard.decide}
        onCancel={() => setDeciding(false)}
        testId="guard-decide-modal"
        onSubmit={async (v) => {
          await api.post('/filter/guard/decisions', { domain: v.domain.trim(), category: v.category, reason: v.reason.trim() });
          setDeciding(false);
          void message.success(s.guard.decided);
          decisions.reload();
        }}
      >
        {() => (
          <>
            <Form.Item
              name="domain"
              label={s.guard.decideDomain}
              rules={[{ required: true, whitespace: true, message: t.common.required(s.guard.decideDomain) }]}
            >
              <AutoComplete
                options={(entries.data ?? []).map((e) => ({ value: e.domain }))}
                showSearch={{ filterOption: (input, o) => String(o?.value ?? '').includes(input.trim().toLowerCase()) }}
              >
                <Input maxLength={260} spellCheck={false} autoComplete="off" />
              </AutoComplete>
            </Form.Item>
            <Form.Item name="category" label={s.guard.decideCategory} rules={[{ required: true, message: t.common.requiredSelect(s.guard.decideCategory) }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={cats.items.filter((c) => c.kind === 'block').map((c) => ({ value: c.code, label: cats.name(c.code) }))}
              />
            </Form.Item>
            <Form.Item name="reason" label={s.guard.decideReason} rules={[{ required: true, whitespace: true, message: s.common.reasonRequired }]}>
              <Input.TextArea rows={3} maxLength={500} showCount />
            </Form.Item>
          </>
        )}
      </FormModal>

      <FormModal<{ reason: string }>
        open={revoking !== null}
        title={revoking ? s.guard.revokeTitle(revoking.domain) : ''}
        okText={s.guard.revoke}
        onCancel={() => setRevoking(null)}
        onSubmit={async (v) => {
          if (!revoking) return;
          await api.post(`/filter/guard/decisions/${encodeURIComponent(revoking.id)}/revoke`, { reason: v.reason.trim() });
          setRevoking(null);
          void message.success(s.guard.revokedDone);
          decisions.reload();
        }}
      >
        {() => (
          <Form.Item name="reason" label={s.guard.revokeReason} rules={[{ required: true, whitespace: true, message: s.common.reasonRequired }]}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        )}
      </FormModal>
    </>
  );
}
