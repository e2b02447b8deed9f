import { Select, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { LoadError, PageTitle, SearchBox, useUnitNames } from '../../components.js';
import { usePagedList } from '../../hooks.js';
import { UNIT_KINDS } from '../../i18n.js';
import { useLang } from '../../locale.js';
import type { Unit, UnitKind } from '../../types.js';

const KIND_COLOR: Record<UnitKind, string> = { city: 'purple', ward: 'blue', commune: 'green' };

export default function Units() {
  const { t } = useLang();
  const list = usePagedList<Unit, { kind?: UnitKind; q?: string }>('/units', {}, 50);
  const unitName = useUnitNames();
  const columns: ColumnsType<Unit> = [
    { title: t.units.code, dataIndex: 'id', width: 100 },
    { title: t.units.fullName, dataIndex: 'fullName' },
    { title: t.units.nameEn, dataIndex: 'nameEn' },
    { title: t.units.kind, dataIndex: 'kind', width: 130, render: (k: UnitKind) => <Tag color={KIND_COLOR[k]}>{t.unitKinds[k]}</Tag> },
    { title: t.units.parent, dataIndex: 'parentId', render: (p: string | null) => (p ? unitName(p) : t.common.none) },
  ];
  return (
    <>
      <PageTitle>{t.units.title}</PageTitle>
      <search className="filters" aria-label={t.common.filters}>
        <Select<UnitKind>
          aria-label={t.units.kind}
          placeholder={`${t.units.kind}: ${t.common.all}`}
          allowClear
          style={{ width: 200 }}
          value={list.filters.kind}
          onChange={(kind) => list.setFilters({ kind })}
          options={UNIT_KINDS.map((k) => ({ value: k, label: t.unitKinds[k] }))}
        />
        <SearchBox onSearch={(q) => list.setFilters({ q })} />
      </search>
      <LoadError error={list.error} onRetry={list.reload} />
      <Table<Unit>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={{ ...list.pagination, pageSizeOptions: [20, 50, 100] }}
        scroll={{ x: 'max-content' }}
      />
    </>
  );
}
