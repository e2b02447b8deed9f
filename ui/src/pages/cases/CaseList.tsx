import { ReloadOutlined } from '@ant-design/icons';
import { Button, Select, Space, Switch } from 'antd';
import type { ColumnType } from 'antd/es/table/index.js';
import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { AgencySelect, formatDateTime, LoadError, PageTitle, SearchBox, UnitSelect, useAgencyNames, useUnitNames } from '../../components.js';
import { useLoad, usePagedList } from '../../hooks.js';
import { ResponsiveTable } from '../filter/responsive.js';
import { useCasesT } from './i18n.js';
import { RiskTag, StateTag, useCaseVocabulary } from './shared.js';
import type { Caseload, CaseSummary } from './types.js';

type Filters = {
  victimState?: string;
  violationState?: string;
  risk?: string;
  unitId?: string;
  agencyId?: string;
  assignedTo?: string;
  open?: boolean;
  overdue?: boolean;
  q?: string;
};

/**
 * The case list: GET /cases with filters (state of each track, risk, ward, agency, worker, open
 * only, a case code); "overdue only" keeps the cases with an SLA step past its limit (the rule the
 * overdue board uses). A code opens the case page.
 */
export default function CaseList() {
  const m = useCasesT();
  const me = useMe();
  const vocab = useCaseVocabulary();
  const unitName = useUnitNames();
  const agencyName = useAgencyNames();
  const list = usePagedList<CaseSummary, Filters>('/cases', { open: true });
  const overdueOnly = list.filters.overdue === true;
  const workers = useLoad(
    () => (me.abilities['cases.caseload.read'] ? api.get<Caseload>('/cases/caseload').then((c) => c.workers) : Promise.resolve([])),
    [me],
  );

  const holder = (r: { unitId: string | null; agencyId: string | null }) => (r.agencyId ? agencyName(r.agencyId) : unitName(r.unitId));
  const columns: ColumnType<CaseSummary>[] = [
    {
      title: m.list.code,
      dataIndex: 'code',
      render: (code: string, r) => (
        <Link to={`/cases/${encodeURIComponent(r.id)}`} data-testid="case-link">
          <code>{code}</code>
        </Link>
      ),
    },
    { title: m.list.victim, dataIndex: 'victimState', render: (s: string | null) => <StateTag list="victimStates" state={s} vocab={vocab} /> },
    { title: m.list.violation, dataIndex: 'violationState', render: (s: string | null) => <StateTag list="violationStates" state={s} vocab={vocab} /> },
    { title: m.list.risk, dataIndex: 'riskLevel', render: (r: string | null) => <RiskTag level={r} vocab={vocab} /> },
    { title: m.list.holder, key: 'holder', render: (_: unknown, r) => holder(r) },
    { title: m.list.worker, dataIndex: 'assignedName', render: (n: string | null) => n ?? <span className="muted">{m.list.unassigned}</span> },
    { title: m.list.opened, dataIndex: 'openedAt', render: (v: string) => formatDateTime(v) },
  ];
  const stateSelect = (list_: 'victimStates' | 'violationStates', key: 'victimState' | 'violationState', label: string) => (
    <Select
      allowClear
      aria-label={label}
      placeholder={label}
      style={{ minWidth: 180, maxWidth: '100%' }}
      options={vocab.options(list_)}
      value={list.filters[key]}
      onChange={(v?: string) => list.setFilters({ [key]: v })}
    />
  );

  return (
    <div data-testid="case-list">
      <PageTitle extra={<Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={m.page.reload} />}>{m.list.title}</PageTitle>
      <Space wrap style={{ marginBottom: 16, width: '100%' }}>
        <SearchBox label={m.list.searchCode} maxLength={40} onSearch={(q) => list.setFilters({ q: q?.toUpperCase() })} />
        {stateSelect('victimStates', 'victimState', m.list.victim)}
        {stateSelect('violationStates', 'violationState', m.list.violation)}
        <Select
          allowClear
          aria-label={m.list.risk}
          placeholder={m.list.risk}
          style={{ minWidth: 140 }}
          options={vocab.options('riskLevels')}
          value={list.filters.risk}
          onChange={(v?: string) => list.setFilters({ risk: v })}
        />
        <UnitSelect
          allowClear
          kinds={['ward', 'commune']}
          aria-label={m.list.ward}
          placeholder={m.list.ward}
          style={{ minWidth: 200, maxWidth: '100%' }}
          value={list.filters.unitId}
          onChange={(v: string | null) => list.setFilters({ unitId: v ?? undefined })}
        />
        <AgencySelect
          allowClear
          aria-label={m.list.agency}
          placeholder={m.list.agency}
          style={{ minWidth: 200, maxWidth: '100%' }}
          value={list.filters.agencyId}
          onChange={(v: string | null) => list.setFilters({ agencyId: v ?? undefined })}
        />
        {(workers.data ?? []).length > 0 ? (
          <Select
            allowClear
            aria-label={m.list.worker}
            placeholder={m.list.worker}
            style={{ minWidth: 180 }}
            options={(workers.data ?? []).map((w) => ({ value: w.userId, label: w.name }))}
            value={list.filters.assignedTo}
            onChange={(v?: string) => list.setFilters({ assignedTo: v })}
          />
        ) : null}
        <span>
          <Switch checked={list.filters.open === true} onChange={(v) => list.setFilters({ open: v || undefined })} aria-label={m.list.openOnly} />{' '}
          {m.list.openOnly}
        </span>
        <span>
          <Switch
            checked={overdueOnly}
            onChange={(v) => list.setFilters({ overdue: v || undefined })}
            aria-label={m.list.overdueOnly}
            data-testid="overdue-only"
          />{' '}
          {m.list.overdueOnly}
        </span>
      </Space>
      <LoadError error={list.error} onRetry={list.reload} />
      <ResponsiveTable
        rowKey={(r) => r.id}
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={list.pagination}
        emptyText={m.list.empty}
        data-testid="case-table"
      />
    </div>
  );
}
