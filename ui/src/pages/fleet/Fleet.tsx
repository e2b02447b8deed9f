import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import type { ColumnType } from 'antd/es/table/index.js';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { formatDateTime, LoadError, PageTitle } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { useLoad } from '../../hooks.js';
import { useLang } from '../../locale.js';
import type { Page, School } from '../../types.js';
import { ResponsiveTable } from '../filter/responsive.js';
import { useFleetT } from './i18n.js';
import type { Enrolment, FleetList, FleetNode } from './types.js';

const REFRESH_MS = 15_000;
const EXPIRY_CHOICES = [24, 72, 168, 720];

/**
 * "Trạm lọc" (issue 16): the city's filter nodes — schools served, address, last seen, software
 * and policy version with the lag, health — with enrolment (a one-time token shown once, with
 * the command to run) and revocation with a reason. Cards on a phone (ResponsiveTable).
 */
export default function Fleet() {
  const ft = useFleetT();
  const { t, lang } = useLang();
  const me = useMe();
  const { message } = App.useApp();
  const canManage = me.abilities['filter.fleet.enrol'];
  const list = useLoad(() => api.get<FleetList>('/fleet/nodes'), []);
  const [now, setNow] = useState(() => Date.now());
  const [enrolling, setEnrolling] = useState(false);
  const [created, setCreated] = useState<Enrolment | null>(null);
  const [revoking, setRevoking] = useState<FleetNode | null>(null);
  const reload = useRef(list.reload);
  reload.current = list.reload;

  // a node beats every 30 s (± 20 %): refreshing twice as often shows a change within one beat
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
      reload.current();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const nodes = list.data?.items ?? [];
  const needing = nodes.filter((n) => n.alerts.length > 0).length;
  const num = (v: number, digits: number) => v.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits });
  const ago = (at: string | null) => (at ? ft.ago(Math.max(0, Math.round((now - Date.parse(at)) / 1000))) : ft.never);

  const columns: ColumnType<FleetNode>[] = [
    {
      title: ft.col.name,
      key: 'name',
      render: (_: unknown, n) => (
        <Space direction="vertical" size={2}>
          <strong style={{ wordBreak: 'break-word' }}>{n.name}</strong>
          <span>
            {n.revokedAt ? (
              <Tag>{ft.state.revoked}</Tag>
            ) : n.alerts.length ? (
              n.alerts.map((a) => (
                <Tag key={a} color={a === 'silent' ? 'red' : 'orange'} data-testid={`node-alert-${a}`}>
                  {ft.state[a]}
                </Tag>
              ))
            ) : (
              <Tag color="green">{ft.state.ok}</Tag>
            )}
          </span>
          {n.revokeReason ? <Typography.Text type="secondary">{ft.revokedBecause(n.revokeReason)}</Typography.Text> : null}
        </Space>
      ),
    },
    {
      title: ft.col.schools,
      key: 'schools',
      render: (_: unknown, n) => (
        <ul style={{ margin: 0, paddingInlineStart: 16 }}>
          {n.schools.map((s) => (
            <li key={s.id} style={{ wordBreak: 'break-word' }}>
              {s.name} ({s.code})
            </li>
          ))}
        </ul>
      ),
    },
    { title: ft.col.address, dataIndex: 'address', render: (a: string | null) => (a ? <code style={{ whiteSpace: 'nowrap' }}>{a}</code> : t.common.none) },
    {
      title: ft.col.lastSeen,
      key: 'lastSeen',
      render: (_: unknown, n) => <span title={formatDateTime(n.lastSeenAt)}>{ago(n.lastSeenAt)}</span>,
    },
    { title: ft.col.software, dataIndex: 'softwareVersion', render: (v: string | null) => v ?? t.common.none },
    {
      title: ft.col.policy,
      key: 'policy',
      render: (_: unknown, n) =>
        n.policyVersion === null ? (
          t.common.none
        ) : (
          <Space direction="vertical" size={0}>
            <span>{ft.version(n.policyVersion)}</span>
            {n.lag !== null ? <Typography.Text type={n.lag > 0 ? 'warning' : 'secondary'}>{ft.lag(n.lag)}</Typography.Text> : null}
            {n.behindSince ? <Typography.Text type="secondary">{ft.behindSince(formatDateTime(n.behindSince))}</Typography.Text> : null}
          </Space>
        ),
    },
    {
      title: ft.col.health,
      key: 'health',
      render: (_: unknown, n) =>
        n.health ? (
          <Space direction="vertical" size={0}>
            <span>{ft.upstreams(n.health.upstreams.filter((u) => u.up).length, n.health.upstreams.length)}</span>
            <span>{ft.qps(num(n.health.qps, 1))}</span>
            <span>{ft.cache(num(n.health.cacheHitRatio * 100, 0))}</span>
          </Space>
        ) : (
          ft.noHealth
        ),
    },
    ...(canManage
      ? [
          {
            title: t.common.actions,
            key: 'actions',
            render: (_: unknown, n: FleetNode) =>
              n.revokedAt ? null : (
                <Button size="small" danger icon={<StopOutlined />} onClick={() => setRevoking(n)} aria-label={`${ft.revoke}: ${n.name}`}>
                  {ft.revoke}
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
          canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEnrolling(true)} data-testid="fleet-enrol">
              {ft.enrol}
            </Button>
          ) : undefined
        }
      >
        {ft.title}
      </PageTitle>
      <Typography.Paragraph type="secondary">{ft.hint}</Typography.Paragraph>
      <LoadError error={list.error} onRetry={list.reload} />
      {list.data ? (
        <Alert
          type={needing ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="fleet-summary"
          title={nodes.length ? (needing ? ft.needsLook(needing) : ft.allWell) : ft.empty}
          description={`${ft.centreVersion(list.data.centreVersion)} · ${ft.autoRefresh}`}
        />
      ) : null}
      <ResponsiveTable<FleetNode>
        rowKey={(n) => n.id}
        size="middle"
        columns={columns}
        dataSource={nodes}
        loading={list.loading && !list.data}
        emptyText={ft.empty}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (n) => t.common.total(n) }}
        data-testid="fleet-nodes"
      />
      <FormModal<{ name: string; schoolIds: string[]; expiresInHours: number }>
        open={enrolling}
        title={ft.enrolTitle}
        okText={ft.create}
        initialValues={{ expiresInHours: 72, schoolIds: [] }}
        onCancel={() => setEnrolling(false)}
        onSubmit={async (v) => {
          const e = await api.post<Enrolment>('/fleet/enrolments', { name: v.name.trim(), schoolIds: v.schoolIds, expiresInHours: v.expiresInHours });
          setEnrolling(false);
          setCreated(e);
        }}
        testId="fleet-enrol-form"
      >
        {() => (
          <>
            <Typography.Paragraph type="secondary">{ft.enrolHint}</Typography.Paragraph>
            <Form.Item
              name="name"
              label={ft.nodeName}
              extra={ft.nodeNameHint}
              rules={[{ required: true, whitespace: true, message: t.common.required(ft.nodeName) }]}
            >
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item
              name="schoolIds"
              label={ft.schoolsPick}
              rules={[{ required: true, type: 'array', min: 1, message: t.common.requiredSelect(ft.schoolsPick) }]}
            >
              <SchoolsPicker placeholder={ft.schoolsSearch} />
            </Form.Item>
            <Form.Item name="expiresInHours" label={ft.expires}>
              <Select options={EXPIRY_CHOICES.map((h) => ({ value: h, label: ft.hours(h) }))} style={{ maxWidth: 200 }} />
            </Form.Item>
          </>
        )}
      </FormModal>
      <Modal
        open={created !== null}
        title={ft.createdTitle}
        onCancel={() => setCreated(null)}
        footer={
          <Button type="primary" onClick={() => setCreated(null)}>
            {ft.done}
          </Button>
        }
      >
        {created ? (
          <div data-testid="fleet-enrolment-created">
            <Alert type="warning" showIcon title={ft.createdOnce} style={{ marginBottom: 12 }} />
            <Typography.Paragraph strong>{ft.command}</Typography.Paragraph>
            <Typography.Paragraph code copyable={{ text: created.command }} style={{ wordBreak: 'break-all' }} data-testid="fleet-command">
              {created.command}
            </Typography.Paragraph>
            <Typography.Text type="secondary">{ft.expiresAt(formatDateTime(created.expiresAt))}</Typography.Text>
          </div>
        ) : null}
      </Modal>
      <FormModal<{ reason: string }>
        open={revoking !== null}
        title={revoking ? ft.revokeTitle(revoking.name) : ''}
        okText={ft.revoke}
        onCancel={() => setRevoking(null)}
        onSubmit={async (v) => {
          if (!revoking) return;
          await api.post(`/fleet/nodes/${encodeURIComponent(revoking.id)}/revoke`, { reason: v.reason.trim() });
          setRevoking(null);
          void message.success(ft.revoked);
          list.reload();
        }}
        testId="fleet-revoke-form"
      >
        {() => (
          <>
            <Alert type="warning" showIcon title={ft.revokeHint} style={{ marginBottom: 12 }} />
            <Form.Item name="reason" label={ft.reason} rules={[{ required: true, whitespace: true, message: ft.reasonRequired }]}>
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          </>
        )}
      </FormModal>
    </>
  );
}

/** Several schools, found by search (GET /schools?q=); the chosen ones keep their labels. */
function SchoolsPicker(props: { value?: string[]; onChange?: (v: string[]) => void; placeholder: string }) {
  const [options, setOptions] = useState<Array<{ value: string; label: string }>>([]);
  const [chosen, setChosen] = useState<Map<string, string>>(new Map());
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const search = (q: string) => {
    const n = ++seq.current;
    api
      .get<Page<School>>('/schools', { q, limit: 30 })
      .then((r) => {
        // the code first: a phone cuts the end of a long option, and the code is what tells schools apart
        if (n === seq.current) setOptions(r.items.map((s) => ({ value: s.id, label: `${s.code} · ${s.name}` })));
      })
      .catch(() => undefined);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the first page once
  useEffect(() => search(''), []);
  const value = props.value ?? [];
  const all = [...value.filter((id) => !options.some((o) => o.value === id)).map((id) => ({ value: id, label: chosen.get(id) ?? id })), ...options];
  return (
    <Select
      mode="multiple"
      value={value}
      placeholder={props.placeholder}
      options={all}
      showSearch={{
        filterOption: false,
        onSearch: (q) => {
          clearTimeout(timer.current);
          timer.current = setTimeout(() => search(q), 250);
        },
      }}
      onChange={(ids: string[]) => {
        const next = new Map(chosen);
        for (const o of options) if (ids.includes(o.value)) next.set(o.value, o.label);
        setChosen(next);
        props.onChange?.(ids);
      }}
      data-testid="fleet-schools"
    />
  );
}
