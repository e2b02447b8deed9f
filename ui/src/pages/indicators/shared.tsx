import { DownloadOutlined } from '@ant-design/icons';
import { Button, Descriptions, Select, Space, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { apiUrl, type Query } from '../../api.js';
import { useLang } from '../../locale.js';
import { useIndicatorsT } from './i18n.js';
import type { Indicator } from './types.js';

export type PeriodKind = 'month' | 'quarter' | 'half_year' | 'year' | 'ytd';
export interface PeriodChoice {
  kind: PeriodKind;
  year: number;
  index: number;
}
export interface Period {
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthStart = (y: number, m0: number) => `${y + Math.floor(m0 / 12)}-${pad((m0 % 12) + 1)}-01`;
const SPAN: Record<Exclude<PeriodKind, 'ytd'>, number> = { month: 1, quarter: 3, half_year: 6, year: 12 };

/** The half-open period [from, to) of a choice (year to date: to the end of this month). */
export function periodOf(c: PeriodChoice, today = new Date()): Period {
  if (c.kind === 'ytd') return { from: `${c.year}-01-01`, to: monthStart(today.getFullYear(), today.getMonth() + 1) };
  const span = SPAN[c.kind];
  return { from: monthStart(c.year, (c.index - 1) * span), to: monthStart(c.year, c.index * span) };
}

/** The day before a YYYY-MM-DD, as people write it (dd/mm/yyyy): "to" is exclusive on the wire. */
export function lastDay(to: string): string {
  const d = new Date(`${to}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}
export const vnDay = (s: string) => `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
/** A moment written one way across the indicator pages (issue 14): "17:57 05/12/2026", Hanoi's clock. */
export function vnTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 7 * 3_600_000);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} ${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

export function usePeriodChoice(): [PeriodChoice, (c: PeriodChoice) => void] {
  const now = new Date();
  return useState<PeriodChoice>({ kind: 'ytd', year: now.getFullYear(), index: 1 });
}

/** Kind of period, year and which month/quarter/half: wraps on a phone, no sideways scroll. */
export function PeriodPicker({ value, onChange }: { value: PeriodChoice; onChange: (c: PeriodChoice) => void }) {
  const x = useIndicatorsT();
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: thisYear - 2019 }, (_, i) => thisYear - i);
  const count = value.kind === 'month' ? 12 : value.kind === 'quarter' ? 4 : value.kind === 'half_year' ? 2 : 0;
  const name = (i: number) => (value.kind === 'month' ? x.monthN(i) : value.kind === 'quarter' ? x.quarterN(i) : x.halfN(i));
  return (
    <Space wrap>
      <Select
        aria-label={x.period}
        data-testid="period-kind"
        style={{ minWidth: 130 }}
        value={value.kind}
        onChange={(kind: PeriodKind) => onChange({ ...value, kind, index: 1 })}
        options={(['ytd', 'month', 'quarter', 'half_year', 'year'] as const).map((k) => ({ value: k, label: x.periodKinds[k] }))}
      />
      <Select
        aria-label={x.year}
        data-testid="period-year"
        style={{ minWidth: 90 }}
        value={value.year}
        onChange={(year: number) => onChange({ ...value, year })}
        options={years.map((y) => ({ value: y, label: String(y) }))}
      />
      {count > 0 ? (
        <Select
          aria-label={x.which}
          style={{ minWidth: 150 }}
          value={value.index}
          onChange={(index: number) => onChange({ ...value, index })}
          options={Array.from({ length: count }, (_, i) => ({ value: i + 1, label: name(i + 1) }))}
        />
      ) : null}
    </Space>
  );
}

export function useFormat() {
  const { lang } = useLang();
  const x = useIndicatorsT();
  // stable per language, so charts memoised on it are not rebuilt on every render
  const nf = useCallback((n: number) => n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB'), [lang]);
  return {
    nf,
    /** An indicator's value as people read it; never a number when there is none. */
    value(i: Pick<Indicator, 'status' | 'value' | 'unit'>): string {
      if (i.status === 'no_feed') return x.noFeed;
      if (i.status === 'no_data' || i.value === null) return x.noDataPeriod;
      return i.unit === 'percent' ? `${nf(i.value)} %` : nf(i.value);
    },
  };
}

/** What an indicator counts, shown beside it (numerator, denominator, period, consent, source). */
export function DefinitionBlock({ i }: { i: Indicator }) {
  const x = useIndicatorsT();
  return (
    <Descriptions size="small" column={1} bordered={false} className="indicator-definition">
      <Descriptions.Item label={x.numerator}>{i.definition.numerator}</Descriptions.Item>
      <Descriptions.Item label={x.denominator}>{i.definition.denominator}</Descriptions.Item>
      <Descriptions.Item label={x.periodRule}>{i.definition.period}</Descriptions.Item>
      <Descriptions.Item label={x.consent}>{i.definition.consent}</Descriptions.Item>
      <Descriptions.Item label={x.source}>{i.definition.source}</Descriptions.Item>
    </Descriptions>
  );
}

/** A CSV of the table beside a chart, from the server (small cells suppressed there). */
export function CsvLink({ query, testId }: { query: Query; testId?: string }) {
  const x = useIndicatorsT();
  return (
    <Button size="small" icon={<DownloadOutlined />} href={apiUrl('/indicators/export.csv', query)} download data-testid={testId} title={x.csvHint}>
      {x.csv}
    </Button>
  );
}

export function Muted({ children }: { children: React.ReactNode }) {
  return <Typography.Text type="secondary">{children}</Typography.Text>;
}
