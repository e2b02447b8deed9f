import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Select, Switch, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useMemo, useState } from 'react';
import { api } from '../../api.js';
import { agencyLabel, LoadError, PageTitle, UnitSelect, useUnitNames } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { useLoad } from '../../hooks.js';
import { AGENCY_LEVELS } from '../../i18n.js';
import { useLang } from '../../locale.js';
import { invalidate, loadResponsibilities } from '../../lookups.js';
import type { Agency, AgencyLevel } from '../../types.js';

type AgencyForm = Omit<Agency, 'id'>;

export default function Agencies() {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const list = useLoad(() => api.get<{ items: Agency[]; total: number }>('/agencies'), []);
  const resp = useLoad(() => loadResponsibilities(lang), [lang]);
  const unitName = useUnitNames();
  const [editing, setEditing] = useState<Agency | 'new' | null>(null);
  const [q, setQ] = useState('');

  const respLabel = useMemo(() => new Map((resp.data ?? []).map((r) => [r.code, r.label])), [resp.data]);
  const rows = useMemo(() => {
    const needle = q.trim().toLocaleLowerCase(lang);
    const items = list.data?.items ?? [];
    if (!needle) return items;
    return items.filter((a) => [a.code, a.name, a.nameEn, a.email ?? ''].some((s) => s.toLocaleLowerCase(lang).includes(needle)));
  }, [list.data, q, lang]);

  const save = async (v: AgencyForm) => {
    const body = { ...v, email: v.email?.trim() || null, phone: v.phone?.trim() || null, responsibilities: v.responsibilities ?? [] };
    if (editing === 'new') await api.post<Agency>('/agencies', body);
    else if (editing) await api.patch<Agency>(`/agencies/${encodeURIComponent(editing.id)}`, body);
    invalidate('agencies');
    setEditing(null);
    list.reload();
    void message.success(t.common.saved);
  };

  const columns: ColumnsType<Agency> = [
    { title: t.agencies.code, dataIndex: 'code', width: 120 },
    {
      title: t.agencies.name,
      key: 'name',
      render: (_, a) => (
        <>
          {agencyLabel(a, lang)}
          {a.active ? null : <Tag style={{ marginInlineStart: 8 }}>{t.agencies.inactive}</Tag>}
        </>
      ),
    },
    { title: t.agencies.level, dataIndex: 'level', width: 150, render: (l: AgencyLevel) => t.agencyLevels[l] },
    { title: t.agencies.unit, dataIndex: 'unitId', render: (id: string) => unitName(id) },
    {
      title: t.agencies.responsibilities,
      dataIndex: 'responsibilities',
      render: (rs: string[]) => rs.map((r) => <Tag key={r}>{respLabel.get(r) ?? r}</Tag>),
    },
    {
      title: t.agencies.email,
      key: 'contact',
      render: (_, a) => (
        <>
          {a.email ? <div>{a.email}</div> : null}
          {a.phone ? <div>{a.phone}</div> : null}
        </>
      ),
    },
    {
      title: t.common.actions,
      key: 'actions',
      width: 100,
      render: (_, a) => (
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(a)} aria-label={`${t.common.edit}: ${a.name}`}>
          {t.common.edit}
        </Button>
      ),
    },
  ];

  const initial: Partial<AgencyForm> = editing && editing !== 'new' ? { ...editing } : { level: 'ward', active: true, responsibilities: [] };

  return (
    <>
      <PageTitle
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t.agencies.create}
          </Button>
        }
      >
        {t.agencies.title}
      </PageTitle>
      <search className="filters" aria-label={t.common.filters}>
        <Input.Search
          aria-label={t.common.search}
          placeholder={t.common.searchPlaceholder}
          allowClear
          style={{ maxWidth: 360 }}
          onChange={(e) => setQ(e.target.value)}
        />
      </search>
      <LoadError error={list.error} onRetry={list.reload} />
      <Table<Agency>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={list.loading}
        pagination={{ pageSize: 20, showTotal: (n) => t.common.total(n), hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
      />
      <FormModal<AgencyForm>
        open={editing !== null}
        title={editing === 'new' ? t.agencies.create : editing ? t.agencies.editTitle(editing.name) : ''}
        initialValues={initial}
        onCancel={() => setEditing(null)}
        onSubmit={save}
        width={640}
      >
        {(form) => (
          <>
            <Form.Item name="code" label={t.agencies.code} rules={[{ required: true, whitespace: true, message: t.common.required(t.agencies.code) }]}>
              <Input maxLength={64} />
            </Form.Item>
            <Form.Item name="name" label={t.agencies.name} rules={[{ required: true, whitespace: true, message: t.common.required(t.agencies.name) }]}>
              <Input maxLength={300} />
            </Form.Item>
            <Form.Item name="nameEn" label={t.agencies.nameEn} rules={[{ required: true, whitespace: true, message: t.common.required(t.agencies.nameEn) }]}>
              <Input maxLength={300} />
            </Form.Item>
            <Form.Item name="level" label={t.agencies.level} rules={[{ required: true, message: t.common.requiredSelect(t.agencies.level) }]}>
              <Select
                options={AGENCY_LEVELS.map((l) => ({ value: l, label: t.agencyLevels[l] }))}
                // A city-level agency sits in the city, a ward-level one in a ward/commune: the old choice no longer fits.
                onChange={() => form.setFieldValue('unitId', undefined)}
              />
            </Form.Item>
            <Form.Item noStyle dependencies={['level']}>
              {({ getFieldValue }) => (
                <Form.Item name="unitId" label={t.agencies.unit} rules={[{ required: true, message: t.common.requiredSelect(t.agencies.unit) }]}>
                  <UnitSelect kinds={getFieldValue('level') === 'city' ? ['city'] : ['ward', 'commune']} />
                </Form.Item>
              )}
            </Form.Item>
            <Form.Item name="responsibilities" label={t.agencies.responsibilities}>
              <Select
                mode="multiple"
                loading={resp.loading}
                options={(resp.data ?? []).map((r) => ({ value: r.code, label: r.label }))}
                showSearch={{ optionFilterProp: 'label' }}
              />
            </Form.Item>
            <Form.Item name="email" label={t.agencies.email} rules={[{ type: 'email', message: t.common.invalidEmail }]}>
              <Input type="email" maxLength={254} />
            </Form.Item>
            <Form.Item name="phone" label={t.agencies.phone}>
              <Input type="tel" maxLength={40} />
            </Form.Item>
            <Form.Item name="active" label={t.agencies.active} valuePropName="checked">
              <Switch />
            </Form.Item>
          </>
        )}
      </FormModal>
    </>
  );
}
