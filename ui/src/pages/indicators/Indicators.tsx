import { Alert, Breadcrumb, Card, Col, Collapse, Row, Segmented, Select, Space, Spin, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api.js';
import { LoadError, PageTitle } from '../../components.js';
import { useLoad } from '../../hooks.js';
import { type ChartOption, EChart } from '../filter/Chart.js';
import { ResponsiveTable } from '../filter/responsive.js';
import { useIndicatorsT } from './i18n.js';
import { CsvLink, DefinitionBlock, lastDay, Muted, type Period, PeriodPicker, periodOf, useFormat, usePeriodChoice, vnDay, vnTime } from './shared.js';
import { TargetCard } from './TargetsPanel.js';
import type { Grain, Indicator, IndicatorsView, RankedPlace, TrendPoint } from './types.js';

type View = 'chart' | 'table';

/** A trend point's month as people write it: 01/2026. */
const label = (p: TrendPoint) => `${p.from.slice(5, 7)}/${p.from.slice(0, 4)}`;

/**
 * The indicators of the city, a ward (/indicators/wards/:unitId) or a school
 * (/indicators/schools/:schoolId): the targets first, then the volumes, each with its definition;
 * the wards (or the ward's schools) ranked; the trend. Every chart also as a table and as CSV.
 */
export default function Indicators() {
  const x = useIndicatorsT();
  const { unitId, schoolId } = useParams();
  const [choice, setChoice] = usePeriodChoice();
  const period = periodOf(choice);
  const place = schoolId ? { schoolId } : unitId ? { unitId } : {};
  const view = useLoad(() => api.get<IndicatorsView>('/indicators', { ...period, ...place }), [period.from, period.to, unitId, schoolId]);
  const data = view.data;
  return (
    <div data-testid="indicators-page">
      <PageTitle extra={<PeriodPicker value={choice} onChange={setChoice} />}>{data ? data.place.name : x.title}</PageTitle>
      <Crumbs view={data} />
      {view.error ? <LoadError error={view.error} onRetry={view.reload} /> : null}
      {!data ? (
        view.error ? null : (
          <Spin style={{ display: 'block', margin: '48px auto' }} />
        )
      ) : (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Muted>
            {x.periodText(vnDay(period.from), lastDay(period.to))} · {data.asOf ? x.asOf(vnTime(data.asOf)) : x.live}
          </Muted>
          <Targets indicators={data.indicators.filter((i) => i.group === 'target')} />
          <Volumes indicators={data.indicators.filter((i) => i.group === 'volume')} />
          {data.place.kind !== 'school' ? <Ranking view={data} period={period} /> : null}
          <Trend view={data} period={period} />
        </Space>
      )}
    </div>
  );
}

function Crumbs({ view }: { view: IndicatorsView | undefined }) {
  const x = useIndicatorsT();
  if (!view || view.place.kind === 'city') return null;
  const items = [{ title: <Link to="/indicators">{x.city}</Link> }];
  if (view.place.kind === 'school' && view.place.unitId) items.push({ title: <Link to={`/indicators/wards/${view.place.unitId}`}>{x.backToWard}</Link> });
  return <Breadcrumb items={items} style={{ marginBottom: 12 }} />;
}

function Targets({ indicators }: { indicators: Indicator[] }) {
  const x = useIndicatorsT();
  if (indicators.length === 0) return null;
  return (
    <section aria-label={x.targetsTitle}>
      <Typography.Title level={3} style={{ fontSize: 18 }}>
        {x.targetsTitle}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        {indicators.map((i) => (
          <Col key={i.code} xs={24} md={8}>
            <TargetCard
              i={i}
              footer={<Collapse size="small" style={{ marginTop: 8 }} items={[{ key: 'd', label: x.definition, children: <DefinitionBlock i={i} /> }]} />}
            />
          </Col>
        ))}
      </Row>
    </section>
  );
}

function Volumes({ indicators }: { indicators: Indicator[] }) {
  const x = useIndicatorsT();
  const f = useFormat();
  if (indicators.length === 0) return null;
  return (
    <section aria-label={x.volumes}>
      <Typography.Title level={3} style={{ fontSize: 18 }}>
        {x.volumes}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        {indicators.map((i) => (
          <Col key={i.code} xs={24} md={12} xl={8}>
            <Card size="small" title={<span style={{ whiteSpace: 'normal' }}>{i.label}</span>} data-testid={`indicator-${i.code}`} style={{ height: '100%' }}>
              <Typography.Title level={3} style={{ margin: 0 }} data-testid={`indicator-value-${i.code}`}>
                {f.value(i)}
              </Typography.Title>
              {i.unit === 'percent' && i.status === 'ok' && i.numerator !== null && i.denominator !== null ? (
                <Muted>{x.ofTotal(f.nf(i.numerator), f.nf(i.denominator))}</Muted>
              ) : null}
              <Collapse
                size="small"
                ghost
                items={[
                  ...(i.breakdown.length > 0
                    ? [
                        {
                          key: 'b',
                          label: x.breakdown,
                          children: (
                            <Table
                              size="small"
                              pagination={false}
                              rowKey={(b) => `${b.dimension}-${b.key}`}
                              dataSource={i.breakdown}
                              columns={[
                                { title: x.breakdown, dataIndex: 'label' },
                                { title: x.count, dataIndex: 'value', align: 'right', render: (v: number) => f.nf(v) },
                              ]}
                            />
                          ),
                        },
                      ]
                    : []),
                  { key: 'd', label: x.definition, children: <DefinitionBlock i={i} /> },
                ]}
              />
            </Card>
          </Col>
        ))}
      </Row>
    </section>
  );
}

function Ranking({ view, period }: { view: IndicatorsView; period: Period }) {
  const x = useIndicatorsT();
  const f = useFormat();
  const byWard = view.place.kind === 'city';
  const rankable = view.indicators.filter((i) => (byWard ? i.grain !== 'city' : i.grain === 'school'));
  const [code, setCode] = useState(rankable[0]?.code ?? '');
  const [mode, setMode] = useState<View>('chart');
  const def = rankable.find((i) => i.code === code) ?? rankable[0];
  const unitId = view.place.kind === 'ward' ? (view.place.id ?? undefined) : undefined;
  const ranked = useLoad(
    () => (def ? api.get<{ items: RankedPlace[] }>(`/indicators/${def.code}/ranking`, { ...period, unitId }) : Promise.resolve({ items: [] })),
    [def?.code, period.from, period.to, unitId],
  );
  const items = ranked.data?.items ?? [];
  const shown = items.filter((r) => r.status === 'ok').slice(0, 30);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      // Vietnamese decimal commas in the chart too ("16,7"), as everywhere on the page
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? f.nf(v) : String(v ?? '')) },
      xAxis: { type: 'value', max: def?.unit === 'percent' ? 100 : undefined, axisLabel: { formatter: (v: number) => f.nf(v) } },
      yAxis: { type: 'category', inverse: true, data: shown.map((r) => r.name), axisLabel: { width: 120, overflow: 'truncate' } },
      series: [{ type: 'bar', data: shown.map((r) => r.value ?? 0), name: def?.label ?? '' }],
    }),
    [shown, def, f.nf],
  );
  if (!def) return null;
  const columns: ColumnsType<RankedPlace> = [
    {
      title: byWard ? x.ward : x.school,
      dataIndex: 'name',
      render: (name: string, r) => <Link to={byWard ? `/indicators/wards/${r.id}` : `/indicators/schools/${r.id}`}>{name}</Link>,
    },
    { title: x.value, dataIndex: 'value', align: 'right', render: (_: unknown, r) => f.value({ ...r, unit: def.unit }) },
    { title: x.numerator, dataIndex: 'numerator', align: 'right', render: (v: number | null) => (v === null ? '' : f.nf(v)) },
    ...(def.unit === 'percent'
      ? [{ title: x.denominator, dataIndex: 'denominator', align: 'right' as const, render: (v: number | null) => (v === null ? '' : f.nf(v)) }]
      : []),
  ];
  return (
    <Card
      size="small"
      title={byWard ? x.rankWards : x.rankSchools}
      extra={<CsvLink query={{ view: 'ranking', code: def.code, ...period, unitId }} testId="ranking-csv" />}
      data-testid="ranking"
    >
      <div className="indicator-controls" style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <Select
          aria-label={x.indicator}
          style={{ flex: '1 1 220px', minWidth: 0, maxWidth: 420 }}
          value={def.code}
          onChange={setCode}
          options={rankable.map((i) => ({ value: i.code, label: i.label }))}
        />
        <Segmented<View>
          value={mode}
          onChange={setMode}
          options={[
            { value: 'chart', label: x.chart },
            { value: 'table', label: x.table },
          ]}
        />
      </div>
      {ranked.error ? <LoadError error={ranked.error} onRetry={ranked.reload} /> : null}
      {mode === 'chart' ? (
        shown.length > 0 ? (
          <EChart
            option={option}
            height={Math.max(200, shown.length * 22 + 40)}
            label={`${byWard ? x.rankWards : x.rankSchools}: ${def.label}`}
            testId="ranking-chart"
          />
        ) : (
          <Alert type="info" showIcon title={x.noDataPeriod} />
        )
      ) : (
        <ResponsiveTable<RankedPlace>
          rowKey={(r) => r.id}
          columns={columns}
          dataSource={items}
          loading={ranked.loading}
          pagination={{ pageSize: 20 }}
          data-testid="ranking-table"
        />
      )}
    </Card>
  );
}

/** Month by month over the period's year (or the period, when it spans years). */
function Trend({ view, period }: { view: IndicatorsView; period: Period }) {
  const grain: Grain = 'month';
  const x = useIndicatorsT();
  const f = useFormat();
  const [code, setCode] = useState(view.indicators[0]?.code ?? '');
  const [mode, setMode] = useState<View>('chart');
  const def = view.indicators.find((i) => i.code === code) ?? view.indicators[0];
  const place =
    view.place.kind === 'ward' ? { unitId: view.place.id ?? undefined } : view.place.kind === 'school' ? { schoolId: view.place.id ?? undefined } : {};
  // a year's trend back from the end of the period, so one month is never a trend of one point
  const from = period.from.slice(0, 4) === period.to.slice(0, 4) ? `${period.from.slice(0, 4)}-01-01` : period.from;
  const trend = useLoad(
    () => (def ? api.get<{ items: TrendPoint[] }>(`/indicators/${def.code}/trend`, { from, to: period.to, grain, ...place }) : Promise.resolve({ items: [] })),
    [def?.code, from, period.to, grain, place.unitId, place.schoolId],
  );
  const points = trend.data?.items ?? [];
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? f.nf(v) : String(v ?? '')) },
      xAxis: { type: 'category', data: points.map(label) },
      yAxis: { type: 'value', max: def?.unit === 'percent' ? 100 : undefined, axisLabel: { formatter: (v: number) => f.nf(v) } },
      series: [{ type: 'line', data: points.map((p) => p.value), connectNulls: false, name: def?.label ?? '' }],
    }),
    [points, def, f.nf],
  );
  if (!def) return null;
  return (
    <Card
      size="small"
      title={x.trend}
      extra={<CsvLink query={{ view: 'trend', code: def.code, from, to: period.to, grain, ...place }} testId="trend-csv" />}
      data-testid="trend"
    >
      <div className="indicator-controls" style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <Select
          aria-label={x.indicator}
          style={{ flex: '1 1 220px', minWidth: 0, maxWidth: 420 }}
          value={def.code}
          onChange={setCode}
          options={view.indicators.map((i) => ({ value: i.code, label: i.label }))}
        />
        <Segmented<View>
          value={mode}
          onChange={setMode}
          options={[
            { value: 'chart', label: x.chart },
            { value: 'table', label: x.table },
          ]}
        />
      </div>
      {mode === 'chart' ? (
        <EChart option={option} height={260} label={`${x.trend}: ${def.label}`} testId="trend-chart" />
      ) : (
        <ResponsiveTable<TrendPoint>
          rowKey={(p) => p.from}
          dataSource={points}
          pagination={false}
          loading={trend.loading}
          columns={[
            { title: x.period, dataIndex: 'from', render: (_: unknown, p) => label(p) },
            { title: x.value, dataIndex: 'value', align: 'right', render: (_: unknown, p) => f.value({ ...p, unit: def.unit }) },
          ]}
        />
      )}
    </Card>
  );
}
