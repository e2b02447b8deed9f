import { ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../api.js';
import { formatDateTime, LoadError, PageTitle } from '../../components.js';
import { useLang } from '../../locale.js';
import type { AuditEntry, VerifyResult } from '../../types.js';

const PAGE = 50;

export default function Audit() {
  const { t } = useLang();
  const { message } = App.useApp();
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [loading, setLoading] = useState(false);
  const [more, setMore] = useState(true);
  const [error, setError] = useState<Error | null>(null);
  const [verify, setVerify] = useState<VerifyResult | null>(null);
  const [verifying, setVerifying] = useState(false);
  const gen = useRef(0);

  const load = useCallback(async (before?: number) => {
    const g = before === undefined ? ++gen.current : gen.current;
    setLoading(true);
    setError(null);
    try {
      const r = await api.get<{ items: AuditEntry[] }>('/audit', { limit: PAGE, before });
      if (g !== gen.current) return;
      setItems((prev) => (before === undefined ? r.items : [...prev, ...r.items]));
      setMore(r.items.length >= PAGE);
    } catch (e) {
      if (g === gen.current) setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      if (g === gen.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const runVerify = async () => {
    setVerifying(true);
    setVerify(null);
    try {
      setVerify(await api.post<VerifyResult>('/audit/verify'));
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setVerifying(false);
    }
  };

  const last = items[items.length - 1];
  const columns: ColumnsType<AuditEntry> = [
    { title: t.audit.seq, dataIndex: 'seq', width: 80 },
    { title: t.audit.at, dataIndex: 'at', width: 150, render: (v: string) => <time dateTime={v}>{formatDateTime(v)}</time> },
    {
      title: t.audit.actor,
      key: 'actor',
      render: (_, e) => (
        <>
          <div>{e.actorLabel ?? t.common.none}</div>
          <div className="muted">{t.audit.actorTypes[e.actorType] ?? e.actorType}</div>
        </>
      ),
    },
    { title: t.audit.action, dataIndex: 'action', render: (a: string) => <Typography.Text code>{a}</Typography.Text> },
    {
      title: t.audit.subject,
      key: 'subject',
      render: (_, e) => (e.subjectType ? `${e.subjectType}${e.subjectId ? ` ${e.subjectId}` : ''}` : t.common.none),
    },
    { title: t.audit.ip, dataIndex: 'ip', render: (ip: string | null) => ip ?? t.common.none },
  ];

  const hasDetail = (e: AuditEntry) =>
    e.detail !== null && e.detail !== undefined && !(typeof e.detail === 'object' && Object.keys(e.detail as object).length === 0);

  return (
    <>
      <PageTitle
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void load()}>
              {t.common.reload}
            </Button>
            <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void runVerify()} data-testid="audit-verify">
              {t.audit.verify}
            </Button>
          </>
        }
      >
        {t.audit.title}
      </PageTitle>
      {verify ? (
        <Alert
          role="status"
          data-testid="audit-verify-result"
          style={{ marginBottom: 16 }}
          showIcon
          closable={{ onClose: () => setVerify(null) }}
          type={verify.ok ? 'success' : 'error'}
          title={verify.ok ? t.audit.verifyOk(verify.entries) : t.audit.verifyBroken(verify.brokenAt)}
          description={
            verify.ok ? (
              verify.head ? (
                <span>
                  {t.audit.head}: <Typography.Text code>{verify.head}</Typography.Text>
                </span>
              ) : undefined
            ) : (
              (t.audit.reasons[verify.reason] ?? verify.reason)
            )
          }
        />
      ) : null}
      <LoadError error={error} onRetry={() => void load(items.length ? last?.seq : undefined)} />
      <Table<AuditEntry>
        rowKey="seq"
        size="small"
        columns={columns}
        dataSource={items}
        loading={loading && items.length === 0}
        pagination={false}
        scroll={{ x: 'max-content' }}
        expandable={{
          rowExpandable: hasDetail,
          expandedRowRender: (e) => <pre className="audit-detail">{JSON.stringify(e.detail, null, 2)}</pre>,
        }}
      />
      <Space style={{ marginTop: 16 }}>
        {more ? (
          <Button onClick={() => void load(last?.seq)} loading={loading && items.length > 0} disabled={!last}>
            {t.audit.loadMore}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t.audit.end}</Typography.Text>
        )}
      </Space>
    </>
  );
}
