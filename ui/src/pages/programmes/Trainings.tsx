import { Form, Input, InputNumber, Select } from 'antd';
import type { ColumnType } from 'antd/es/table/index.js';
import type { Dayjs } from 'dayjs';
import { useMe } from '../../auth.js';
import { SchoolSelect } from '../../components.js';
import { useProgrammesT } from './i18n.js';
import { RecordList } from './RecordList.js';
import { DayPicker, formatDay, useNumber } from './shared.js';
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
  const num = useNumber();

  const columns: ColumnType<Training>[] = [
    { title: m.common.date, dataIndex: 'heldOn', render: (v: string) => formatDay(v) },
    { title: m.common.school, dataIndex: 'schoolName' },
    { title: m.trainings.trainee, dataIndex: 'traineeName' },
    { title: m.trainings.role, dataIndex: 'traineeRole', render: (r: Role) => m.trainings.roles[r] },
    { title: m.trainings.course, dataIndex: 'course', render: (v: string) => <span style={{ overflowWrap: 'anywhere' }}>{v}</span> },
    { title: m.trainings.hours, dataIndex: 'hours', render: (v: number) => num(v) },
    { title: m.trainings.certificate, dataIndex: 'certificateNo', render: (v: string | null) => v ?? m.common.none },
  ];

  return (
    <RecordList<Training, TrainingForm>
      path="/programmes/trainings"
      testId="programme-trainings-page"
      title={m.trainings.title}
      addLabel={m.trainings.add}
      emptyText={m.trainings.empty}
      canWrite={me.abilities['programmes.trainings.create']}
      columns={columns}
      form={{
        initialValues: { traineeRole: 'teacher', schoolId: me.schoolId ?? undefined },
        toBody: (v) => ({ ...v, heldOn: v.heldOn.format('YYYY-MM-DD'), certificateNo: v.certificateNo || null }),
        fields: () => (
          <>
            <Form.Item name="schoolId" label={m.common.school} rules={[{ required: true }]}>
              <SchoolSelect />
            </Form.Item>
            <Form.Item name="heldOn" label={m.common.date} rules={[{ required: true }]}>
              <DayPicker />
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
        ),
      }}
    />
  );
}
