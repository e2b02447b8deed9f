import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, InputNumber, Select, Space } from 'antd';
import type { ColumnType } from 'antd/es/table/index.js';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { LoadError, PageTitle, SchoolSelect } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { usePagedList } from '../../hooks.js';
import { ResponsiveTable } from '../filter/responsive.js';
import { useProgrammesT } from './i18n.js';
import { DeleteRecord, formatDay } from './shared.js';
import type { Training } from './types.js';

type Role = Training['traineeRole'];
interface TrainingForm {
  schoolId: string;
  heldOn: Dayjs;
  traineeName: string;
  traineeRole: Role;
  course: string;
  hours: number;
  certificateNo?: string;
}

/** Staff trainings: who was trained, in what, for how long, with which certificate. */
export default function Trainings() {
  const m = useProgrammesT();
  const me = useMe();
  const { message } = App.useApp();
  const list = usePagedList<Training, { schoolId?: string }>('/programmes/trainings', {});
  const [adding, setAdding] = useState(false);
  const canWrite = me.abilities['programmes.trainings.create'];

  const columns: ColumnType<Training>[] = [
    { title: m.common.date, dataIndex: 'heldOn', render: (v: string) => formatDay(v) },
    { title: m.common.school, dataIndex: 'schoolName' },
    { title: m.trainings.trainee, dataIndex: 'traineeName' },
    { title: m.trainings.role, dataIndex: 'traineeRole', render: (r: Role) => m.trainings.roles[r] },
    { title: m.trainings.course, dataIndex: 'course', render: (v: string) => <span style={{ overflowWrap: 'anywhere' }}>{v}</span> },
    { title: m.trainings.hours, dataIndex: 'hours' },
    { title: m.trainings.certificate, dataIndex: 'certificateNo', render: (v: string | null) => v ?? m.common.none },
    {
      title: '',
      key: 'act',
      render: (_: unknown, r) => (canWrite ? <DeleteRecord path={`/programmes/trainings/${encodeURIComponent(r.id)}`} onDone={list.reload} /> : null),
    },
  ];

  return (
    <div data-testid="programme-trainings-page">
      <PageTitle
        extra={
          <Space wrap>
            {canWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                {m.trainings.add}
              </Button>
            ) : null}
            <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={m.common.reload} />
          </Space>
        }
      >
        {m.trainings.title}
      </PageTitle>
      <LoadError error={list.error} onRetry={list.reload} />
      <ResponsiveTable
        rowKey={(r) => r.id}
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={list.pagination}
        emptyText={m.trainings.empty}
      />
      <FormModal<TrainingForm>
        open={adding}
        title={m.trainings.add}
        initialValues={{ traineeRole: 'teacher', schoolId: me.schoolId ?? undefined }}
        onCancel={() => setAdding(false)}
        onSubmit={async (v) => {
          await api.post('/programmes/trainings', { ...v, heldOn: v.heldOn.format('YYYY-MM-DD'), certificateNo: v.certificateNo || null });
          void message.success(m.common.saved);
          setAdding(false);
          list.reload();
        }}
      >
        {() => (
          <>
            <Form.Item name="schoolId" label={m.common.school} rules={[{ required: true }]}>
              <SchoolSelect />
            </Form.Item>
            <Form.Item name="heldOn" label={m.common.date} rules={[{ required: true }]}>
              <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="traineeName" label={m.trainings.trainee} rules={[{ required: true, max: 120 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="traineeRole" label={m.trainings.role} rules={[{ required: true }]}>
              <Select options={(Object.keys(m.trainings.roles) as Role[]).map((r) => ({ value: r, label: m.trainings.roles[r] }))} />
            </Form.Item>
            <Form.Item name="course" label={m.trainings.course} rules={[{ required: true, max: 200 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="hours" label={m.trainings.hours} rules={[{ required: true }]}>
              <InputNumber min={0.5} max={500} step={0.5} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="certificateNo" label={m.trainings.certificate}>
              <Input maxLength={60} />
            </Form.Item>
          </>
        )}
      </FormModal>
    </div>
  );
}
