import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Segmented, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { LoadError, PageTitle, useSchoolNames } from '../../components.js';
import { useLoad } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { type ChartOption, EChart } from './Chart.js';
import { useFilterT } from './i18n.js';
import { SchoolFilter, useCategories } from './shared.js';
import type { FilterStats } from './types.js';

type Range = '24h' | '7d' | '30d';
type Granularity = 'hour' | 'day';
const RANGE_HOURS: Record<Range, number> = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 };
/** The server's cap on hourly rows (routes.ts: limit(20_000)). */
const HOUR_ROWS_CAP = 20_000;

interface BucketRow {
  key: string;
  label: string;
  total: number;
  queries: number;
  [category: string]: string | number;
}

/**
 * Blocked look-ups from GET /filter/stats (hourly counters per school × band × category, and the
 * most blocked domains per school and day), as charts AND as tables of the same numbers.
 */
export default function Stats() {
  const f = useFilterT();
  const { t, lang } = useLang();
  const me = useMe();
  const cats = useCategories();
  const [range, setRange] = useState<Range>('7d');
  const [granularity, setGranularity] = useState<Granularity>('day');
  const [schoolId, setSchoolId] = useState<string | null>(me.schoolId);
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick (the reload button) moves the period to end now
  const from = useMemo(() => dayjs().subtract(RANGE_HOURS[range], 'hour').startOf('hour'), [range, tick]);
  const stats = useLoad(() => api.get<FilterStats>('/filter/stats', { from: from.toISOString(), schoolId }), [from, schoolId]);
  const nf = (n: number) => n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');

  const { rows, categories } = useMemo(() => {
    const step = granularity === 'hour' ? 'hour' : 'day';
    const keyOf = (iso: string) =>
      dayjs(iso)
        .startOf(step)
        .format(step === 'hour' ? 'YYYY-MM-DDTHH' : 'YYYY-MM-DD');
    const labelOf = (d: dayjs.Dayjs) => d.format(step === 'hour' ? 'DD/MM HH:00' : 'DD/MM/YYYY');
    // every bucket of the period, so hours without blocks show as zero, not as a gap
    const byKey = new Map<string, BucketRow>();
    for (let d = from.startOf(step); !d.isAfter(dayjs()); d = d.add(1, step)) {
      const key = d.format(step === 'hour' ? 'YYYY-MM-DDTHH' : 'YYYY-MM-DD');
      byKey.set(key, { key, label: labelOf(d), total: 0, queries: 0 });
    }
    const seen = new Map<string, number>();
    for (const h of stats.data?.hours ?? []) {
      const row = byKey.get(keyOf(h.hour));
      if (!row) continue;
      if (h.category === 'all') {
        row.queries += h.count;
        continue;
      }
      row[h.category] = ((row[h.category] as number | undefined) ?? 0) + h.count;
      row.total += h.count;
      seen.set(h.category, (seen.get(h.category) ?? 0) + h.count);
    }
    return { rows: [...byKey.values()], categories: [...seen.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c) };
  }, [stats.data, granularity, from]);

  const top = useMemo(() => {
    const acc = new Map<string, { key: string; schoolId: string; domain: string; category: string; count: number }>();
    for (const r of stats.data?.top ?? []) {
      const key = `${r.schoolId}|${r.domain}`;
      const e = acc.get(key);
      if (e) e.count += r.count;
      else acc.set(key, { key, schoolId: r.schoolId, domain: r.domain, category: r.category, count: r.count });
    }
    return [...acc.values()].sort((a, b) => b.count - a.count);
  }, [stats.data]);
  const schoolName = useSchoolNames(top.map((x) => x.schoolId));

  const gLabel = granularity === 'hour' ? f.stats.perHour : f.stats.perDay;
  const byCategoryOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 48, right: 16, top: 16, bottom: 64 },
      xAxis: { type: 'category', data: rows.map((r) => r.label) },
      yAxis: { type: 'value', minInterval: 1 },
      series: categories.map((c) => ({ type: 'bar', stack: 'blocked', name: cats.name(c), data: rows.map((r) => (r[c] as number | undefined) ?? 0) })),
    }),
    [rows, categories, cats.name],
  );
  const topShown = top.slice(0, 15);
  const topOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 16, right: 24, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: topShown.map((x) => (schoolId ? x.domain : `${x.domain} · ${schoolName(x.schoolId)}`)) },
      series: [{ type: 'bar', name: f.stats.count, data: topShown.map((x) => x.count), itemStyle: { color: '#cf1322' } }],
    }),
    [topShown, schoolId, schoolName, f.stats.count],
  );

  const tableColumns: ColumnsType<BucketRow> = [
    { title: f.stats.time, dataIndex: 'label', fixed: 'left', width: 130 },
    ...categories.map((c) => ({ title: cats.name(c), dataIndex: c, align: 'right' as const, render: (n?: number) => nf(n ?? 0) })),
    { title: f.stats.total, dataIndex: 'total', align: 'right', render: (n: number) => <strong>{nf(n)}</strong> },
    { title: f.stats.queries, dataIndex: 'queries', align: 'right', render: (n: number) => nf(n) },
  ];
  const hasData = (stats.data?.hours.length ?? 0) > 0;

  return (
    <>
      <PageTitle
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => setTick((n) => n + 1)}>
            {t.common.reload}
          </Button>
        }
      >
        {f.stats.title}
      </PageTitle>
      <Typography.Paragraph type="secondary">{f.stats.hint}</Typography.Paragraph>
      <search className="filters" aria-label={t.common.filters}>
        <Select<Range>
          aria-label={f.stats.range}
          style={{ width: 170 }}
          value={range}
          onChange={(r) => {
            setRange(r);
            setGranularity(r === '24h' ? 'hour' : 'day');
          }}
          options={(['24h', '7d', '30d'] as Range[]).map((r) => ({ value: r, label: f.stats.ranges[r] }))}
        />
        <Segmented<Granularity>
          aria-label={f.stats.granularity}
          value={granularity}
          onChange={setGranularity}
          options={[
            { value: 'hour', label: f.stats.perHour },
            { value: 'day', label: f.stats.perDay },
          ]}
        />
        {me.schoolId !== null ? null : <SchoolFilter value={schoolId} onChange={setSchoolId} width={340} />}
      </search>
      <LoadError error={stats.error} onRetry={stats.reload} />
      {(stats.data?.hours.length ?? 0) >= HOUR_ROWS_CAP ? <Typography.Paragraph type="warning">{f.stats.truncated}</Typography.Paragraph> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <Card size="small" title={f.stats.byCategory} loading={stats.loading && !stats.data}>
            {hasData ? (
              <EChart option={byCategoryOption} label={f.stats.chartLabel(gLabel)} testId="chart-by-category" />
            ) : (
              <Empty description={f.stats.empty} />
            )}
            <Typography.Title level={3} style={{ fontSize: 15, marginTop: 16 }}>
              {f.stats.table}
            </Typography.Title>
            <Table<BucketRow>
              rowKey="key"
              size="small"
              columns={tableColumns}
              dataSource={rows.filter((r) => r.total > 0 || r.queries > 0)}
              pagination={{ pageSize: granularity === 'hour' ? 24 : 31, hideOnSinglePage: true }}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: f.stats.empty }}
              data-testid="stats-table"
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={f.stats.top} loading={stats.loading && !stats.data}>
            {topShown.length ? (
              <EChart option={topOption} height={Math.max(200, topShown.length * 26 + 40)} label={f.stats.topChartLabel} testId="chart-top" />
            ) : (
              <Empty description={f.stats.empty} />
            )}
            <Table
              rowKey="key"
              size="small"
              style={{ marginTop: 16 }}
              dataSource={top}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              locale={{ emptyText: f.stats.empty }}
              data-testid="top-table"
              columns={[
                ...(schoolId ? [] : [{ title: f.common.school, dataIndex: 'schoolId', render: (id: string) => schoolName(id) }]),
                { title: f.stats.domain, dataIndex: 'domain', render: (d: string) => <code>{d}</code> },
                { title: f.common.category, dataIndex: 'category', render: (c: string) => cats.name(c) },
                { title: f.stats.count, dataIndex: 'count', align: 'right' as const, render: (n: number) => nf(n) },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
