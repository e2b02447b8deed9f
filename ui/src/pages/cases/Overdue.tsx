import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Space, Tag } from 'antd';
import type { ColumnType } from 'antd/es/table/index.js';
import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { formatDateTime, LoadError, PageTitle } from '../../components.js';
import { useLoad } from '../../hooks.js';
import { ResponsiveTable } from '../filter/responsive.js';
import { useCasesT } from './i18n.js';
import type { OverdueBoard } from './types.js';

type CaseRow = OverdueBoard['cases'][number];
type TaskRow = OverdueBoard['tasks'][number];
type RefRow = OverdueBoard['referrals'][number];

const caseLink = (id: string, code: string) => (
  <Link to={`/cases/${encodeURIComponent(id)}`}>
    <code>{code}</code>
  </Link>
);

/** The overdue board: cases with an SLA step past its limit, tasks past due, referrals not answered in time. */
export default function Overdue() {
  const m = useCasesT();
  const board = useLoad(() => api.get<OverdueBoard>('/cases/overdue'), []);
  const cases: ColumnType<CaseRow>[] = [
    { title: m.list.code, dataIndex: 'caseCode', render: (code: string, r) => caseLink(r.caseId, code) },
    { title: m.list.holder, dataIndex: 'holder' },
    {
      title: m.list.overdueSteps,
      key: 'steps',
      render: (_: unknown, r) => (
        <Space wrap size={4}>
          {r.steps.map((s) => (
            <Tag key={s.step} color="red">
              {s.label} · {formatDateTime(s.dueAt)}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];
  const tasks: ColumnType<TaskRow>[] = [
    { title: m.task.what, dataIndex: 'title', render: (v: string) => <span style={{ overflowWrap: 'anywhere' }}>{v}</span> },
    { title: m.task.case, dataIndex: 'caseCode', render: (code: string, r) => caseLink(r.caseId, code) },
    { title: m.overdue.since, dataIndex: 'dueAt', render: (v: string) => formatDateTime(v) },
    { title: m.task.assignee, dataIndex: 'assigneeName', render: (n: string | null) => n ?? m.task.wholeUnit },
  ];
  const refs: ColumnType<RefRow>[] = [
    { title: m.list.code, dataIndex: 'caseCode', render: (code: string) => <code>{code}</code> },
    { title: m.ref.purpose, dataIndex: 'purposeLabel' },
    { title: m.ref.to, key: 'to', render: (_: unknown, r) => r.to.name },
    { title: m.overdue.since, dataIndex: 'answerDueAt', render: (v: string) => formatDateTime(v) },
  ];
  const d = board.data;
  return (
    <div data-testid="overdue-board">
      <PageTitle extra={<Button icon={<ReloadOutlined />} onClick={board.reload} aria-label={m.page.reload} />}>{m.overdue.title}</PageTitle>
      <LoadError error={board.error} onRetry={board.reload} />
      <Card title={m.overdue.cases} size="small" style={{ marginBottom: 16 }}>
        <ResponsiveTable
          rowKey={(r) => r.caseId}
          columns={cases}
          dataSource={d?.cases ?? []}
          loading={board.loading}
          pagination={false}
          emptyText={m.overdue.none}
        />
      </Card>
      <Card title={m.overdue.tasks} size="small" style={{ marginBottom: 16 }}>
        <ResponsiveTable
          rowKey={(r) => r.id}
          columns={tasks}
          dataSource={d?.tasks ?? []}
          loading={board.loading}
          pagination={false}
          emptyText={m.overdue.none}
        />
      </Card>
      <Card title={m.overdue.referrals} size="small">
        <ResponsiveTable
          rowKey={(r) => r.id}
          columns={refs}
          dataSource={d?.referrals ?? []}
          loading={board.loading}
          pagination={false}
          emptyText={m.overdue.none}
        />
      </Card>
    </div>
  );
}
