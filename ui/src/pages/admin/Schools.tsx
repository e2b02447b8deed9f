import { DeleteOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Popconfirm, Select, Space, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useState } from 'react';
import { api } from '../../api.js';
import { LoadError, PageTitle, SearchBox, UnitSelect, useUnitNames } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { usePagedList } from '../../hooks.js';
import { SCHOOL_LEVELS } from '../../i18n.js';
import { useLang } from '../../locale.js';
import { invalidate } from '../../lookups.js';
import type { School, SchoolLevel } from '../../types.js';
import SchoolImport from './SchoolImport.js';

type SchoolForm = { code: string; name: string; level: SchoolLevel; unitId: string; address?: string };

export default function Schools() {
  const { t } = useLang();
  const { message } = App.useApp();
  const list = usePagedList<School, { unitId?: string; level?: SchoolLevel; q?: string }>('/schools', {});
  const unitName = useUnitNames();
  const [editing, setEditing] = useState<School | 'new' | null>(null);
  const [importing, setImporting] = useState(false);

  const save = async (v: SchoolForm) => {
    const body = { ...v, address: v.address?.trim() || null };
    if (editing === 'new') await api.post<School>('/schools', body);
    else if (editing) {
      await api.patch<School>(`/schools/${encodeURIComponent(editing.id)}`, body);
      invalidate(`school:${editing.id}`);
    }
    setEditing(null);
    list.reload();
    void message.success(t.common.saved);
  };

  const remove = async (s: School) => {
    try {
      await api.del(`/schools/${encodeURIComponent(s.id)}`);
      invalidate(`school:${s.id}`);
      void message.success(t.common.deleted);
      list.reload();
    } catch (e) {
      void message.error((e as Error).message);
    }
  };

  const columns: ColumnsType<School> = [
    { title: t.schools.code, dataIndex: 'code', width: 130 },
    {
      title: t.schools.name,
      dataIndex: 'name',
      render: (name: string, s) => (
        <>
          {name}
          {s.isDemo ? (
            <Tooltip title={t.schools.demoHint}>
              <Tag color="orange" style={{ marginInlineStart: 8 }}>
                {t.schools.demo}
              </Tag>
            </Tooltip>
          ) : null}
        </>
      ),
    },
    { title: t.schools.level, dataIndex: 'level', width: 170, render: (l: SchoolLevel) => t.levels[l] ?? l },
    { title: t.schools.unit, dataIndex: 'unitId', render: (id: string) => unitName(id) },
    { title: t.schools.address, dataIndex: 'address', render: (a: string | null) => a ?? t.common.none },
    {
      title: t.common.actions,
      key: 'actions',
      width: 190,
      render: (_, s) => (
        <Space size="small">
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(s)} aria-label={`${t.common.edit}: ${s.name}`}>
            {t.common.edit}
          </Button>
          <Popconfirm
            title={t.schools.deleteConfirm(s.name)}
            okText={t.common.delete}
            okButtonProps={{ danger: true }}
            cancelText={t.common.cancel}
            onConfirm={() => remove(s)}
          >
            <Button size="small" danger icon={<DeleteOutlined />} aria-label={`${t.common.delete}: ${s.name}`}>
              {t.common.delete}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageTitle
        extra={
          <>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="schools-import">
              {t.importSchools.button}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t.schools.create}
            </Button>
          </>
        }
      >
        {t.schools.title}
      </PageTitle>
      <search className="filters" aria-label={t.common.filters}>
        <UnitSelect
          aria-label={t.schools.unit}
          placeholder={`${t.schools.unit}: ${t.common.all}`}
          allowClear
          kinds={['ward', 'commune']}
          style={{ width: 260 }}
          value={list.filters.unitId ?? null}
          onChange={(unitId) => list.setFilters({ unitId: unitId ?? undefined })}
        />
        <Select<SchoolLevel>
          aria-label={t.schools.level}
          placeholder={`${t.schools.level}: ${t.common.all}`}
          allowClear
          style={{ width: 220 }}
          value={list.filters.level}
          onChange={(level) => list.setFilters({ level })}
          options={SCHOOL_LEVELS.map((l) => ({ value: l, label: t.levels[l] }))}
        />
        <SearchBox onSearch={(q) => list.setFilters({ q })} />
      </search>
      <LoadError error={list.error} onRetry={list.reload} />
      <Table<School>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        data-testid="schools-table"
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
      />
      <FormModal<SchoolForm>
        open={editing !== null}
        title={editing === 'new' ? t.schools.create : editing ? t.schools.editTitle(editing.name) : ''}
        initialValues={editing && editing !== 'new' ? { ...editing, address: editing.address ?? undefined } : {}}
        onCancel={() => setEditing(null)}
        onSubmit={save}
      >
        {() => (
          <>
            <Form.Item name="code" label={t.schools.code} rules={[{ required: true, whitespace: true, message: t.common.required(t.schools.code) }]}>
              <Input maxLength={64} />
            </Form.Item>
            <Form.Item name="name" label={t.schools.name} rules={[{ required: true, whitespace: true, message: t.common.required(t.schools.name) }]}>
              <Input maxLength={300} />
            </Form.Item>
            <Form.Item name="level" label={t.schools.level} rules={[{ required: true, message: t.common.requiredSelect(t.schools.level) }]}>
              <Select options={SCHOOL_LEVELS.map((l) => ({ value: l, label: t.levels[l] }))} />
            </Form.Item>
            <Form.Item name="unitId" label={t.schools.unit} rules={[{ required: true, message: t.common.requiredSelect(t.schools.unit) }]}>
              <UnitSelect kinds={['ward', 'commune']} />
            </Form.Item>
            <Form.Item name="address" label={t.schools.address}>
              <Input maxLength={500} />
            </Form.Item>
          </>
        )}
      </FormModal>
      <SchoolImport
        open={importing}
        onClose={(changed) => {
          setImporting(false);
          if (changed) {
            invalidate('school:');
            list.reload();
          }
        }}
      />
    </>
  );
}
