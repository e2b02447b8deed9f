import { Form, Input, InputNumber, Select, Space } from 'antd';
import type { ColumnType } from 'antd/es/table/index.js';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { useMe } from '../../auth.js';
import { SchoolSelect } from '../../components.js';
import { GradeSelect } from './GradeSelect.js';
import { useProgrammesT } from './i18n.js';
import { RecordList } from './RecordList.js';
import { SessionPhotos } from './SessionPhotos.js';
import { DayPicker, formatDay, useNumber, useTopics } from './shared.js';
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

/** Awareness sessions of the schools the caller may see; recording one; a link to the Excel import. */
export default function Sessions() {
  const m = useProgrammesT();
  const me = useMe();
  const topics = useTopics();
  const num = useNumber();
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
    { title: m.sessions.attendance, dataIndex: 'attendance', render: (v: number) => num(v) },
    {
      title: m.sessions.materials,
      dataIndex: 'materials',
      render: (v: string | null) => <span style={{ overflowWrap: 'anywhere' }}>{v ?? m.common.none}</span>,
    },
  ];

  return (
    <RecordList<Session, SessionForm, { schoolId?: string }>
      path="/programmes/sessions"
      testId="programme-sessions-page"
      tableTestId="sessions-table"
      addTestId="session-add"
      title={m.sessions.title}
      addLabel={m.sessions.add}
      emptyText={m.sessions.empty}
      confirmDelete={m.sessions.confirmDelete}
      canWrite={canWrite}
      columns={columns}
      initialFilters={{}}
      extra={me.abilities['programmes.sessions.import'] ? <Link to="/programmes/import">{m.sessions.bulk}</Link> : null}
      filters={(list) => (
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
      )}
      rowActions={(s) => <SessionPhotos sessionId={s.id} canWrite={canWrite} />}
      form={{
        initialValues: { audience: 'students', schoolId: me.schoolId ?? undefined },
        toBody: (v) => ({
          schoolId: v.schoolId,
          heldOn: v.heldOn.format('YYYY-MM-DD'),
          topicId: v.topicId,
          audience: v.audience,
          grades: v.audience === 'students' ? (v.grades ?? []) : [],
          attendance: v.attendance,
          materials: v.materials || null,
        }),
        fields: (form) => (
          <>
            <Form.Item name="schoolId" label={m.common.school} rules={[{ required: true }]}>
              <SchoolSelect />
            </Form.Item>
            <Form.Item name="heldOn" label={m.common.date} rules={[{ required: true }]}>
              <DayPicker />
            </Form.Item>
            <Form.Item name="topicId" label={m.common.topic} rules={[{ required: true }]}>
              <Select options={(topics.data ?? []).filter((x) => x.active).map((x) => ({ value: x.id, label: x.name }))} loading={topics.loading} />
            </Form.Item>
            <Form.Item name="audience" label={m.sessions.audience} rules={[{ required: true }]}>
              <Select options={(Object.keys(m.sessions.audiences) as Audience[]).map((a) => ({ value: a, label: m.sessions.audiences[a] }))} />
            </Form.Item>
            <Form.Item noStyle shouldUpdate={(a, b) => a.audience !== b.audience || a.schoolId !== b.schoolId}>
              {() =>
                form.getFieldValue('audience') === 'students' ? (
                  <Form.Item name="grades" label={m.sessions.grades} help={m.sessions.gradesHelp} rules={[{ required: true }]}>
                    <GradeSelect schoolId={form.getFieldValue('schoolId')} />
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
        ),
      }}
    />
  );
}
