import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Statistic, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { api } from '../../api.js';
import { LoadError, PageTitle } from '../../components.js';
import { useLoad } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { type ChartOption, EChart } from '../filter/Chart.js';
import { useDetectT } from './i18n.js';
import { useDetectVocabulary } from './shared.js';
import { DECISIONS, type DetectStats, ITEM_KINDS, ITEM_STATUSES, TAKEDOWN_STATUSES } from './types.js';

interface CountRow {
  code: string;
  label: string;
  count: number;
}

/**
 * Counts of the review desk from GET /detect/stats (no personal data): by status, decision,
 * harmful category, kind, failure and takedown status — each as a bar chart AND a table of the
 * same numbers (a chart is an image to assistive technology, and people compare numbers).
 */
export default function Overview() {
  const { t, lang } = useLang();
  const m = useDetectT();
  const vocab = useDetectVocabulary();
  const stats = useLoad(() => api.get<DetectStats>('/detect/stats'), []);
  const s = stats.data;

  // known codes first in their usual order (zeros included, so the axes stay the same), then any other the server reports
  const rows = (counts: Record<string, number> | undefined, known: readonly string[], label: (c: string) => string): CountRow[] => {
    const c = counts ?? {};
    const codes = [...known, ...Object.keys(c).filter((k) => !known.includes(k))];
    return codes.map((code) => ({ code, label: label(code), count: c[code] ?? 0 }));
  };
  const byCount = (r: CountRow[]) => r.filter((x) => x.count > 0).sort((a, b) => b.count - a.count);

  const sections = s
    ? [
        {
          key: 'status',
          title: m.overview.byStatus,
          rows: rows(s.byStatus, ITEM_STATUSES, (c) => m.statuses[c as keyof typeof m.statuses] ?? c),
          color: '#1464c8',
        },
        {
          key: 'decision',
          title: m.overview.byDecision,
          rows: rows(s.byDecision, DECISIONS, (c) => m.decisions[c as keyof typeof m.decisions] ?? c),
          color: '#389e0d',
        },
        { key: 'category', title: m.overview.byCategory, rows: byCount(rows(s.byCategory, [], (c) => vocab.label('categories', c))), color: '#cf1322' },
        {
          key: 'takedowns',
          title: m.overview.takedowns,
          rows: rows(s.takedowns, TAKEDOWN_STATUSES, (c) => m.takedownStatuses[c as keyof typeof m.takedownStatuses] ?? c),
          color: '#d46b08',
        },
        { key: 'kind', title: m.overview.byKind, rows: rows(s.byKind, ITEM_KINDS, (c) => m.kinds[c as keyof typeof m.kinds] ?? c), color: '#531dab' },
        { key: 'failure', title: m.overview.byFailure, rows: byCount(rows(s.byFailure, [], (c) => vocab.label('failureCodes', c))), color: '#8c8c8c' },
      ]
    : [];
  const nf = (n: number) => n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');

  return (
    <>
      <PageTitle
        extra={
          <Button icon={<ReloadOutlined />} onClick={stats.reload}>
            {t.common.reload}
          </Button>
        }
      >
        {m.overview.title}
      </PageTitle>
      <Typography.Paragraph type="secondary">{m.overview.hint}</Typography.Paragraph>
      <LoadError error={stats.error} onRetry={stats.reload} />
      {s ? (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Statistic title={m.overview.total} value={s.total} formatter={(v) => <span data-testid="detect-total">{nf(Number(v))}</span>} />
        </Card>
      ) : null}
      <Row gutter={[16, 16]}>
        {sections.map((sec) => (
          <Col xs={24} xl={12} key={sec.key}>
            <Section title={sec.title} rows={sec.rows} color={sec.color} testId={`detect-stats-${sec.key}`} nf={nf} />
          </Col>
        ))}
      </Row>
    </>
  );
}

function Section({ title, rows, color, testId, nf }: { title: string; rows: CountRow[]; color: string; testId: string; nf: (n: number) => string }) {
  const m = useDetectT();
  const total = rows.reduce((a, r) => a + r.count, 0);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 16, right: 24, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label) },
      series: [{ type: 'bar', name: m.overview.count, data: rows.map((r) => r.count), itemStyle: { color } }],
    }),
    [rows, color, m.overview.count],
  );
  return (
    <Card title={title} size="small" data-testid={testId}>
      {rows.length === 0 || total === 0 ? (
        <Empty description={m.overview.none} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <>
          <EChart option={option} height={Math.max(140, rows.length * 34 + 40)} label={m.overview.chart(title)} testId={`${testId}-chart`} />
          <Table<CountRow>
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={rows}
            data-testid={`${testId}-table`}
            columns={[
              { title: m.overview.label, dataIndex: 'label' },
              { title: m.overview.count, dataIndex: 'count', align: 'right', render: (n: number) => nf(n) },
              { title: m.overview.share, key: 'share', align: 'right', render: (_, r) => `${total ? Math.round((r.count / total) * 100) : 0}%` },
            ]}
          />
        </>
      )}
    </Card>
  );
}
