import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Space, Typography, Upload } from 'antd';
import type { ColumnType } from 'antd/es/table/index.js';
import { useEffect, useState } from 'react';
import { api, apiUrl, errorMessage } from '../../api.js';
import { PageTitle } from '../../components.js';
import { ResponsiveTable } from '../filter/responsive.js';
import { useProgrammesT } from './i18n.js';
import { PeriodSelect } from './shared.js';
import type { ImportStarted, ImportState } from './types.js';

type Refusal = ImportState['rejected'][number];
const FINAL = new Set(['done', 'refused', 'failed']);

/**
 * Bulk entry from the .xlsx template: download, fill, upload; the server checks every row and
 * either writes them all or none. Its progress is polled while it runs; refused rows are listed
 * with sheet, line and reason.
 */
export default function Import() {
  const m = useProgrammesT();
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const [uploading, setUploading] = useState<number | null>(null);
  const [state, setState] = useState<ImportState | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!state || FINAL.has(state.status)) return;
    const timer = setTimeout(() => {
      api.get<ImportState>(`/programmes/imports/${encodeURIComponent(state.id)}`).then(setState, (e) => setError(errorMessage(e)));
    }, 400);
    return () => clearTimeout(timer);
  }, [state]);

  const upload = async (file: File) => {
    setError(null);
    setState(null);
    setUploading(0);
    try {
      const started = await api.upload<ImportStarted>('/programmes/imports', file, { query: { period }, onProgress: setUploading });
      setState({ id: started.id, status: 'reading', done: 0, total: 0, created: null, refusedCount: 0, rejected: [], error: null });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setUploading(null);
    }
  };

  const columns: ColumnType<Refusal>[] = [
    { title: m.import.sheet, dataIndex: 'sheet' },
    { title: m.import.line, dataIndex: 'line' },
    { title: m.import.column, dataIndex: 'column' },
    { title: m.import.reason, dataIndex: 'reason', render: (v: string) => <span style={{ overflowWrap: 'anywhere' }}>{v}</span> },
  ];
  const percent = state && state.total > 0 ? Math.round((100 * state.done) / state.total) : undefined;

  return (
    <div data-testid="programme-import-page">
      <PageTitle>{m.import.title}</PageTitle>
      <Typography.Paragraph>{m.import.intro}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <PeriodSelect value={period} onChange={setPeriod} placeholder={m.common.currentPeriod} />
        <Button icon={<DownloadOutlined />} href={apiUrl('/programmes/import/template', { period })} data-testid="import-template">
          {m.import.template}
        </Button>
        <Upload
          accept=".xlsx"
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={uploading !== null}>
            {m.import.upload}
          </Button>
        </Upload>
      </Space>
      {uploading !== null ? <Progress percent={uploading} status="active" format={() => m.import.uploading} /> : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      {state ? (
        <div data-testid="import-state">
          {!FINAL.has(state.status) ? (
            <>
              <Typography.Text>{`${m.import.statuses[state.status]} — ${m.import.progress(state.done, state.total)}`}</Typography.Text>
              <Progress percent={percent} status="active" showInfo={percent !== undefined} />
            </>
          ) : null}
          {state.status === 'done' ? <Alert type="success" showIcon title={m.import.created(state.created ?? 0)} /> : null}
          {state.status === 'failed' ? <Alert type="error" showIcon title={m.import.statuses.failed} description={state.error?.message} /> : null}
          {state.status === 'refused' ? (
            <>
              <Alert
                type="warning"
                showIcon
                title={m.import.statuses.refused}
                description={m.import.refused(state.refusedCount)}
                style={{ marginBottom: 16 }}
              />
              <ResponsiveTable
                rowKey={(r) => `${r.sheet}:${r.line}:${r.column}:${r.code}`}
                columns={columns}
                dataSource={state.rejected}
                pagination={{ pageSize: 50 }}
                data-testid="import-refusals"
              />
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
