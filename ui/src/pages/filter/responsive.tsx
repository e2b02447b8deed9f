import { Card, Descriptions, Empty, Grid, Pagination, Spin, Table, type TableProps } from 'antd';
import type { ColumnType } from 'antd/es/table/index.js';
import { type Key, type ReactNode, useState } from 'react';

const CARDS_PER_PAGE = 10;

/**
 * A table on a laptop, a stack of cards on a phone: the same columns (title → label, render →
 * value), so a school administrator answering a request from a phone neither scrolls sideways
 * nor reads a domain broken one letter per line.
 */
export function ResponsiveTable<T extends object>(
  props: Omit<TableProps<T>, 'rowKey' | 'columns' | 'dataSource' | 'locale' | 'scroll'> & {
    rowKey: (r: T) => Key;
    columns: ColumnType<T>[];
    dataSource: readonly T[];
    emptyText?: ReactNode;
    'data-testid'?: string;
  },
) {
  const screens = Grid.useBreakpoint();
  const [page, setPage] = useState(1);
  const { columns, dataSource, rowKey, emptyText, loading, pagination } = props;
  if (screens.md !== false) return <Table<T> {...props} locale={emptyText ? { emptyText } : undefined} scroll={{ x: true }} />;
  const cellOf = (c: ColumnType<T>, r: T, i: number): ReactNode => {
    const path = c.dataIndex as keyof T | undefined;
    const value = path !== undefined ? r[path] : undefined;
    return c.render ? (c.render(value, r, i) as ReactNode) : (value as ReactNode);
  };
  // ten cards a page when the table pages at all, so a long list (the guard list) is not one endless column
  const pageSize = pagination === false ? Math.max(dataSource.length, 1) : CARDS_PER_PAGE;
  const pages = Math.max(1, Math.ceil(dataSource.length / pageSize));
  const current = Math.min(page, pages);
  const shown = dataSource.slice((current - 1) * pageSize, current * pageSize);
  return (
    <div data-testid={props['data-testid']}>
      {loading && !dataSource.length ? <Spin style={{ display: 'block', margin: '24px auto' }} /> : null}
      {!loading && !dataSource.length ? <Empty description={emptyText ?? null} image={Empty.PRESENTED_IMAGE_SIMPLE} /> : null}
      {shown.map((r, i) => (
        <Card key={rowKey(r)} size="small" style={{ marginBottom: 12 }} className="responsive-card">
          {/* label above value: a value (a button, a long name) never pushes the card past the screen */}
          <Descriptions
            column={1}
            layout="vertical"
            size="small"
            items={columns
              .map((c, j) => ({ key: String(c.key ?? c.dataIndex ?? j), label: c.title as ReactNode, children: cellOf(c, r, i) }))
              // a cell with nothing in it (no action left on a revoked node) is no line with a bare label
              .filter((item) => item.children !== null && item.children !== undefined && item.children !== false)}
          />
        </Card>
      ))}
      {pages > 1 ? (
        <Pagination simple current={current} pageSize={pageSize} total={dataSource.length} onChange={setPage} style={{ textAlign: 'center' }} />
      ) : null}
    </div>
  );
}
