import { CheckOutlined, FlagOutlined, LockOutlined, PauseOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Popconfirm, Space, Tag, Typography } from 'antd';
import type { ColumnType } from 'antd/es/table/index.js';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../api.js';
import { useMe } from '../../auth.js';
import { LoadError, PageTitle } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { useLoad } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { useFilterT } from './i18n.js';
import { effectText, useSafetyT } from './i18n-safety.js';
import { ResponsiveTable } from './responsive.js';
import { reviewsChanged } from './review-count.js';
import type { AllowEffect, LiveEntry, LiveView } from './safety-types.js';
import { SchoolFilter } from './shared.js';

/** Seconds between refreshes: "live" for someone fixing a wrong block while a teacher waits. */
const REFRESH_MS = 5_000;
const QTYPES: Record<number, string> = { 1: 'A', 5: 'CNAME', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV', 64: 'SVCB', 65: 'HTTPS' };

/**
 * The staff band's blocked look-ups of the last minutes (GET /filter/live, in memory, never an
 * address, never a student band), refreshed every few seconds, with one click to allow a name for
 * the school (POST /filter/live/allow) or to report a wrong block to the city (POST /filter/live/report).
 */
export default function LiveQueries() {
  const s = useSafetyT();
  const f = useFilterT();
  const { t, lang } = useLang();
  const me = useMe();
  const { message } = App.useApp();
  const isSchoolAdmin = me.schoolId !== null; // tied to one school: their own view only
  const [schoolId, setSchoolId] = useState<string | null>(isSchoolAdmin ? me.schoolId : null);
  const [paused, setPaused] = useState(false);
  const live = useLoad(() => (schoolId ? api.get<LiveView>('/filter/live', { schoolId }) : Promise.resolve<LiveView | undefined>(undefined)), [schoolId]);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [allowedNames, setAllowedNames] = useState<Set<string>>(new Set());
  const [reporting, setReporting] = useState<LiveEntry | null>(null);
  const { reload } = live;

  useEffect(() => {
    if (paused || !schoolId) return;
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [paused, schoolId, reload]);
  useEffect(() => {
    if (live.data) setUpdatedAt(new Date());
  }, [live.data]);

  const allow = async (e: LiveEntry) => {
    if (!schoolId) return;
    setBusy(e.name);
    try {
      const r = await api.post<{ effect: AllowEffect }>('/filter/live/allow', { schoolId, domain: e.name });
      if (r.effect && !r.effect.effective) void message.warning(s.reviews.allowedNoEffect(e.name, effectText(r.effect, lang, s.effects.noEffect)), 8);
      else {
        void message.success(s.reviews.allowed(e.name));
        setAllowedNames((x) => new Set(x).add(e.name));
      }
      reload();
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const columns: ColumnType<LiveEntry>[] = [
    { title: s.live.at, dataIndex: 'at', width: 90, render: (v: string) => dayjs(v).format('HH:mm:ss') },
    { title: s.live.name, dataIndex: 'name', render: (n: string) => <code style={{ wordBreak: 'break-all' }}>{n}</code> },
    { title: s.live.qtype, dataIndex: 'qtype', width: 70, render: (q: number) => QTYPES[q] ?? q },
    {
      title: f.common.category,
      key: 'category',
      render: (_, e) => (
        <>
          {(lang === 'en' ? e.categoryNameEn || e.categoryNameVi : e.categoryNameVi) || e.category}
          {e.mandatory ? (
            <Tag icon={<LockOutlined />} color="red" style={{ marginInlineStart: 6 }}>
              {s.common.mandatory}
            </Tag>
          ) : null}
        </>
      ),
    },
    {
      title: t.common.actions,
      key: 'actions',
      render: (_, e) => (
        <Space size={[6, 6]} wrap>
          {allowedNames.has(e.name) ? (
            <Tag color="green" icon={<CheckOutlined />}>
              {s.reviews.statuses.allowed}
            </Tag>
          ) : (
            <Popconfirm title={s.reviews.allowSchoolConfirm(e.name)} okText={s.live.allow} cancelText={t.common.cancel} onConfirm={() => allow(e)}>
              <Button size="small" type="primary" icon={<CheckOutlined />} loading={busy === e.name} aria-label={`${s.live.allow}: ${e.name}`}>
                {s.live.allow}
              </Button>
            </Popconfirm>
          )}
          <Button size="small" icon={<FlagOutlined />} onClick={() => setReporting(e)} aria-label={`${s.live.report}: ${e.name}`}>
            {s.live.report}
          </Button>
        </Space>
      ),
    },
  ];

  const minutes = Math.round((live.data?.windowSeconds ?? 300) / 60);
  return (
    <>
      <PageTitle
        extra={
          <Button
            icon={paused ? <PlayCircleOutlined /> : <PauseOutlined />}
            onClick={() => setPaused((p) => !p)}
            aria-pressed={paused}
            data-testid="live-pause"
          >
            {paused ? s.live.resume : s.live.pause}
          </Button>
        }
      >
        {s.live.title}
      </PageTitle>
      <Typography.Paragraph type="secondary">{s.live.hint(minutes)}</Typography.Paragraph>
      {isSchoolAdmin ? null : (
        <search className="filters" aria-label={t.common.filters}>
          <SchoolFilter value={schoolId} onChange={setSchoolId} width={360} />
        </search>
      )}
      {!schoolId ? <Alert type="info" showIcon title={s.live.chooseSchool} style={{ marginBottom: 16 }} /> : null}
      {live.data && !live.data.running ? <Alert type="warning" showIcon title={s.live.notRunning} style={{ marginBottom: 16 }} /> : null}
      <LoadError error={live.error} onRetry={reload} />
      {schoolId ? (
        <>
          <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }} aria-live="off">
            {updatedAt ? s.live.updated(dayjs(updatedAt).format('HH:mm:ss')) : null}
          </Typography.Text>
          <ResponsiveTable<LiveEntry>
            rowKey={(e) => `${e.at}|${e.name}|${e.qtype}`}
            size="small"
            columns={columns}
            dataSource={live.data?.entries ?? []}
            loading={live.loading && !live.data}
            emptyText={s.live.empty}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            data-testid="live-table"
          />
        </>
      ) : null}
      <FormModal<{ note?: string }>
        open={reporting !== null}
        title={reporting ? s.live.reportTitle(reporting.name) : ''}
        okText={s.live.report}
        onCancel={() => setReporting(null)}
        testId="live-report-modal"
        onSubmit={async (v) => {
          if (!reporting || !schoolId) return;
          await api.post('/filter/live/report', {
            schoolId,
            domain: reporting.name,
            category: reporting.category,
            ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          });
          setReporting(null);
          void message.success(s.live.reported);
          reviewsChanged();
        }}
      >
        {() => (
          <>
            <Typography.Paragraph type="secondary">{s.live.reportHint}</Typography.Paragraph>
            <Form.Item name="note" label={s.live.reportNote}>
              <Input.TextArea rows={3} maxLength={500} showCount />
            </Form.Item>
          </>
        )}
      </FormModal>
    </>
  );
}
