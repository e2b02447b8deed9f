import { Card } from 'antd';
import type { ColumnType } from 'antd/es/table/index.js';
import { api } from '../../api.js';
import { LoadError, PageTitle } from '../../components.js';
import { useLoad } from '../../hooks.js';
import { ResponsiveTable } from '../filter/responsive.js';
import { useCasesT } from './i18n.js';
import type { Caseload as Load } from './types.js';

/** The caseload per ward/agency and per worker: open and overdue cases and tasks (counts only). */
export default function Caseload() {
  const m = useCasesT();
  const load = useLoad(() => api.get<Load>('/cases/caseload'), []);
  const counts = <T extends { openCases: number; overdueCases: number; openTasks: number; overdueTasks: number }>(): ColumnType<T>[] => [
    { title: m.load.open, dataIndex: 'openCases', align: 'right' },
    { title: m.load.overdue, dataIndex: 'overdueCases', align: 'right' },
    { title: m.load.tasks, dataIndex: 'openTasks', align: 'right' },
    { title: m.load.overdueTasks, dataIndex: 'overdueTasks', align: 'right' },
  ];
  type U = Load['units'][number];
  type W = Load['workers'][number];
  const units: ColumnType<U>[] = [
    { title: m.load.unit, dataIndex: 'name' },
    ...counts<U>(),
    { title: m.load.unassigned, dataIndex: 'unassigned', align: 'right' },
    { title: m.load.waiting, dataIndex: 'referralsWaiting', align: 'right' },
  ];
  const workers: ColumnType<W>[] = [{ title: m.load.name, dataIndex: 'name' }, { title: m.load.unit, dataIndex: 'unitName' }, ...counts<W>()];
  return (
    <div data-testid="caseload-page">
      <PageTitle>{m.load.title}</PageTitle>
      <LoadError error={load.error} onRetry={load.reload} />
      <Card title={m.load.units} size="small" style={{ marginBottom: 16 }}>
        <ResponsiveTable
          rowKey={(r) => `${r.unitId ?? ''}|${r.agencyId ?? ''}`}
          columns={units}
          dataSource={load.data?.units ?? []}
          loading={load.loading}
          pagination={false}
        />
      </Card>
      <Card title={m.load.workers} size="small">
        <ResponsiveTable rowKey={(r) => r.userId} columns={workers} dataSource={load.data?.workers ?? []} loading={load.loading} pagination={false} />
      </Card>
    </div>
  );
}
