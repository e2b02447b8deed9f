import { DownloadOutlined, EditOutlined, ImportOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Radio, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useState } from 'react';
import { api, apiUrl } from '../../api.js';
import { useMe } from '../../auth.js';
import { FileOrOther, formatDateTime, ImportResultModal, LoadError, PageTitle, useTextFile } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { useLoad } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { useDetectT } from './i18n.js';
import { BANK_KINDS, type Bank, type BankImportResult, type BankKind } from './types.js';

type CreateForm = { code: string; name: string; kind: BankKind; threshold?: number; description?: string };
type EditForm = { name: string; threshold?: number; description?: string };
type ImportForm = { source: 'file' | 'paste'; content?: string };

/** The server's import ceiling (src/detect/images/routes.ts IMPORT_BODY_LIMIT). */
const MAX_IMPORT_CHARS = 32 * 1024 * 1024;
const DEFAULT_PDQ_THRESHOLD = 31;

/**
 * Hash banks (GET/POST/PATCH /detect/banks): counts and thresholds, a new bank, CSV import from a
 * file or pasted text with the rejected lines shown, and the CSV export.
 */
export default function Banks() {
  const { t, lang } = useLang();
  const m = useDetectT();
  const me = useMe();
  const { message } = App.useApp();
  const banks = useLoad(() => api.get<Bank[]>('/detect/banks'), []);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Bank | null>(null);
  const [importing, setImporting] = useState<Bank | null>(null);
  const [result, setResult] = useState<BankImportResult | null>(null);
  const canManage = me.abilities['detect.banks.manage'];
  const nf = (n: number) => n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');

  const columns: ColumnsType<Bank> = [
    {
      title: m.banks.name,
      dataIndex: 'name',
      render: (n: string, b) => (
        <>
          <strong>{n}</strong>
          <div className="muted">
            <code>{b.code}</code>
          </div>
          {b.description ? <div className="muted">{b.description}</div> : null}
        </>
      ),
    },
    { title: m.banks.kind, dataIndex: 'kind', width: 200, render: (k: BankKind) => m.bankKinds[k] },
    { title: m.banks.count, dataIndex: 'hashCount', width: 120, align: 'right', render: (n: number) => <span data-testid="bank-count">{nf(n)}</span> },
    { title: m.banks.threshold, dataIndex: 'threshold', width: 150, align: 'right', render: (n: number, b) => (b.kind === 'pdq' ? n : '—') },
    { title: m.banks.updated, dataIndex: 'updatedAt', width: 140, render: (v: string) => formatDateTime(v) },
    ...(canManage
      ? [
          {
            title: t.common.actions,
            key: 'actions',
            render: (_: unknown, b: Bank) => (
              <Space wrap size="small">
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(b)} aria-label={`${m.banks.edit}: ${b.name}`}>
                  {m.banks.edit}
                </Button>
                <Button
                  size="small"
                  icon={<ImportOutlined />}
                  onClick={() => setImporting(b)}
                  data-testid={`bank-import-${b.code}`}
                  aria-label={`${m.banks.import}: ${b.name}`}
                >
                  {m.banks.import}
                </Button>
                <Button
                  size="small"
                  icon={<DownloadOutlined />}
                  href={apiUrl(`/detect/banks/${encodeURIComponent(b.id)}/export`)}
                  download={`${b.code}.csv`}
                  aria-label={`${m.banks.export}: ${b.name}`}
                >
                  {m.banks.export}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageTitle
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={banks.reload}>
              {t.common.reload}
            </Button>
            {canManage ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="bank-create">
                {m.banks.create}
              </Button>
            ) : null}
          </>
        }
      >
        {m.banks.title}
      </PageTitle>
      <Typography.Paragraph type="secondary">{canManage ? m.banks.hint : m.banks.readOnly}</Typography.Paragraph>
      <LoadError error={banks.error} onRetry={banks.reload} />
      <Table<Bank>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={banks.data ?? []}
        loading={banks.loading}
        pagination={false}
        data-testid="banks-table"
        locale={{ emptyText: m.banks.empty }}
        scroll={{ x: 'max-content' }}
      />

      <FormModal<CreateForm>
        open={creating}
        title={m.banks.createTitle}
        okText={m.banks.create}
        initialValues={{ kind: 'pdq', threshold: DEFAULT_PDQ_THRESHOLD }}
        onCancel={() => setCreating(false)}
        testId="bank-create-modal"
        onSubmit={async (v) => {
          await api.post<Bank>('/detect/banks', {
            code: v.code.trim(),
            name: v.name.trim(),
            kind: v.kind,
            ...(v.kind === 'pdq' && v.threshold !== undefined && v.threshold !== null ? { threshold: v.threshold } : {}),
            ...(v.description?.trim() ? { description: v.description.trim() } : {}),
          });
          setCreating(false);
          void message.success(m.banks.created);
          banks.reload();
        }}
      >
        {(form) => (
          <>
            <Form.Item
              name="code"
              label={m.banks.code}
              extra={m.banks.codeHint}
              rules={[
                { required: true, message: t.common.required(m.banks.code) },
                { pattern: /^[a-z0-9][a-z0-9_-]{1,63}$/, message: m.banks.codeHint },
              ]}
            >
              <Input maxLength={64} />
            </Form.Item>
            <Form.Item name="name" label={m.banks.name} rules={[{ required: true, whitespace: true, message: t.common.required(m.banks.name) }]}>
              <Input maxLength={120} />
            </Form.Item>
            <Form.Item name="kind" label={m.banks.kind}>
              <Radio.Group options={BANK_KINDS.map((k) => ({ value: k, label: m.bankKinds[k] }))} />
            </Form.Item>
            <Form.Item noStyle shouldUpdate={(a, b) => a.kind !== b.kind}>
              {() =>
                form.getFieldValue('kind') === 'pdq' ? (
                  <Form.Item name="threshold" label={m.banks.threshold} extra={m.banks.thresholdHint}>
                    <InputNumber min={0} max={80} precision={0} />
                  </Form.Item>
                ) : null
              }
            </Form.Item>
            <Form.Item name="description" label={m.banks.description}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </>
        )}
      </FormModal>

      <FormModal<EditForm>
        open={editing !== null}
        title={editing ? m.banks.editTitle(editing.name) : ''}
        initialValues={editing ? { name: editing.name, threshold: editing.threshold, description: editing.description ?? '' } : undefined}
        onCancel={() => setEditing(null)}
        testId="bank-edit-modal"
        onSubmit={async (v) => {
          if (!editing) return;
          await api.patch<Bank>(`/detect/banks/${encodeURIComponent(editing.id)}`, {
            name: v.name.trim(),
            ...(editing.kind === 'pdq' && v.threshold !== undefined && v.threshold !== null ? { threshold: v.threshold } : {}),
            description: v.description?.trim() ? v.description.trim() : null,
          });
          setEditing(null);
          void message.success(m.banks.saved);
          banks.reload();
        }}
      >
        {() => (
          <>
            <Form.Item name="name" label={m.banks.name} rules={[{ required: true, whitespace: true, message: t.common.required(m.banks.name) }]}>
              <Input maxLength={120} />
            </Form.Item>
            {editing?.kind === 'pdq' ? (
              <Form.Item name="threshold" label={m.banks.threshold} extra={m.banks.thresholdHint}>
                <InputNumber min={0} max={80} precision={0} data-testid="bank-threshold" />
              </Form.Item>
            ) : null}
            <Form.Item name="description" label={m.banks.description}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </>
        )}
      </FormModal>

      <ImportModal
        bank={importing}
        onClose={() => setImporting(null)}
        onDone={(r) => {
          setImporting(null);
          setResult(r);
          banks.reload();
        }}
      />
      <ImportResultModal
        result={result}
        title={m.banks.result}
        onClose={() => setResult(null)}
        testId="bank-import-result"
        items={(r) => [
          { key: 'name', label: m.banks.name, children: r.bank.name },
          { key: 'lines', label: m.banks.lines, children: r.lines },
          { key: 'added', label: m.banks.added, children: <strong data-testid="bank-import-added">{r.added}</strong> },
          { key: 'dup', label: m.banks.duplicates, children: r.duplicates },
          { key: 'rejected', label: m.banks.rejected, children: <span data-testid="bank-import-rejected">{r.rejected}</span> },
          { key: 'count', label: m.banks.count, children: r.bank.hashCount },
        ]}
        labels={{ title: m.banks.rejectedLines, line: m.banks.line, text: m.banks.lineText, reason: m.banks.reason }}
        rejectedTestId="bank-rejected-lines"
      />
    </>
  );
}

function ImportModal({ bank, onClose, onDone }: { bank: Bank | null; onClose: () => void; onDone: (r: BankImportResult) => void }) {
  const m = useDetectT();
  const picked = useTextFile({ bytes: MAX_IMPORT_CHARS }, m.banks.fileTooLarge);
  const close = () => {
    picked.reset();
    onClose();
  };

  return (
    <FormModal<ImportForm>
      open={bank !== null}
      title={bank ? m.banks.importTitle(bank.name) : ''}
      okText={m.banks.run}
      width={640}
      initialValues={{ source: 'paste' }}
      onCancel={close}
      testId="bank-import-modal"
      onSubmit={async (v) => {
        if (!bank) return;
        const content = v.source === 'file' ? picked.file?.text : v.content;
        if (!content?.trim()) throw new Error(picked.error ?? m.banks.contentRequired);
        const r = await api.post<BankImportResult>(`/detect/banks/${encodeURIComponent(bank.id)}/import`, { content });
        picked.forget();
        onDone(r);
      }}
    >
      {() => (
        <>
          <Typography.Paragraph type="secondary">{m.banks.importHint}</Typography.Paragraph>
          <Form.Item name="source">
            <Radio.Group
              optionType="button"
              options={[
                { value: 'paste', label: m.banks.paste },
                { value: 'file', label: m.banks.fromFile },
              ]}
            />
          </Form.Item>
          <FileOrOther
            state={picked}
            label={m.banks.fromFile}
            chooseLabel={m.banks.chooseFile}
            chosen={m.banks.fileChosen}
            accept=".csv,.txt,text/csv,text/plain"
            testId="bank-file"
          >
            <Form.Item name="content" label={m.banks.content} rules={[{ required: true, whitespace: true, message: m.banks.contentRequired }]}>
              <Input.TextArea rows={8} style={{ fontFamily: 'monospace' }} placeholder={'hash,label\n…'} data-testid="bank-content" />
            </Form.Item>
          </FileOrOther>
        </>
      )}
    </FormModal>
  );
}
