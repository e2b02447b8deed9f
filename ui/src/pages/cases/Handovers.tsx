import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Grid, Segmented, Space, Tag } from 'antd';
import type { ColumnType } from 'antd/es/table/index.js';
import { Link, useNavigate } from 'react-router-dom';
import { api, errorMessage } from '../../api.js';
import { formatDateTime, LoadError, PageTitle } from '../../components.js';
import { usePagedList } from '../../hooks.js';
import { ResponsiveTable } from '../filter/responsive.js';
import { PriorityTag, useVocabulary } from '../intake/shared.js';
import type { Priority } from '../intake/types.js';
import { useCasesT } from './i18n.js';
import type { CaseSummary, HandoverItem } from './types.js';

/**
 * The hand-over inbox: reports the reporting centre handed to my ward or agency, with their
 * deadline. Taking one opens a case (or joins the case already holding a linked report) and
 * moves the reporter's status page to "being handled"; the case page opens.
 */
export default function Handovers() {
  const m = useCasesT();
  const { message } = App.useApp();
  // on a phone the choices stack: side by side they would not fit 390 px
  const narrow = Grid.useBreakpoint().md === false;
  const navigate = useNavigate();
  const intakeVocab = useVocabulary();
  const list = usePagedList<HandoverItem, { status?: 'open' | 'taken' }>('/cases/handovers', { status: 'open' });

  const take = async (h: HandoverItem, join: boolean) => {
    try {
      let body: Record<string, unknown> = {};
      if (join && h.suggestedCaseId) {
        const c = await api.get<CaseSummary>(`/cases/${encodeURIComponent(h.suggestedCaseId)}`);
        body = { joinCaseId: h.suggestedCaseId, version: c.version };
      }
      const c = await api.post<CaseSummary>(`/cases/handovers/${encodeURIComponent(h.id)}/take`, body);
      void message.success(m.handover.takenOk(c.code));
      navigate(`/cases/${encodeURIComponent(c.id)}`);
    } catch (e) {
      void message.error(errorMessage(e));
      list.reload();
    }
  };

  const columns: ColumnType<HandoverItem>[] = [
    { title: m.handover.trackingCode, dataIndex: 'trackingCode', render: (v: string) => <code>{v}</code> },
    { title: m.handover.priority, dataIndex: 'priority', render: (p: string) => <PriorityTag p={p as Priority} /> },
    {
      title: m.handover.needs,
      key: 'needs',
      render: (_: unknown, h) => (
        <Space wrap size={4}>
          {h.victimSupport ? <Tag color="blue">{m.handover.victim}</Tag> : null}
          {h.violationHandling ? <Tag color="purple">{m.handover.violation}</Tag> : null}
          {/* labels only once loaded: a category's code never shows */}
          {intakeVocab.data ? h.categories.map((c) => <Tag key={c}>{intakeVocab.label('categories', c)}</Tag>) : null}
        </Space>
      ),
    },
    { title: m.handover.received, dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
    { title: m.handover.due, dataIndex: 'dueAt', render: (v: string, h) => (h.overdue ? <Tag color="red">{formatDateTime(v)}</Tag> : formatDateTime(v)) },
    {
      title: '',
      key: 'act',
      render: (_: unknown, h) =>
        h.status === 'open' ? (
          <Space wrap>
            <Button type="primary" size="small" onClick={() => void take(h, false)} data-testid="handover-take">
              {m.handover.take}
            </Button>
            {h.suggestedCaseId && h.suggestedCaseCode ? (
              <Button size="small" onClick={() => void take(h, true)}>
                {m.handover.joinSuggested(h.suggestedCaseCode)}
              </Button>
            ) : null}
          </Space>
        ) : h.caseId ? (
          <Link to={`/cases/${encodeURIComponent(h.caseId)}`}>
            {m.handover.openCase} <code>{h.caseCode}</code>
          </Link>
        ) : null,
    },
  ];

  return (
    <div data-testid="handovers-page">
      <PageTitle extra={<Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={m.page.reload} />}>{m.handover.title}</PageTitle>
      <Segmented<'open' | 'taken'>
        vertical={narrow}
        style={{ marginBottom: 16 }}
        value={list.filters.status ?? 'open'}
        onChange={(status) => list.setFilters({ status })}
        options={[
          { value: 'open', label: m.handover.open },
          { value: 'taken', label: m.handover.taken },
        ]}
      />
      <LoadError error={list.error} onRetry={list.reload} />
      <ResponsiveTable
        rowKey={(r) => r.id}
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={list.pagination}
        emptyText={m.handover.empty}
        data-testid="handovers-table"
      />
    </div>
  );
}
