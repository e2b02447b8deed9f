import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, InputNumber, Select, Space } from 'antd';
import type { ColumnType } from 'antd/es/table/index.js';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { LoadError, PageTitle, SchoolSelect } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { usePagedList } from '../../hooks.js';
import { ResponsiveTable } from '../filter/responsive.js';
import { useProgrammesT } from './i18n.js';
import { SessionPhotos } from './SessionPhotos.js';
import { DeleteRecord, formatDay, useTopics } from './shared.js';
import type { Session } from './types.js';

type Audience = Session['audience'];
interface SessionForm {
  schoolId: string;
  heldOn: Dayjs;
  topicId: string;
  audience: Audience;
  grades?: number[];
  attendance: number;
  materials?: string;
}

const GRADES = Array.from({ length: 13 }, (_, g) => g);

/** Awareness sessions of the schools the caller may see; recording one; a link to the Excel import. */
export default function Sessions() {
  const m = useProgrammesT();
  const me = useMe();
  const { message } = App.useApp();
  const topics = useTopics();
  const list = usePagedList<Session, { schoolId?: string }>('/programmes/sessions', {});
  const [adding, setAdding] = useState(false);
  const canWrite = me.abilities['programmes.sessions.create'];

  const columns: ColumnType<Session>[] = [
    { title: m.common.date, dataIndex: 'heldOn', render: (v: string) => formatDay(v) },
    { title: m.common.school, dataIndex: 'schoolName' },
    { title: m.common.topic, dataIndex: 'topicName' },
    {
      title: m.sessions.audience,
      key: 'audience',
      render: (_: unknown, s) => `${m.sessions.audiences[s.audience]}${s.grades.length ? ` (${m.sessions.grades.toLowerCase()} ${s.grades.join(', ')})` : ''}`,
    },
    { title: m.sessions.attendance, dataIndex: 'attendance' },
    {
      title: m.sessions.materials,
      dataIndex: 'materials',
      render: (v: string | null) => <span style={{ overflowWrap: 'anywhere' }}>{v ?? m.common.none}</span>,
    },
    {
      title: '',
      key: 'act',
      render: (_: unknown, s) => (
        <Space>
          <SessionPhotos sessionId={s.id} canWrite={canWrite} />
          {canWrite ? <DeleteRecord path={`/programmes/sessions/${encodeURIComponent(s.id)}`} onDone={list.reload} /> : null}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="programme-sessions-page">
      <PageTitle
        extra={
          <Space wrap>
            {canWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="session-add">
                {m.sessions.add}
              </Button>
            ) : null}
            {me.abilities['programmes.sessions.import'] ? <Link to="/programmes/import">{m.sessions.bulk}</Link> : null}
            <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={m.common.reload} />
          </Space>
        }
      >
        {m.sessions.title}
      </PageTitle>
      <Space wrap style={{ marginBottom: 16, maxWidth: '100%' }}>
        <div style={{ minWidth: 240, maxWidth: '100%' }}>
          <SchoolSelect
            allowClear
            value={list.filters.schoolId}
            onChange={(v: string | null) => list.setFilters({ schoolId: v ?? undefined })}
            style={{ width: '100%' }}
          />
        </div>
      </Space>
      <LoadError error={list.error} onRetry={list.reload} />
      <ResponsiveTable
        rowKey={(s) => s.id}
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={list.pagination}
        emptyText={m.sessions.empty}
        data-testid="sessions-table"
      />
      <FormModal<SessionForm>
        open={adding}
        title={m.sessions.add}
        initialValues={{ audience: 'students', schoolId: me.schoolId ?? undefined }}
        onCancel={() => setAdding(false)}
        onSubmit={async (v) => {
          await api.post('/programmes/sessions', {
            schoolId: v.schoolId,
            heldOn: v.heldOn.format('YYYY-MM-DD'),
            topicId: v.topicId,
            audience: v.audience,
            grades: v.audience === 'students' ? (v.grades ?? []) : [],
            attendance: v.attendance,
            materials: v.materials || null,
          });
          void message.success(m.common.saved);
          setAdding(false);
          list.reload();
        }}
      >
        {(form) => (
          <>
            <Form.Item name="schoolId" label={m.common.school} rules={[{ required: true }]}>
              <SchoolSelect />
            </Form.Item>
            <Form.Item name="heldOn" label={m.common.date} rules={[{ required: true }]}>
              <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="topicId" label={m.common.topic} rules={[{ required: true }]}>
              <Select options={(topics.data ?? []).filter((x) => x.active).map((x) => ({ value: x.id, label: x.name }))} loading={topics.loading} />
            </Form.Item>
            <Form.Item name="audience" label={m.sessions.audience} rules={[{ required: true }]}>
              <Select options={(Object.keys(m.sessions.audiences) as Audience[]).map((a) => ({ value: a, label: m.sessions.audiences[a] }))} />
            </Form.Item>
            <Form.Item noStyle shouldUpdate={(a, b) => a.audience !== b.audience}>
              {() =>
                form.getFieldValue('audience') === 'students' ? (
                  <Form.Item name="grades" label={m.sessions.grades} help={m.sessions.gradesHelp} rules={[{ required: true }]}>
                    <Select mode="multiple" options={GRADES.map((g) => ({ value: g, label: String(g) }))} />
                  </Form.Item>
                ) : null
              }
            </Form.Item>
            <Form.Item name="attendance" label={m.sessions.attendance} rules={[{ required: true }]}>
              <InputNumber min={1} max={5000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="materials" label={m.sessions.materials}>
              <Input.TextArea maxLength={1000} autoSize={{ minRows: 2 }} />
            </Form.Item>
          </>
        )}
      </FormModal>
    </div>
  );
}
