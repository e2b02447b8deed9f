import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Space, Switch, Tag } from 'antd';
import type { ColumnType } from 'antd/es/table/index.js';
import { Link } from 'react-router-dom';
import { api, errorMessage } from '../../api.js';
import { formatDateTime, LoadError, PageTitle } from '../../components.js';
import { usePagedList } from '../../hooks.js';
import { ResponsiveTable } from '../filter/responsive.js';
import { useCasesT } from './i18n.js';
import type { Task } from './types.js';

/** Tasks across the cases I work on (or only mine, or only overdue ones), soonest due first. */
export default function Tasks() {
  const m = useCasesT();
  const { message } = App.useApp();
  const list = usePagedList<Task, { mine?: boolean; overdue?: boolean; status?: string }>('/cases/tasks', { status: 'open' });
  const close = async (task: Task) => {
    try {
      await api.patch(`/cases/tasks/${encodeURIComponent(task.id)}`, { version: task.caseVersion, status: 'done' });
      list.reload();
    } catch (e) {
      void message.error(errorMessage(e));
      list.reload();
    }
  };
  const columns: ColumnType<Task>[] = [
    { title: m.task.what, dataIndex: 'title', render: (v: string) => <span style={{ overflowWrap: 'anywhere' }}>{v}</span> },
    {
      title: m.task.case,
      dataIndex: 'caseCode',
      render: (code: string, r) => (
        <Link to={`/cases/${encodeURIComponent(r.caseId)}`}>
          <code>{code}</code>
        </Link>
      ),
    },
    { title: m.task.due, dataIndex: 'dueAt', render: (v: string, r) => (r.overdue ? <Tag color="red">{formatDateTime(v)}</Tag> : formatDateTime(v)) },
    { title: m.task.assignee, dataIndex: 'assigneeName', render: (n: string | null) => n ?? m.task.wholeUnit },
    { title: m.task.status, dataIndex: 'statusLabel' },
    {
      title: '',
      key: 'act',
      render: (_: unknown, r) =>
        r.status === 'open' ? (
          <Button size="small" onClick={() => void close(r)}>
            {m.task.done}
          </Button>
        ) : null,
    },
  ];
  return (
    <div data-testid="tasks-page">
      <PageTitle extra={<Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={m.page.reload} />}>{m.task.title}</PageTitle>
      <Space wrap style={{ marginBottom: 16 }}>
        <span>
          <Switch checked={list.filters.mine === true} onChange={(v) => list.setFilters({ mine: v || undefined })} aria-label={m.task.mine} /> {m.task.mine}
        </span>
        <span>
          <Switch checked={list.filters.overdue === true} onChange={(v) => list.setFilters({ overdue: v || undefined })} aria-label={m.task.overdueOnly} />{' '}
          {m.task.overdueOnly}
        </span>
      </Space>
      <LoadError error={list.error} onRetry={list.reload} />
      <ResponsiveTable
        rowKey={(r) => r.id}
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={list.pagination}
        emptyText={m.task.empty}
      />
    </div>
  );
}
