import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Form, Input, Select, Space, Tag, Typography } from 'antd';
import type { ColumnType } from 'antd/es/table/index.js';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../api.js';
import { useMe } from '../../auth.js';
import { LoadError, PageTitle, SchoolSelect } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { useLoad, usePagedList } from '../../hooks.js';
import { ResponsiveTable } from '../filter/responsive.js';
import { FieldMessages } from './FieldMessages.js';
import { useProgrammesT } from './i18n.js';
import { DayPicker, formatDay } from './shared.js';
import type { Checklist, ChecklistItem, Platform } from './types.js';

interface SubmitForm {
  schoolId: string;
  assessedOn: Dayjs;
  answers: Record<string, { met?: boolean; evidence?: string }>;
}
interface ReviewForm {
  decision: 'approve' | 'return';
  notAccepted?: string[];
  note?: string;
}

/** Information safety: self-assessments (submit, review) and the learning platforms allowed in class time. */
export default function Safety() {
  const m = useProgrammesT();
  const me = useMe();
  const { message } = App.useApp();
  const items = useLoad(() => api.get<ChecklistItem[]>('/programmes/checklist-items'), []);
  const list = usePagedList<Checklist, Record<string, never>>('/programmes/checklists', {});
  const [submitting, setSubmitting] = useState(false);
  const [reviewing, setReviewing] = useState<Checklist | null>(null);
  const label = (code: string) => items.data?.find((i) => i.code === code)?.label ?? code;

  const columns: ColumnType<Checklist>[] = [
    { title: m.safety.assessedOn, dataIndex: 'assessedOn', render: (v: string) => formatDay(v) },
    { title: m.common.school, dataIndex: 'schoolName' },
    { title: m.safety.selfScore, dataIndex: 'selfScore' },
    { title: m.safety.score, dataIndex: 'score', render: (v: number | null) => v ?? m.common.none },
    {
      title: m.safety.status,
      dataIndex: 'status',
      render: (s: Checklist['status']) => <Tag color={s === 'approved' ? 'green' : s === 'returned' ? 'orange' : 'blue'}>{m.safety.statuses[s]}</Tag>,
    },
    { title: m.safety.note, dataIndex: 'reviewNote', render: (v: string | null) => <span style={{ overflowWrap: 'anywhere' }}>{v ?? m.common.none}</span> },
    {
      title: '',
      key: 'act',
      render: (_: unknown, c) =>
        c.status === 'submitted' && me.abilities['programmes.checklists.review'] ? (
          <Button size="small" onClick={() => setReviewing(c)}>
            {m.safety.review}
          </Button>
        ) : null,
    },
  ];

  return (
    <div data-testid="programme-safety-page">
      <PageTitle
        extra={
          <Space wrap>
            {me.abilities['programmes.checklists.submit'] ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setSubmitting(true)}>
                {m.safety.submit}
              </Button>
            ) : null}
            <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={m.common.reload} />
          </Space>
        }
      >
        {m.safety.title}
      </PageTitle>
      <Typography.Title level={4}>{m.safety.checklists}</Typography.Title>
      <LoadError error={list.error ?? items.error} onRetry={list.reload} />
      <ResponsiveTable
        rowKey={(c) => c.id}
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={list.pagination}
        emptyText={m.safety.empty}
      />
      {me.abilities['programmes.platforms.read'] ? <Platforms /> : null}
      <FieldMessages>
        <FormModal<SubmitForm>
          open={submitting}
          title={m.safety.submit}
          width={720}
          initialValues={{ schoolId: me.schoolId ?? undefined }}
          onCancel={() => setSubmitting(false)}
          onSubmit={async (v) => {
            const answers = Object.fromEntries(
              (items.data ?? []).map((i) => [i.code, { met: v.answers?.[i.code]?.met === true, evidence: v.answers?.[i.code]?.evidence || null }]),
            );
            await api.post('/programmes/checklists', { schoolId: v.schoolId, assessedOn: v.assessedOn.format('YYYY-MM-DD'), answers });
            void message.success(m.common.saved);
            setSubmitting(false);
            list.reload();
          }}
        >
          {() => (
            <>
              <Form.Item name="schoolId" label={m.common.school} rules={[{ required: true }]}>
                <SchoolSelect />
              </Form.Item>
              <Form.Item name="assessedOn" label={m.safety.assessedOn} rules={[{ required: true }]}>
                <DayPicker />
              </Form.Item>
              {(items.data ?? []).map((i) => (
                <Card key={i.code} size="small" style={{ marginBottom: 8 }}>
                  <Form.Item name={['answers', i.code, 'met']} valuePropName="checked" style={{ marginBottom: 4 }}>
                    <Checkbox>{i.label}</Checkbox>
                  </Form.Item>
                  <Form.Item name={['answers', i.code, 'evidence']} style={{ marginBottom: 0 }}>
                    <Input placeholder={m.safety.evidence} maxLength={500} aria-label={`${m.safety.evidence}: ${i.label}`} />
                  </Form.Item>
                </Card>
              ))}
            </>
          )}
        </FormModal>
        <FormModal<ReviewForm>
          open={reviewing !== null}
          title={`${m.safety.review}: ${reviewing?.schoolName ?? ''}`}
          initialValues={{ decision: 'approve' }}
          onCancel={() => setReviewing(null)}
          onSubmit={async (v) => {
            await api.post(`/programmes/checklists/${encodeURIComponent((reviewing as Checklist).id)}/review`, { ...v, note: v.note || null });
            void message.success(m.common.saved);
            setReviewing(null);
            list.reload();
          }}
        >
          {() => (
            <>
              {Object.entries(reviewing?.answers ?? {}).map(([code, a]) => (
                <Typography.Paragraph key={code} style={{ marginBottom: 4, overflowWrap: 'anywhere' }}>
                  <Tag color={a.met ? 'green' : 'default'}>{a.met ? m.safety.met : m.common.none}</Tag> {label(code)}
                  {a.evidence ? ` — ${a.evidence}` : ''}
                </Typography.Paragraph>
              ))}
              <Form.Item name="decision" label={m.safety.review} rules={[{ required: true }]}>
                <Select
                  options={[
                    { value: 'approve', label: m.safety.approve },
                    { value: 'return', label: m.safety.return },
                  ]}
                />
              </Form.Item>
              <Form.Item name="notAccepted" label={m.safety.notAccepted}>
                <Select
                  mode="multiple"
                  options={Object.entries(reviewing?.answers ?? {})
                    .filter(([, a]) => a.met)
                    .map(([code]) => ({ value: code, label: label(code) }))}
                />
              </Form.Item>
              <Form.Item name="note" label={m.safety.note}>
                <Input.TextArea maxLength={1000} autoSize={{ minRows: 2 }} />
              </Form.Item>
            </>
          )}
        </FormModal>
      </FieldMessages>
    </div>
  );
}

/** A school's approved learning platforms (the school admin edits; the ward and city read). */
function Platforms() {
  const m = useProgrammesT();
  const me = useMe();
  const { message } = App.useApp();
  const [schoolId, setSchoolId] = useState<string | null>(me.schoolId);
  const [rows, setRows] = useState<{ key: number; name: string; domain: string }[]>([]);
  const nextKey = useRef(0);
  const loaded = useLoad(
    () => (schoolId ? api.get<Platform[]>(`/programmes/schools/${encodeURIComponent(schoolId)}/learning-platforms`) : Promise.resolve([])),
    [schoolId],
  );
  useEffect(() => setRows((loaded.data ?? []).map((p) => ({ key: nextKey.current++, name: p.name, domain: p.domain }))), [loaded.data]);
  const canEdit = me.abilities['programmes.platforms.update'];

  const save = async () => {
    try {
      await api.put(`/programmes/schools/${encodeURIComponent(schoolId as string)}/learning-platforms`, {
        platforms: rows.filter((r) => r.name || r.domain).map(({ name, domain }) => ({ name, domain })),
      });
      void message.success(m.common.saved);
      loaded.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  return (
    <Card title={<span style={{ whiteSpace: 'normal' }}>{m.safety.platforms}</span>} style={{ marginTop: 24 }} data-testid="learning-platforms">
      <Typography.Paragraph type="secondary">{m.safety.platformsHelp}</Typography.Paragraph>
      {me.schoolId ? null : (
        <div style={{ maxWidth: 420, marginBottom: 12 }}>
          <SchoolSelect value={schoolId} onChange={(v: string | null) => setSchoolId(v)} style={{ width: '100%' }} aria-label={m.safety.chooseSchool} />
        </div>
      )}
      <LoadError error={loaded.error} onRetry={loaded.reload} />
      {schoolId
        ? rows.map((r, i) => (
            <Space key={r.key} wrap style={{ marginBottom: 8 }}>
              <Input
                value={r.name}
                placeholder={m.safety.platformName}
                aria-label={m.safety.platformName}
                disabled={!canEdit}
                maxLength={120}
                onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))}
              />
              <Input
                value={r.domain}
                placeholder={m.safety.domain}
                aria-label={m.safety.domain}
                disabled={!canEdit}
                maxLength={253}
                onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, domain: e.target.value } : x)))}
              />
            </Space>
          ))
        : null}
      {schoolId && canEdit ? (
        <Space wrap>
          <Button icon={<PlusOutlined />} onClick={() => setRows([...rows, { key: nextKey.current++, name: '', domain: '' }])}>
            {m.common.add}
          </Button>
          <Button type="primary" onClick={() => void save()}>
            {m.safety.savePlatforms}
          </Button>
        </Space>
      ) : null}
    </Card>
  );
}
