import { CopyOutlined, ExclamationCircleOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { Link, useNavigate } from 'react-router-dom';
import { formatDateTime, LoadError, PageTitle, SearchBox, UnitSelect, useUnitNames } from '../../components.js';
import { usePagedList } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { useIntakeT } from './i18n.js';
import { PriorityTag, ReportStatusTag, SlaCell, useNow, useVocabulary } from './shared.js';
import { PRIORITIES, type Priority, type ReportStatus, type ReportSummary, STATUSES } from './types.js';

/** One status, or the server's groups: open (the default), closed, all. */
type StatusFilter = ReportStatus | 'open' | 'closed' | 'all';
type Filters = { status?: StatusFilter; priority?: Priority; category?: string; unitId?: string; overdue?: boolean; spam?: boolean; q?: string };

/**
 * The intake officers' queue: GET /intake/reports (open reports unless the status filter says
 * otherwise, most urgent first, server paging), or, as the overdue list, GET /intake/reports/overdue.
 * A row opens the report.
 */
export default function Queue({ overdueList = false }: { overdueList?: boolean }) {
  const { t } = useLang();
  const m = useIntakeT();
  const navigate = useNavigate();
  const list = usePagedList<ReportSummary, Filters>(overdueList ? '/intake/reports/overdue' : '/intake/reports', {});
  const unitName = useUnitNames();
  const vocab = useVocabulary();
  const now = useNow();

  // What decides the next step comes first — code, priority, status, deadlines, flags — so it is on
  // screen at 1280 px; the rest follows. At 390 px the table scrolls inside its own box.
  const columns: ColumnsType<ReportSummary> = [
    {
      title: m.queue.trackingCode,
      dataIndex: 'trackingCode',
      width: 130,
      fixed: 'start',
      render: (code: string, r) => (
        <Link to={`/reports/${encodeURIComponent(r.id)}`} aria-label={`${m.queue.open}: ${code}`} onClick={(e) => e.stopPropagation()}>
          <code>{code}</code>
        </Link>
      ),
    },
    { title: m.queue.priority, dataIndex: 'priority', width: 130, render: (p: Priority) => <PriorityTag p={p} /> },
    { title: m.queue.status, dataIndex: 'status', width: 130, render: (s: ReportStatus) => <ReportStatusTag s={s} /> },
    { title: m.queue.sla, key: 'sla', width: 210, render: (_, r) => <SlaCell r={r} now={now} /> },
    {
      title: m.queue.flags,
      key: 'flags',
      width: 150,
      render: (_, r) => (
        <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
          {r.imminentDanger ? (
            <Tooltip title={m.queue.imminentHint}>
              <Tag color="red" icon={<ExclamationCircleOutlined />} style={{ marginInlineEnd: 0 }}>
                {m.queue.imminent}
              </Tag>
            </Tooltip>
          ) : null}
          {r.linkedCount > 0 ? (
            <Tooltip title={m.queue.duplicatesHint}>
              <Tag color="purple" icon={<CopyOutlined />} data-testid="duplicates-badge" style={{ marginInlineEnd: 0 }}>
                {m.queue.duplicates(r.linkedCount)}
              </Tag>
            </Tooltip>
          ) : null}
          {r.spamScore > 0 ? (
            <Tooltip title={m.queue.spamHint(r.spamReasons.map((x) => m.spamReasons[x] ?? m.queue.spam).join(', '))}>
              <Tag color="orange" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }}>
                {m.queue.spam}
              </Tag>
            </Tooltip>
          ) : null}
        </span>
      ),
    },
    {
      title: m.queue.category,
      dataIndex: 'categories',
      width: 280,
      render: (cats: string[]) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: true }} style={{ margin: 0, maxWidth: 280 }}>
          {cats.map((c) => vocab.label('categories', c)).join('; ')}
        </Typography.Paragraph>
      ),
    },
    { title: m.queue.ward, dataIndex: 'unitId', width: 150, render: (id: string | null) => unitName(id) },
    { title: m.queue.ageBand, dataIndex: 'ageBand', width: 110, render: (a: string) => vocab.label('ageBands', a) },
    { title: m.queue.received, dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
  ];

  return (
    <>
      <PageTitle
        extra={
          <>
            <Link to={overdueList ? '/reports' : '/reports/overdue'}>{overdueList ? m.queue.seeAll : m.queue.seeOverdue}</Link>
            <Button icon={<ReloadOutlined />} onClick={list.reload}>
              {m.queue.refresh}
            </Button>
          </>
        }
      >
        {overdueList ? m.queue.overdueTitle : m.queue.title}
      </PageTitle>
      {overdueList ? null : (
        <search className="filters" aria-label={t.common.filters}>
          <Select<StatusFilter>
            aria-label={m.queue.status}
            style={{ width: 230, maxWidth: '100%' }}
            value={list.filters.status ?? 'open'}
            onChange={(status) => list.setFilters({ status: status === 'open' ? undefined : status })}
            options={[
              { value: 'open', label: m.queue.openOnly },
              { value: 'closed', label: m.queue.closedOnly },
              { value: 'all', label: m.queue.allStatuses },
              ...STATUSES.map((s) => ({ value: s, label: vocab.label('statuses', s) })),
            ]}
            data-testid="filter-status"
          />
          <Select<Priority>
            aria-label={m.queue.priority}
            placeholder={`${m.queue.priority}: ${t.common.all}`}
            allowClear
            style={{ width: 190, maxWidth: '100%' }}
            value={list.filters.priority}
            onChange={(priority) => list.setFilters({ priority })}
            options={PRIORITIES.map((p) => ({ value: p, label: vocab.label('priorities', p) }))}
          />
          <Select<string>
            aria-label={m.queue.category}
            placeholder={`${m.queue.category}: ${t.common.all}`}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 300, maxWidth: '100%' }}
            popupMatchSelectWidth={false}
            value={list.filters.category}
            onChange={(category) => list.setFilters({ category })}
            options={vocab.options('categories')}
          />
          <UnitSelect
            aria-label={m.queue.ward}
            placeholder={`${m.queue.ward}: ${t.common.all}`}
            allowClear
            kinds={['ward', 'commune']}
            style={{ width: 240, maxWidth: '100%' }}
            value={list.filters.unitId ?? null}
            onChange={(unitId) => list.setFilters({ unitId: unitId ?? undefined })}
          />
          <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
            <Switch
              id="queue-overdue"
              checked={!!list.filters.overdue}
              onChange={(v) => list.setFilters({ overdue: v || undefined })}
              data-testid="filter-overdue"
            />
            <label htmlFor="queue-overdue">{m.queue.overdueOnly}</label>
          </span>
          <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
            <Switch id="queue-spam" checked={!!list.filters.spam} onChange={(v) => list.setFilters({ spam: v || undefined })} />
            <label htmlFor="queue-spam">{m.queue.spamOnly}</label>
          </span>
          <SearchBox label={m.queue.searchCode} maxWidth={260} maxLength={20} onSearch={(q) => list.setFilters({ q })} />
        </search>
      )}
      <LoadError error={list.error} onRetry={list.reload} />
      {overdueList && !list.loading && !list.error && list.total > 0 ? (
        <Alert type="error" showIcon title={m.queue.overdueTitle} description={t.common.total(list.total)} style={{ marginBottom: 16 }} />
      ) : null}
      <Table<ReportSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        data-testid="reports-table"
        locale={{ emptyText: m.queue.empty }}
        onRow={(r) => ({
          onClick: () => navigate(`/reports/${encodeURIComponent(r.id)}`),
          // overdue rows carry a red edge besides the red "Quá hạn" words in the SLA column
          style: { cursor: 'pointer', boxShadow: r.overdue ? 'inset 4px 0 0 #ff4d4f' : undefined },
        })}
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
      />
    </>
  );
}
