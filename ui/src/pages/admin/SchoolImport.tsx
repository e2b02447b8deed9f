import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Progress, Result, Space, Statistic, Table, Typography, Upload } from 'antd';
import { useRef, useState } from 'react';
import { api, errorMessage } from '../../api.js';
import { useLang } from '../../locale.js';
import type { ImportResult } from '../../types.js';

type Step =
  | { kind: 'pick' }
  | { kind: 'checking'; file: File; percent: number }
  | { kind: 'preview'; file: File; result: ImportResult }
  | { kind: 'importing'; file: File; result: ImportResult; percent: number }
  | { kind: 'done'; result: ImportResult };

const ACCEPT = '.csv,.xlsx';
const okType = (f: File) => /\.(csv|xlsx)$/i.test(f.name);

/** Upload → dry run preview (counts, rejected rows) → confirm → real import. Nothing is written before confirming. */
export default function SchoolImport({ open, onClose }: { open: boolean; onClose: (changed: boolean) => void }) {
  const { t } = useLang();
  const [step, setStep] = useState<Step>({ kind: 'pick' });
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  const reset = () => {
    abort.current?.abort();
    abort.current = null;
    setStep({ kind: 'pick' });
    setError(null);
  };

  const send = (file: File, dryRun: boolean, onProgress: (p: number) => void) => {
    abort.current = new AbortController();
    return api.upload<ImportResult>('/schools/import', file, { query: { dryRun }, onProgress, signal: abort.current.signal });
  };

  const check = async (file: File) => {
    setError(null);
    if (!okType(file)) {
      setError(t.importSchools.wrongType);
      return;
    }
    setStep({ kind: 'checking', file, percent: 0 });
    try {
      const result = await send(file, true, (percent) => setStep((s) => (s.kind === 'checking' ? { ...s, percent } : s)));
      setStep({ kind: 'preview', file, result });
    } catch (e) {
      if ((e as { code?: string }).code === 'aborted') return;
      setStep({ kind: 'pick' });
      setError(errorMessage(e));
    }
  };

  const commit = async () => {
    if (step.kind !== 'preview') return;
    const { file, result } = step;
    setError(null);
    setStep({ kind: 'importing', file, result, percent: 0 });
    try {
      const done = await send(file, false, (percent) => setStep((s) => (s.kind === 'importing' ? { ...s, percent } : s)));
      setStep({ kind: 'done', result: done });
    } catch (e) {
      if ((e as { code?: string }).code === 'aborted') return;
      setStep({ kind: 'preview', file, result });
      setError(errorMessage(e));
    }
  };

  const close = () => {
    const changed = step.kind === 'done';
    reset();
    onClose(changed);
  };

  const result = step.kind === 'preview' || step.kind === 'importing' || step.kind === 'done' ? step.result : null;

  const footer =
    step.kind === 'preview' ? (
      <Space>
        <Button onClick={reset}>{t.importSchools.another}</Button>
        <Button type="primary" disabled={step.result.valid === 0} onClick={() => void commit()} data-testid="import-confirm">
          {t.importSchools.confirm(step.result.valid)}
        </Button>
      </Space>
    ) : (
      <Button onClick={close}>{t.common.close}</Button>
    );

  return (
    <Modal open={open} title={t.importSchools.title} width={760} onCancel={close} footer={footer} destroyOnHidden mask={{ closable: false }}>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" /> : null}
      {step.kind === 'pick' ? (
        <>
          <Typography.Paragraph>{t.importSchools.hint}</Typography.Paragraph>
          <Upload.Dragger
            accept={ACCEPT}
            multiple={false}
            showUploadList={false}
            beforeUpload={(file) => {
              void check(file);
              return Upload.LIST_IGNORE;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t.importSchools.drop}</p>
            <p className="ant-upload-hint">.csv · .xlsx</p>
          </Upload.Dragger>
        </>
      ) : null}
      {step.kind === 'checking' || step.kind === 'importing' ? (
        <div aria-live="polite">
          <Typography.Paragraph>
            {step.percent < 100 ? t.importSchools.uploading : t.importSchools.checking} <Typography.Text type="secondary">{step.file.name}</Typography.Text>
          </Typography.Paragraph>
          <Progress percent={step.percent} status="active" data-testid="import-progress" />
        </div>
      ) : null}
      {step.kind === 'done' ? (
        <Result status="success" title={t.importSchools.done} subTitle={t.importSchools.doneSummary(step.result.created, step.result.updated)} />
      ) : null}
      {result && step.kind !== 'importing' ? (
        <div data-testid="import-preview">
          {step.kind === 'preview' ? <Typography.Title level={4}>{t.importSchools.preview}</Typography.Title> : null}
          <Space size={32} wrap style={{ marginBottom: 16 }}>
            <Statistic title={t.importSchools.total} value={result.total} />
            <Statistic title={t.importSchools.valid} value={result.valid} styles={{ content: { color: '#389e0d' } }} />
            <Statistic
              title={t.importSchools.rejectedCount}
              value={result.rejected.length}
              styles={{ content: { color: result.rejected.length ? '#cf1322' : undefined } }}
            />
            {step.kind === 'done' ? (
              <>
                <Statistic title={t.importSchools.created} value={result.created} />
                <Statistic title={t.importSchools.updated} value={result.updated} />
              </>
            ) : null}
          </Space>
          {step.kind === 'preview' && result.valid === 0 ? (
            <Alert type="warning" showIcon title={t.importSchools.nothingValid} style={{ marginBottom: 16 }} />
          ) : null}
          {result.rejected.length ? (
            <>
              <Typography.Title level={5}>{t.importSchools.rejected}</Typography.Title>
              <Table
                size="small"
                rowKey={(r) => `${r.line}:${r.reason}`}
                dataSource={result.rejected}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[
                  { title: t.importSchools.line, dataIndex: 'line', width: 90 },
                  { title: t.importSchools.reason, dataIndex: 'reason' },
                ]}
              />
            </>
          ) : null}
        </div>
      ) : null}
    </Modal>
  );
}
