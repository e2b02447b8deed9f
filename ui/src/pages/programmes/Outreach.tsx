import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, InputNumber, Select, Space } from 'antd';
import type { ColumnType } from 'antd/es/table/index.js';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { LoadError, PageTitle, UnitSelect } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { usePagedList } from '../../hooks.js';
import { ResponsiveTable } from '../filter/responsive.js';
import { useProgrammesT } from './i18n.js';
import { DeleteRecord, formatDay, useTopics } from './shared.js';
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

/** Community outreach per residential group (tổ dân phố / thôn / xóm), counted, never named. */
export default function Outreach() {
  const m = useProgrammesT();
  const me = useMe();
  const { message } = App.useApp();
  const topics = useTopics();
  const list = usePagedList<OutreachRow, Record<string, never>>('/programmes/outreach', {});
  const [adding, setAdding] = useState(false);
  const canWrite = me.abilities['programmes.outreach.create'];

  const columns: ColumnType<OutreachRow>[] = [
    { title: m.common.date, dataIndex: 'heldOn', render: (v: string) => formatDay(v) },
    { title: m.common.ward, dataIndex: 'unitName' },
    { title: m.outreach.group, key: 'group', render: (_: unknown, r) => `${m.outreach.kinds[r.groupKind]} ${r.groupName}` },
    { title: m.common.topic, dataIndex: 'topicName' },
    { title: m.outreach.participants, dataIndex: 'participants' },
    { title: m.outreach.households, dataIndex: 'households', render: (v: number | null) => v ?? m.common.none },
    {
      title: '',
      key: 'act',
      render: (_: unknown, r) => (canWrite ? <DeleteRecord path={`/programmes/outreach/${encodeURIComponent(r.id)}`} onDone={list.reload} /> : null),
    },
  ];

  return (
    <div data-testid="programme-outreach-page">
      <PageTitle
        extra={
          <Space wrap>
            {canWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                {m.outreach.add}
              </Button>
            ) : null}
            <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={m.common.reload} />
          </Space>
        }
      >
        {m.outreach.title}
      </PageTitle>
      <LoadError error={list.error} onRetry={list.reload} />
      <ResponsiveTable
        rowKey={(r) => r.id}
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={list.pagination}
        emptyText={m.outreach.empty}
      />
      <FormModal<OutreachForm>
        open={adding}
        title={m.outreach.add}
        initialValues={{ groupKind: 'to_dan_pho', unitId: me.unitId ?? undefined }}
        onCancel={() => setAdding(false)}
        onSubmit={async (v) => {
          await api.post('/programmes/outreach', { ...v, heldOn: v.heldOn.format('YYYY-MM-DD'), households: v.households ?? null, note: v.note || null });
          void message.success(m.common.saved);
          setAdding(false);
          list.reload();
        }}
      >
        {() => (
          <>
            <Form.Item name="unitId" label={m.common.ward} rules={[{ required: true }]}>
              <UnitSelect kinds={['ward', 'commune']} />
            </Form.Item>
            <Form.Item name="groupKind" label={m.outreach.kind} rules={[{ required: true }]}>
              <Select options={(Object.keys(m.outreach.kinds) as Kind[]).map((k) => ({ value: k, label: m.outreach.kinds[k] }))} />
            </Form.Item>
            <Form.Item name="groupName" label={m.outreach.groupName} rules={[{ required: true, max: 120 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="heldOn" label={m.common.date} rules={[{ required: true }]}>
              <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
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
        )}
      </FormModal>
    </div>
  );
}
