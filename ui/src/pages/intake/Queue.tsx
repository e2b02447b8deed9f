import { CopyOutlined, ExclamationCircleOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Switch, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { Link, useNavigate } from 'react-router-dom';
import { formatDateTime, LoadError, PageTitle, SearchBox, UnitSelect, useUnitNames } from '../../components.js';
import { usePagedList } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { useIntakeT } from './i18n.js';
import { PriorityTag, ReportStatusTag, SlaCell, useNow, useVocabulary } from './shared.js';
import { PRIORITIES, type Priority, type ReportStatus, type ReportSummary, STATUSES } from './types.js';

type Filters = { status?: ReportStatus; priority?: Priority; category?: string; unitId?: string; overdue?: boolean; spam?: boolean; q?: string };

/**
 * The intake officers' queue: GET /intake/reports (most urgent first, server paging), or, as the
 * overdue list, GET /intake/reports/overdue. A row opens the report.
 */
export default function Queue({ overdueList = false }: { overdueList?: boolean }) {
  const { t } = useLang();
  const m = useIntakeT();
  const navigate = useNavigate();
  const list = usePagedList<ReportSummary, Filters>(overdueList ? '/intake/reports/overdue' : '/intake/reports', {});
  const unitName = useUnitNames();
  const vocab = useVocabulary();
  const now = useNow();

  const columns: ColumnsType<ReportSummary> = [
    {
      title: m.queue.trackingCode,
      dataIndex: 'trackingCode',
      width: 150,
      render: (code: string, r) => (
        <Link to={`/reports/${encodeURIComponent(r.id)}`} aria-label={`${m.queue.open}: ${code}`} onClick={(e) => e.stopPropagation()}>
          <code>{code}</code>
        </Link>
      ),
    },
    { title: m.queue.priority, dataIndex: 'priority', width: 150, render: (p: Priority) => <PriorityTag p={p} /> },
    {
      title: m.queue.category,
      dataIndex: 'categories',
      render: (cats: string[], r) => (
        <div style={{ maxWidth: 360 }}>
          {r.imminentDanger ? (
            <Tooltip title={m.queue.imminentHint}>
              <Tag color="red" icon={<ExclamationCircleOutlined />}>
                {m.queue.imminent}
              </Tag>
            </Tooltip>
          ) : null}
          {cats.map((c) => vocab.label('categories', c)).join('; ')}
        </div>
      ),
    },
    { title: m.queue.ageBand, dataIndex: 'ageBand', width: 110, render: (a: string) => vocab.label('ageBands', a) },
    { title: m.queue.ward, dataIndex: 'unitId', render: (id: string | null) => unitName(id) },
    { title: m.queue.received, dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
    { title: m.queue.sla, key: 'sla', width: 230, render: (_, r) => <SlaCell r={r} now={now} /> },
    { title: m.queue.status, dataIndex: 'status', width: 130, render: (s: ReportStatus) => <ReportStatusTag s={s} /> },
    {
      title: m.queue.flags,
      key: 'flags',
      width: 150,
      render: (_, r) => (
        <>
          {r.linkedCount > 0 ? (
            <Tooltip title={m.queue.duplicatesHint}>
              <Tag color="purple" icon={<CopyOutlined />} data-testid="duplicates-badge">
                {m.queue.duplicates(r.linkedCount)}
              </Tag>
            </Tooltip>
          ) : null}
          {r.spamScore > 0 ? (
            <Tooltip title={m.queue.spamHint(r.spamReasons.map((x) => m.spamReasons[x] ?? x).join(', '))}>
              <Tag color="orange" icon={<WarningOutlined />}>
                {m.queue.spam}
              </Tag>
            </Tooltip>
          ) : null}
        </>
      ),
    },
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
          <Select<ReportStatus>
            aria-label={m.queue.status}
            placeholder={`${m.queue.status}: ${t.common.all}`}
            allowClear
            style={{ width: 190 }}
            value={list.filters.status}
            onChange={(status) => list.setFilters({ status })}
            options={STATUSES.map((s) => ({ value: s, label: m.statuses[s] }))}
            data-testid="filter-status"
          />
          <Select<Priority>
            aria-label={m.queue.priority}
            placeholder={`${m.queue.priority}: ${t.common.all}`}
            allowClear
            style={{ width: 190 }}
            value={list.filters.priority}
            onChange={(priority) => list.setFilters({ priority })}
            options={PRIORITIES.map((p) => ({ value: p, label: m.priorities[p] }))}
          />
          <Select<string>
            aria-label={m.queue.category}
            placeholder={`${m.queue.category}: ${t.common.all}`}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 300 }}
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
            style={{ width: 240 }}
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
