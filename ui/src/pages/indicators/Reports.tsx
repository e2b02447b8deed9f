import { DownloadOutlined, FileExcelOutlined, FileWordOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, InputNumber, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, apiUrl, errorMessage } from '../../api.js';
import { useMe } from '../../auth.js';
import { LoadError, PageTitle } from '../../components.js';
import { useLoad } from '../../hooks.js';
import { ResponsiveTable } from '../filter/responsive.js';
import { IssuerForm } from './IssuerForm.js';
import { useIndicatorsT } from './i18n.js';
import { lastDay, Muted, PeriodPicker, periodOf, usePeriodChoice, vnDay, vnTime } from './shared.js';
import type { ReportKind, ReportSummary } from './types.js';

interface GenerateForm {
  kind: ReportKind;
  year?: number;
  index?: number;
  range?: [Dayjs, Dayjs];
}

const COUNT: Record<ReportKind, number> = { monthly: 12, quarterly: 4, half_year: 2, annual: 0, ad_hoc: 0 };
const MONTHS: Record<Exclude<ReportKind, 'ad_hoc'>, number> = { monthly: 1, quarterly: 3, half_year: 6, annual: 12 };

/** The last period of a kind that has ended by today (in December: November, Q3, the first half, last year). */
function lastComplete(kind: ReportKind, today = new Date()): { year: number; index: number } {
  if (kind === 'ad_hoc') return { year: today.getFullYear(), index: 1 };
  const span = MONTHS[kind];
  // whole periods before this month's: the one containing the current month has not ended
  const done = Math.floor((today.getFullYear() * 12 + today.getMonth()) / span) - 1;
  const perYear = 12 / span;
  return { year: Math.floor(done / perYear), index: (done % perYear) + 1 };
}

/** The first day after a chosen period (YYYY-MM-DD), or null for an ad-hoc range. */
function periodEnd(v: Partial<GenerateForm>): string | null {
  if (!v.kind || v.kind === 'ad_hoc' || !v.year) return null;
  const span = MONTHS[v.kind];
  const m = (v.kind === 'annual' ? 1 : (v.index ?? 1)) * span;
  return `${v.year + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`;
}

/** Periodic and ad-hoc reports: generate now, the list of those generated (by hand or by the schedule), raw anonymised CSV. */
export default function Reports() {
  const x = useIndicatorsT();
  const me = useMe();
  const { message } = App.useApp();
  const list = useLoad(() => api.get<{ items: ReportSummary[] }>('/indicators/reports'), []);
  const [form] = Form.useForm<GenerateForm>();
  const kind = Form.useWatch('kind', form) ?? 'monthly';
  const chosen = Form.useWatch([], form) as Partial<GenerateForm> | undefined;
  const today = new Date();
  const ends = periodEnd(chosen ?? {});
  // the period has not ended when Hanoi's today is before its first day after
  const hanoiToday = new Date(today.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  const notEnded = ends !== null && hanoiToday < ends ? lastDay(ends) : null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [rawChoice, setRawChoice] = usePeriodChoice();
  const raw = periodOf(rawChoice);
  const nameOf = (kindName: ReportKind, i: number) =>
    kindName === 'monthly' ? `Tháng ${i}` : kindName === 'quarterly' ? `Quý ${i}` : i === 1 ? x.halfN(1) : x.halfN(2);

  async function generate(v: GenerateForm) {
    setBusy(true);
    setError(null);
    try {
      const day = (d: Dayjs) => d.format('YYYY-MM-DD');
      const body =
        v.kind === 'ad_hoc' && v.range
          ? { kind: v.kind, from: day(v.range[0]), to: day(v.range[1].add(1, 'day')) }
          : { kind: v.kind, year: v.year, ...(COUNT[v.kind] > 0 ? { index: v.index } : {}) };
      await api.post('/indicators/reports', body);
      message.success(x.generated);
      list.reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const canGenerate = me.abilities['indicators.reports.generate'];
  const thisYear = new Date().getFullYear();
  return (
    <div data-testid="indicator-reports">
      <PageTitle>{x.reports}</PageTitle>
      {canGenerate ? (
        <Card size="small" title={x.generate} style={{ marginBottom: 16 }}>
          <Form<GenerateForm> form={form} layout="vertical" initialValues={{ kind: 'monthly', ...lastComplete('monthly') }} onFinish={generate}>
            <Space wrap align="end">
              <Form.Item name="kind" label={x.kind} rules={[{ required: true }]}>
                <Select
                  style={{ minWidth: 180 }}
                  options={(Object.keys(x.kinds) as ReportKind[]).map((k) => ({ value: k, label: x.kinds[k] }))}
                  data-testid="report-kind"
                  onChange={(k: ReportKind) => form.setFieldsValue(lastComplete(k))}
                />
              </Form.Item>
              {kind !== 'ad_hoc' ? (
                <Form.Item name="year" label={x.year} rules={[{ required: true }]}>
                  <InputNumber min={2020} max={thisYear} />
                </Form.Item>
              ) : (
                <Form.Item name="range" label={`${x.from} – ${x.to}`} rules={[{ required: true }]}>
                  <DatePicker.RangePicker format="DD/MM/YYYY" />
                </Form.Item>
              )}
              {COUNT[kind] > 0 ? (
                <Form.Item name="index" label={x.which} rules={[{ required: true }]}>
                  <Select
                    style={{ minWidth: 150 }}
                    data-testid="report-index"
                    options={Array.from({ length: COUNT[kind] }, (_, i) => ({ value: i + 1, label: nameOf(kind, i + 1) }))}
                  />
                </Form.Item>
              ) : null}
              <Form.Item>
                <Button type="primary" htmlType="submit" loading={busy} data-testid="report-generate">
                  {busy ? x.generating : x.generate}
                </Button>
              </Form.Item>
            </Space>
          </Form>
          {notEnded ? <Alert type="warning" showIcon title={x.notEnded(notEnded)} style={{ marginBottom: 8 }} data-testid="report-not-ended" /> : null}
          {error ? <Alert type="error" showIcon title={error} /> : null}
          <Muted>{x.scheduleHint}</Muted>
        </Card>
      ) : null}
      {canGenerate ? <IssuerForm /> : null}
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <ResponsiveTable<ReportSummary>
        rowKey={(r) => r.id}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        emptyText={x.noReports}
        data-testid="report-list"
        columns={[
          { title: x.kind, dataIndex: 'kindLabel' },
          { title: x.period, dataIndex: 'from', render: (_: unknown, r) => `${vnDay(r.from)} – ${lastDay(r.to)}` },
          { title: x.createdAt, dataIndex: 'createdAt', render: (_: unknown, r) => `${vnTime(r.createdAt)} · ${x.origin[r.origin]}` },
          {
            title: x.download,
            dataIndex: 'id',
            render: (id: string) => (
              <Space wrap>
                <Button size="small" icon={<FileExcelOutlined />} href={apiUrl(`/indicators/reports/${id}/xlsx`)} download>
                  .xlsx
                </Button>
                <Button size="small" icon={<FileWordOutlined />} href={apiUrl(`/indicators/reports/${id}/docx`)} download>
                  .docx
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Card size="small" title={x.rawData} style={{ marginTop: 16 }}>
        <Space wrap>
          <PeriodPicker value={rawChoice} onChange={setRawChoice} />
          <Button icon={<DownloadOutlined />} href={apiUrl('/indicators/raw.csv', { from: raw.from, to: raw.to })} download data-testid="raw-csv">
            {x.csv}
          </Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {x.rawHint}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
