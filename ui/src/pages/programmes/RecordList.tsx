import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, type FormInstance, Space } from 'antd';
import type { ColumnType } from 'antd/es/table/index.js';
import { type ReactNode, useState } from 'react';
import { api, type Query } from '../../api.js';
import { LoadError, PageTitle } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { usePagedList } from '../../hooks.js';
import { ResponsiveTable } from '../filter/responsive.js';
import { FieldMessages } from './FieldMessages.js';
import { useProgrammesT } from './i18n.js';
import { DeleteRecord } from './shared.js';

type PagedList<T, Q extends Query> = ReturnType<typeof usePagedList<T, Q>>;

/** How a page adds a record: the modal's fields and how its values become the API's body. */
export interface RecordForm<V extends object> {
  initialValues: Partial<V>;
  fields: (form: FormInstance<V>) => ReactNode;
  toBody: (values: V) => unknown;
}

/**
 * One list of programme records (sessions, trainings, outreach): a title with "add" and reload, the
 * records from `path` in pages (a table on a laptop, cards on a phone), a modal form that POSTs to
 * `path`, and on each row the page's own actions beside a confirmed delete of `path/:id`. Who may
 * add may delete (`canWrite`); the server decides again on every call.
 */
export function RecordList<T extends { id: string }, V extends object, Q extends Query = Record<string, never>>(props: {
  path: string;
  testId: string;
  title: string;
  addLabel: string;
  emptyText: string;
  canWrite: boolean;
  columns: ColumnType<T>[];
  form: RecordForm<V>;
  initialFilters?: Q;
  /** beside "add" and reload (e.g. the link to the Excel import) */
  extra?: ReactNode;
  /** above the list (e.g. a school filter), given the list to filter */
  filters?: (list: PagedList<T, Q>) => ReactNode;
  /** on each row, before the delete button (e.g. the session's photos) */
  rowActions?: (row: T) => ReactNode;
  /** the delete confirmation, when deleting takes more than the row (a session's photos) */
  confirmDelete?: string;
  tableTestId?: string;
  addTestId?: string;
}) {
  const m = useProgrammesT();
  const { message } = App.useApp();
  const list = usePagedList<T, Q>(props.path, props.initialFilters ?? ({} as Q));
  const [adding, setAdding] = useState(false);
  const { canWrite, rowActions } = props;

  const columns: ColumnType<T>[] =
    canWrite || rowActions
      ? [
          ...props.columns,
          {
            title: '',
            key: 'act',
            render: (_: unknown, r: T) => (
              <Space wrap>
                {rowActions?.(r)}
                {canWrite ? <DeleteRecord path={`${props.path}/${encodeURIComponent(r.id)}`} onDone={list.reload} confirm={props.confirmDelete} /> : null}
              </Space>
            ),
          },
        ]
      : props.columns;

  return (
    <div data-testid={props.testId}>
      <PageTitle
        extra={
          <Space wrap>
            {canWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid={props.addTestId}>
                {props.addLabel}
              </Button>
            ) : null}
            {props.extra}
            <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={m.common.reload} />
          </Space>
        }
      >
        {props.title}
      </PageTitle>
      {props.filters?.(list)}
      <LoadError error={list.error} onRetry={list.reload} />
      <ResponsiveTable
        rowKey={(r) => r.id}
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={list.pagination}
        emptyText={props.emptyText}
        data-testid={props.tableTestId}
      />
      <FieldMessages>
        <FormModal<V>
          open={adding}
          title={props.addLabel}
          initialValues={props.form.initialValues}
          onCancel={() => setAdding(false)}
          onSubmit={async (v) => {
            await api.post(props.path, props.form.toBody(v));
            void message.success(m.common.saved);
            setAdding(false);
            list.reload();
          }}
        >
          {props.form.fields}
        </FormModal>
      </FieldMessages>
    </div>
  );
}
