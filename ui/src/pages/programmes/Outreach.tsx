import { Form, Input, InputNumber, Select } from 'antd';
import type { ColumnType } from 'antd/es/table/index.js';
import type { Dayjs } from 'dayjs';
import { useMe } from '../../auth.js';
import { UnitSelect } from '../../components.js';
import { useProgrammesT } from './i18n.js';
import { RecordList } from './RecordList.js';
import { DayPicker, formatDay, useNumber, useTopics } from './shared.js';
import type { Outreach as OutreachRow } from './types.js';

type Kind = OutreachRow['groupKind'];
interface OutreachForm {
  unitId: string;
  groupKind: Kind;
  groupName: string;
  heldOn: Dayjs;
  topicId: string;
  participants: number;
  households?: number;
  note?: string;
}

/** "Tổ dân phố" + "số 7", but a name already written "Tổ dân phố số 7" is not prefixed twice. */
function groupLabel(kind: string, name: string): string {
  return name.toLocaleLowerCase('vi').startsWith(kind.toLocaleLowerCase('vi')) ? name : `${kind} ${name}`;
}

/** Community outreach per residential group (tổ dân phố / thôn / xóm), counted, never named. */
export default function Outreach() {
  const m = useProgrammesT();
  const me = useMe();
  const topics = useTopics();
  const num = useNumber();

  const columns: ColumnType<OutreachRow>[] = [
    { title: m.common.date, dataIndex: 'heldOn', render: (v: string) => formatDay(v) },
    { title: m.common.ward, dataIndex: 'unitName' },
    { title: m.outreach.group, key: 'group', render: (_: unknown, r) => groupLabel(m.outreach.kinds[r.groupKind], r.groupName) },
    { title: m.common.topic, dataIndex: 'topicName' },
    { title: m.outreach.participants, dataIndex: 'participants', render: (v: number) => num(v) },
    { title: m.outreach.households, dataIndex: 'households', render: (v: number | null) => (v === null ? m.common.none : num(v)) },
  ];

  return (
    <RecordList<OutreachRow, OutreachForm>
      path="/programmes/outreach"
      testId="programme-outreach-page"
      title={m.outreach.title}
      addLabel={m.outreach.add}
      emptyText={m.outreach.empty}
      canWrite={me.abilities['programmes.outreach.create']}
      columns={columns}
      form={{
        initialValues: { groupKind: 'to_dan_pho', unitId: me.unitId ?? undefined },
        toBody: (v) => ({ ...v, heldOn: v.heldOn.format('YYYY-MM-DD'), households: v.households ?? null, note: v.note || null }),
        fields: () => (
          <>
            <Form.Item name="unitId" label={m.common.ward} rules={[{ required: true }]}>
              <UnitSelect kinds={['ward', 'commune']} />
            </Form.Item>
            <Form.Item name="groupKind" label={m.outreach.kind} rules={[{ required: true }]}>
              <Select options={(Object.keys(m.outreach.kinds) as Kind[]).map((k) => ({ value: k, label: m.outreach.kinds[k] }))} />
            </Form.Item>
            <Form.Item name="groupName" label={m.outreach.groupName} rules={[{ required: true, max: 120 }]}>
              <Input placeholder={m.outreach.groupNameHint} />
            </Form.Item>
            <Form.Item name="heldOn" label={m.common.date} rules={[{ required: true }]}>
              <DayPicker />
            </Form.Item>
            <Form.Item name="topicId" label={m.common.topic} rules={[{ required: true }]}>
              <Select options={(topics.data ?? []).filter((x) => x.active).map((x) => ({ value: x.id, label: x.name }))} loading={topics.loading} />
            </Form.Item>
            <Form.Item name="participants" label={m.outreach.participants} rules={[{ required: true }]}>
              <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="households" label={m.outreach.households}>
              <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="note" label={m.outreach.note}>
              <Input.TextArea maxLength={1000} autoSize={{ minRows: 2 }} />
            </Form.Item>
          </>
        ),
      }}
    />
  );
}
