import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Row, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, errorMessage } from '../../api.js';
import { useMe } from '../../auth.js';
import { formatDateTime, LoadError, PageTitle, useAgencyNames, useUnitNames } from '../../components.js';
import { useLoad } from '../../hooks.js';
import { useLang } from '../../locale.js';
import type { Role } from '../../types.js';
import type { ReportDetail } from '../intake/types.js';
import { CaseActions } from './CaseActions.js';
import { useCasesT } from './i18n.js';
import { RiskTag, StateTag, useCaseVocabulary } from './shared.js';
import type { CaseClocks, CaseDetail, Referral, Task } from './types.js';

interface Entry {
  key: string;
  at: string;
  title: string;
  who: string | null;
  note: string | null;
  overdue?: boolean;
}

/**
 * One case: its tracks, risk, holder and SLA clocks; the actions its tracks allow now; services,
 * referrals and tasks; and one timeline of everything — the case's own events (services,
 * referrals, decisions…) merged with the linked reports' events (received, triaged, handed over)
 * in time order. Vietnamese labels throughout; no codes or ids on screen.
 */
export default function CasePage() {
  const { id = '' } = useParams();
  const m = useCasesT();
  const { t } = useLang();
  const me = useMe();
  const { message } = App.useApp();
  const vocab = useCaseVocabulary();
  const unitName = useUnitNames();
  const agencyName = useAgencyNames();
  const [stale, setStale] = useState(false);
  const path = `/cases/${encodeURIComponent(id)}`;
  const detail = useLoad(() => api.get<CaseDetail>(path), [path]);
  const c = detail.data;
  const clocks = useLoad(() => api.get<CaseClocks>(`${path}/clocks`), [path, c?.version]);
  const referrals = useLoad(() => api.get<{ items: Referral[] }>(`${path}/referrals`), [path, c?.version]);
  const tasks = useLoad(() => api.get<{ items: Task[] }>(`${path}/tasks`), [path, c?.version]);
  const reportIds = (c?.reports ?? []).map((r) => r.id).join(',');
  const reports = useLoad(async () => {
    if (!c || !me.abilities['reports.read']) return [];
    // a linked report the caller may not open (another unit's) is left out of the timeline
    const got = await Promise.all(c.reports.map((r) => api.get<ReportDetail>(`/intake/reports/${encodeURIComponent(r.id)}`).catch(() => null)));
    return got.filter((r): r is ReportDetail => r !== null);
  }, [reportIds]);

  const reload = (isStale?: boolean) => {
    setStale(isStale === true);
    detail.reload();
  };

  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!c) return <Spin style={{ display: 'block', margin: '64px auto' }} />;

  const roleLabel = (role: string | null) => (role && role in t.roles ? t.roles[role as Role] : null);
  const entries: Entry[] = [
    ...c.timeline.map((e) => ({
      key: `c${e.seq}`,
      at: e.at,
      title: e.type.startsWith('work_') ? vocab.label('events', e.type) : e.label,
      who: e.actorName ?? roleLabel(e.actorRole),
      note: e.note,
    })),
    ...(reports.data ?? []).flatMap((r) =>
      // the report's case-side steps (hand-over taken, case stage) are the case's own events above
      r.events
        .filter((e) => e.type !== 'handover_taken' && !e.type.startsWith('case_'))
        .map((e, i) => ({ key: `r${r.summary.id}${i}`, at: e.at, title: `${r.summary.trackingCode}: ${e.title}`, who: null, note: e.text || null })),
    ),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  const holder = c.agencyId ? agencyName(c.agencyId) : unitName(c.unitId);
  const clockColor: Record<string, string> = { overdue: 'red', missed: 'orange', met: 'green', running: 'blue', stopped: 'default', not_started: 'default' };

  const doneTask = async (task: Task, status: 'done' | 'cancelled') => {
    try {
      await api.patch(`/cases/tasks/${encodeURIComponent(task.id)}`, { version: c.version, status });
      reload();
    } catch (e) {
      void message.error(errorMessage(e));
      reload(true);
    }
  };
  const withdraw = async (r: Referral) => {
    try {
      await api.post(`/cases/referrals/${encodeURIComponent(r.id)}/withdraw`, { version: c.version });
      reload();
    } catch (e) {
      void message.error(errorMessage(e));
      reload(true);
    }
  };

  return (
    <div data-testid="case-page">
      <PageTitle
        extra={
          <>
            <Link to="/cases">
              <ArrowLeftOutlined /> {m.page.back}
            </Link>
            <Button icon={<ReloadOutlined />} onClick={() => reload()} aria-label={m.page.reload} />
          </>
        }
      >
        <span data-testid="case-code">{c.code}</span>
      </PageTitle>
      {stale ? <Alert type="warning" showIcon title={m.page.stale} style={{ marginBottom: 16 }} closable onClose={() => setStale(false)} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={m.page.tracks} size="small">
            <Descriptions
              column={{ xs: 1, sm: 2 }}
              // a long tag wraps inside its own cell, never over the next label
              styles={{ content: { minWidth: 0, overflowWrap: 'anywhere' } }}
              size="small"
              items={[
                { key: 'v', label: m.list.victim, children: <StateTag list="victimStates" state={c.victimState} vocab={vocab} /> },
                { key: 'x', label: m.list.violation, children: <StateTag list="violationStates" state={c.violationState} vocab={vocab} /> },
                { key: 'r', label: m.list.risk, children: <RiskTag level={c.riskLevel} vocab={vocab} /> },
                { key: 'h', label: m.list.holder, children: holder },
                { key: 'w', label: m.list.worker, children: c.assignedName ?? m.list.unassigned },
                { key: 'o', label: m.list.opened, children: formatDateTime(c.openedAt) },
                {
                  key: 'rep',
                  label: m.page.report,
                  children: c.reports.length ? (
                    <Space wrap>
                      {c.reports.map((r) =>
                        me.abilities['reports.read'] ? (
                          <Link key={r.id} to={`/reports/${encodeURIComponent(r.id)}`}>
                            <code>{r.trackingCode}</code>
                          </Link>
                        ) : (
                          <code key={r.id}>{r.trackingCode}</code>
                        ),
                      )}
                    </Space>
                  ) : (
                    '—'
                  ),
                },
                { key: 'ver', label: m.page.status, children: <span data-testid="case-version">{m.page.version(c.version)}</span> },
              ]}
            />
            {c.pendingApproval ? (
              <Alert
                type="warning"
                showIcon
                style={{ marginTop: 8 }}
                data-testid="case-pending-approval"
                title={m.page.awaiting(vocab.label('approvalSteps', c.pendingApproval), m.page.unitManager)}
                description={m.page.awaitingWhy}
              />
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={m.page.clocks} size="small" data-testid="case-clocks">
            {(clocks.data?.items ?? []).map((k) => (
              <div key={k.step} style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap', marginBottom: 4 }}>
                <span>{k.label}</span>
                <span>
                  <Tag color={clockColor[k.state]}>{m.clock[k.state]}</Tag>
                  {k.dueAt && (k.state === 'running' || k.state === 'overdue') ? <span className="muted">{m.clock.due(formatDateTime(k.dueAt))}</span> : null}
                </span>
              </div>
            ))}
          </Card>
        </Col>
        <Col span={24}>
          <Card title={m.page.actions} size="small">
            {c.can.work ? <CaseActions c={c} vocab={vocab} onDone={reload} /> : <Typography.Text type="secondary">{m.page.readOnly}</Typography.Text>}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={m.page.services} size="small">
            {c.services.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m.page.noServices} />
            ) : (
              c.services.map((s) => (
                <div key={s.id} style={{ marginBottom: 8 }} data-testid="case-service">
                  <strong>{vocab.label('serviceKinds', s.kind)}</strong> · {s.provider} · <Tag>{vocab.label('serviceStatuses', s.status)}</Tag>
                  {s.startedAt ? <span className="muted">{formatDateTime(s.startedAt)}</span> : null}
                </div>
              ))
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={m.ref.title} size="small" data-testid="case-referrals">
            {(referrals.data?.items ?? []).length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m.ref.empty} />
            ) : (
              (referrals.data?.items ?? []).map((r) => (
                <div key={r.id} style={{ marginBottom: 8 }}>
                  <strong>{r.purposeLabel}</strong> → {r.to.name} ·{' '}
                  <Tag color={r.status === 'accepted' ? 'green' : r.status === 'declined' ? 'red' : 'blue'}>{r.statusLabel}</Tag>
                  {r.overdue ? <Tag color="red">{m.page.overdue}</Tag> : null}
                  {r.declineReasonLabel ? <div className="muted">{r.declineReasonLabel}</div> : null}
                  {r.status === 'pending' && c.can.work ? (
                    <Button size="small" type="link" onClick={() => void withdraw(r)}>
                      {m.ref.withdraw}
                    </Button>
                  ) : null}
                </div>
              ))
            )}
          </Card>
        </Col>
        <Col span={24}>
          <Card title={m.task.title} size="small">
            <Table<Task>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={tasks.data?.items ?? []}
              locale={{ emptyText: m.task.empty }}
              scroll={{ x: true }}
              columns={[
                { title: m.task.what, dataIndex: 'title' },
                {
                  title: m.task.due,
                  dataIndex: 'dueAt',
                  render: (v: string, r) => <span style={{ color: r.overdue ? '#cf1322' : undefined }}>{formatDateTime(v)}</span>,
                },
                { title: m.task.assignee, dataIndex: 'assigneeName', render: (n: string | null) => n ?? m.task.wholeUnit },
                { title: m.task.status, dataIndex: 'statusLabel' },
                {
                  title: '',
                  key: 'do',
                  render: (_: unknown, r) =>
                    r.status === 'open' && c.can.work ? (
                      <Space>
                        <Button size="small" onClick={() => void doneTask(r, 'done')}>
                          {m.task.done}
                        </Button>
                        <Button size="small" type="link" onClick={() => void doneTask(r, 'cancelled')}>
                          {m.task.cancel}
                        </Button>
                      </Space>
                    ) : null,
                },
              ]}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card title={m.page.timeline} size="small" data-testid="case-timeline">
            {entries.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m.page.noTimeline} />
            ) : (
              <Timeline
                items={entries.map((e) => ({
                  key: e.key,
                  content: (
                    <div>
                      <strong>{e.title}</strong> <span className="muted">{formatDateTime(e.at)}</span>
                      {e.who ? <span className="muted"> · {e.who}</span> : null}
                      {e.note ? <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{e.note}</div> : null}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
