import { BellOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, InputNumber, Space, Typography } from 'antd';
import type { ColumnType } from 'antd/es/table/index.js';
import { useMemo, useState } from 'react';
import { api, errorMessage } from '../../api.js';
import { useMe } from '../../auth.js';
import { LoadError, PageTitle } from '../../components.js';
import { useLoad } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { ResponsiveTable } from '../filter/responsive.js';
import { useProgrammesT } from './i18n.js';
import { PeriodSelect, useNumber } from './shared.js';
import type { Coverage as CoverageAnswer } from './types.js';

type Cell = CoverageAnswer['cells'][number];
type Uncovered = CoverageAnswer['uncovered'][number];
interface WardRow {
  unitId: string;
  unitName: string;
  schools: number;
  covered: number;
  byLevel: Cell[];
}

/** A period's label opens the heading: "học kỳ II …" → "Học kỳ II …". */
const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

/** Coverage per ward (and level) for a period, the schools not yet covered, and reminders to them. */
export default function Coverage() {
  const m = useProgrammesT();
  const { t } = useLang();
  const me = useMe();
  const { message } = App.useApp();
  const num = useNumber();
  const pct = (covered: number, schools: number) => (schools === 0 ? '—' : `${num((100 * covered) / schools, 1)} %`);
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const [minSessions, setMinSessions] = useState<number | null>(null);
  const loaded = useLoad(() => api.get<CoverageAnswer>('/programmes/coverage', { period, minSessions }), [period, minSessions]);
  const c = loaded.data;

  const wards = useMemo(() => {
    const out = new Map<string, WardRow>();
    for (const cell of c?.cells ?? []) {
      let w = out.get(cell.unitId);
      if (!w) {
        w = { unitId: cell.unitId, unitName: cell.unitName, schools: 0, covered: 0, byLevel: [] };
        out.set(cell.unitId, w);
      }
      w.schools += cell.schools;
      w.covered += cell.covered;
      w.byLevel.push(cell);
    }
    return [...out.values()].sort((a, b) => a.covered / a.schools - b.covered / b.schools || a.unitName.localeCompare(b.unitName, 'vi'));
  }, [c]);
  const total = wards.reduce((acc, w) => ({ schools: acc.schools + w.schools, covered: acc.covered + w.covered }), { schools: 0, covered: 0 });

  const remind = async () => {
    try {
      const r = await api.post<{ schools: number }>('/programmes/coverage/reminders', undefined, { period });
      void message.success(m.coverage.reminded(r.schools));
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  const wardColumns: ColumnType<WardRow>[] = [
    { title: m.common.ward, dataIndex: 'unitName' },
    { title: m.coverage.schools, dataIndex: 'schools', render: (v: number) => num(v) },
    { title: m.coverage.covered, dataIndex: 'covered', render: (v: number) => num(v) },
    { title: m.coverage.share, key: 'share', render: (_: unknown, w) => pct(w.covered, w.schools) },
    {
      title: m.coverage.level,
      key: 'levels',
      render: (_: unknown, w) => (
        <span style={{ overflowWrap: 'anywhere' }}>{w.byLevel.map((l) => `${t.levels[l.level]}: ${l.covered}/${l.schools}`).join(' · ')}</span>
      ),
    },
  ];
  const schoolColumns: ColumnType<Uncovered>[] = [
    { title: m.common.school, dataIndex: 'name' },
    { title: m.common.ward, dataIndex: 'unitName' },
    { title: m.coverage.level, dataIndex: 'level', render: (l: Uncovered['level']) => t.levels[l] },
    { title: m.coverage.sessions, dataIndex: 'sessions' },
  ];

  return (
    <div data-testid="programme-coverage-page">
      <PageTitle extra={<Button icon={<ReloadOutlined />} onClick={loaded.reload} aria-label={m.common.reload} />}>{m.coverage.title}</PageTitle>
      <Space wrap style={{ marginBottom: 16 }}>
        <PeriodSelect value={period} onChange={setPeriod} placeholder={m.common.yearToDate} />
        <Space>
          <span>{m.coverage.minSessions}</span>
          <InputNumber
            min={1}
            max={50}
            precision={0}
            value={minSessions ?? c?.minSessions}
            onChange={(v) => setMinSessions(typeof v === 'number' ? v : null)}
            aria-label={m.coverage.minSessions}
          />
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">{m.coverage.definition}</Typography.Paragraph>
      <LoadError error={loaded.error} onRetry={loaded.reload} />
      {c ? (
        <>
          {c.ownSchool ? (
            <Alert
              type={c.ownSchool.covered ? 'success' : 'warning'}
              showIcon
              style={{ marginBottom: 16 }}
              title={m.coverage.ownSchool(c.ownSchool.name, c.ownSchool.covered, c.ownSchool.sessions, c.minSessions)}
              data-testid="coverage-own-school"
            />
          ) : null}
          <Typography.Title level={4} data-testid="coverage-total">
            {`${capitalise(c.period.label)}: ${m.coverage.total} ${num(total.covered)}/${num(total.schools)} (${pct(total.covered, total.schools)})`}
          </Typography.Title>
          <ResponsiveTable
            rowKey={(w) => w.unitId}
            columns={wardColumns}
            dataSource={wards}
            loading={loaded.loading}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            data-testid="coverage-wards"
          />
          <Space wrap style={{ margin: '24px 0 8px', justifyContent: 'space-between', width: '100%' }}>
            <Typography.Title level={4} style={{ margin: 0 }}>{`${m.coverage.uncovered} (${c.uncovered.length})`}</Typography.Title>
            {me.abilities['programmes.coverage.remind'] && c.uncovered.length > 0 ? (
              <Button icon={<BellOutlined />} onClick={() => void remind()} data-testid="coverage-remind">
                {m.coverage.remind}
              </Button>
            ) : null}
          </Space>
          {c.uncovered.length === 0 ? (
            <Alert type="success" showIcon title={m.coverage.allCovered} />
          ) : (
            <ResponsiveTable
              rowKey={(s) => s.schoolId}
              columns={schoolColumns}
              dataSource={c.uncovered}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              data-testid="coverage-uncovered"
            />
          )}
        </>
      ) : null}
    </div>
  );
}
