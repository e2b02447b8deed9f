import { EyeOutlined, FilterOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../api.js';
import { formatDateTime, LoadError, PageTitle, SearchBox } from '../../components.js';
import { useLoad } from '../../hooks.js';
import type { Lang } from '../../i18n.js';
import { useLang } from '../../locale.js';
import type { AuditEntry, VerifyResult } from '../../types.js';

const PAGE = 50;

/** An entry as GET /audit answers it: the action and the kind of record in words, and whether it is a routine read. */
type Entry = AuditEntry & { actionLabel: string; subjectLabel: string; read: boolean };

/** What the trail is filtered by; the server applies it (GET /audit). */
interface Filters {
  who?: string;
  subjectType?: string;
  action?: { code: string; label: string };
  subject?: { type: string; id: string; label: string };
  range?: [Dayjs, Dayjs];
  reads: boolean;
}

/** This page's words, Vietnamese first (kept beside the page, like the feature pages' i18n files). */
const WORDS = {
  vi: {
    who: 'Người thực hiện (một phần tên)',
    what: 'Loại bản ghi',
    anyKind: 'Mọi loại bản ghi',
    range: ['Từ', 'Đến'],
    showReads: 'Hiện cả lượt xem (danh sách, mở hồ sơ, xem ảnh mờ)',
    readsHidden: 'Lượt xem thường ngày (xem danh sách, mở hồ sơ) vẫn được ghi nhật ký nhưng đang ẩn để dễ thấy các thay đổi.',
    readTag: 'Lượt xem',
    onlyThisAction: 'Chỉ hành động này',
    onlyThisRecord: 'Chỉ bản ghi này',
    actionFilter: (label: string) => `Hành động: ${label}`,
    recordFilter: (label: string) => `Bản ghi: ${label} đã chọn`,
    clearFilters: 'Bỏ mọi bộ lọc',
    empty: 'Không có mục nào khớp bộ lọc.',
    anonymous: 'Người dân (không đăng nhập)',
  },
  en: {
    who: 'Who (part of the name)',
    what: 'Kind of record',
    anyKind: 'Any kind of record',
    range: ['From', 'To'],
    showReads: 'Show reads too (lists, opened records, blurred previews)',
    readsHidden: 'Routine reads (lists, opened records) are still recorded, but hidden so the changes stand out.',
    readTag: 'Read',
    onlyThisAction: 'Only this action',
    onlyThisRecord: 'Only this record',
    actionFilter: (label: string) => `Action: ${label}`,
    recordFilter: (label: string) => `Record: the chosen ${label}`,
    clearFilters: 'Clear all filters',
    empty: 'No entry matches the filters.',
    anonymous: 'Public (not signed in)',
  },
} satisfies Record<Lang, unknown>;

/**
 * The audit trail for system administrators: actions in words, filters by who, kind of record,
 * one action, one record and time range; routine reads hidden unless asked for (the server
 * still records them). Rows load newest first, 50 at a time.
 */
export default function Audit() {
  const { t, lang } = useLang();
  const w = WORDS[lang];
  const { message } = App.useApp();
  const [filters, setFilters] = useState<Filters>({ reads: false });
  const [items, setItems] = useState<Entry[]>([]);
  const [loading, setLoading] = useState(false);
  const [more, setMore] = useState(true);
  const [error, setError] = useState<Error | null>(null);
  const [verify, setVerify] = useState<VerifyResult | null>(null);
  const [verifying, setVerifying] = useState(false);
  const gen = useRef(0);
  const vocab = useLoad(() => api.get<{ subjects: { code: string; label: string }[] }>('/audit/vocabulary'), [lang]);

  const load = useCallback(
    async (before?: number) => {
      const g = before === undefined ? ++gen.current : gen.current;
      setLoading(true);
      setError(null);
      try {
        const r = await api.get<{ items: Entry[] }>('/audit', {
          limit: PAGE,
          before,
          who: filters.who || undefined,
          subjectType: filters.subject?.type ?? filters.subjectType,
          subjectId: filters.subject?.id,
          action: filters.action?.code,
          from: filters.range?.[0].toISOString(),
          to: filters.range?.[1].toISOString(),
          show: filters.reads ? 'all' : 'actions',
        });
        if (g !== gen.current) return;
        setItems((prev) => (before === undefined ? r.items : [...prev, ...r.items]));
        setMore(r.items.length >= PAGE);
      } catch (e) {
        if (g === gen.current) setError(e instanceof Error ? e : new Error(String(e)));
      } finally {
        if (g === gen.current) setLoading(false);
      }
    },
    [filters],
  );

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

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const last = items[items.length - 1];
  const actorType = (type: string) => (type === 'anonymous' ? w.anonymous : (t.audit.actorTypes[type] ?? t.audit.actorTypes.system));
  const columns: ColumnsType<Entry> = [
    { title: t.audit.seq, dataIndex: 'seq', width: 80 },
    { title: t.audit.at, dataIndex: 'at', width: 150, render: (v: string) => <time dateTime={v}>{formatDateTime(v)}</time> },
    {
      title: t.audit.actor,
      key: 'actor',
      width: 200,
      render: (_, e) => (
        <>
          <div>{e.actorLabel ?? t.common.none}</div>
          {/* a system actor's label already says "Hệ thống — …" */}
          {e.actorType !== 'system' && <div className="muted">{actorType(e.actorType)}</div>}
        </>
      ),
    },
    {
      title: t.audit.action,
      key: 'action',
      render: (_, e) => (
        <Space size={4} wrap>
          <span data-testid="audit-action">{e.actionLabel}</span>
          {e.read ? (
            <Tag icon={<EyeOutlined />} style={{ marginInlineEnd: 0 }}>
              {w.readTag}
            </Tag>
          ) : null}
          {filters.action?.code !== e.action ? (
            <Tooltip title={w.onlyThisAction}>
              <Button
                size="small"
                type="text"
                icon={<FilterOutlined />}
                aria-label={`${w.onlyThisAction}: ${e.actionLabel}`}
                onClick={() => set({ action: { code: e.action, label: e.actionLabel } })}
              />
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
    {
      title: t.audit.subject,
      key: 'subject',
      render: (_, e) => (
        <Space size={4} wrap>
          <span>{e.subjectLabel}</span>
          {e.subjectId && e.subjectType && filters.subject?.id !== e.subjectId ? (
            <Button
              size="small"
              type="link"
              style={{ paddingInline: 0 }}
              onClick={() => set({ subject: { type: e.subjectType as string, id: e.subjectId as string, label: e.subjectLabel } })}
            >
              {w.onlyThisRecord}
            </Button>
          ) : null}
        </Space>
      ),
    },
    { title: t.audit.ip, dataIndex: 'ip', width: 130, render: (ip: string | null) => ip ?? t.common.none },
  ];

  const hasDetail = (e: Entry) =>
    e.detail !== null && e.detail !== undefined && !(typeof e.detail === 'object' && Object.keys(e.detail as object).length === 0);
  const anyFilter = !!(filters.who || filters.subjectType || filters.action || filters.subject || filters.range);

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
      <search className="filters" aria-label={t.common.filters} data-testid="audit-filters">
        <SearchBox label={w.who} maxWidth={260} maxLength={100} onSearch={(who) => set({ who })} />
        <Select<string>
          aria-label={w.what}
          placeholder={w.anyKind}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 260, maxWidth: '100%' }}
          value={filters.subjectType}
          onChange={(subjectType) => set({ subjectType, subject: undefined })}
          options={(vocab.data?.subjects ?? []).map((s) => ({ value: s.code, label: s.label }))}
          data-testid="audit-filter-kind"
        />
        <DatePicker.RangePicker
          showTime={{ format: 'HH:mm' }}
          format="DD/MM/YYYY HH:mm"
          placeholder={w.range as [string, string]}
          style={{ maxWidth: '100%' }}
          value={filters.range ?? null}
          onChange={(v) => set({ range: v?.[0] && v[1] ? [v[0], v[1]] : undefined })}
          data-testid="audit-filter-range"
        />
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
          <Switch id="audit-reads" checked={filters.reads} onChange={(reads) => set({ reads })} data-testid="audit-show-reads" />
          <label htmlFor="audit-reads">{w.showReads}</label>
        </span>
      </search>
      {filters.action || filters.subject || anyFilter ? (
        <Space wrap style={{ marginBottom: 12 }} data-testid="audit-active-filters">
          {filters.action ? (
            <Tag closable onClose={() => set({ action: undefined })}>
              {w.actionFilter(filters.action.label)}
            </Tag>
          ) : null}
          {filters.subject ? (
            <Tag closable onClose={() => set({ subject: undefined })}>
              {w.recordFilter(filters.subject.label)}
            </Tag>
          ) : null}
          {anyFilter ? (
            <Button size="small" onClick={() => setFilters({ reads: filters.reads })}>
              {w.clearFilters}
            </Button>
          ) : null}
        </Space>
      ) : null}
      {!filters.reads ? <Alert type="info" showIcon title={w.readsHidden} style={{ marginBottom: 12 }} /> : null}
      <LoadError error={error} onRetry={() => void load(items.length ? last?.seq : undefined)} />
      <Table<Entry>
        rowKey="seq"
        size="small"
        columns={columns}
        dataSource={items}
        loading={loading && items.length === 0}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: w.empty }}
        data-testid="audit-table"
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
