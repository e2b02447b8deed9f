import {
  ArrowLeftOutlined,
  CheckOutlined,
  CloseCircleOutlined,
  ExclamationCircleOutlined,
  MergeCellsOutlined,
  ScanOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Form, Input, Radio, Row, Select, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, errorMessage } from '../../api.js';
import { useMe } from '../../auth.js';
import { AgencySelect, CopyableList, formatDateTime, LoadError, PageTitle, UnitSelect, useAgencyNames, useUnitNames } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { useLoad } from '../../hooks.js';
import { useLang } from '../../locale.js';
import type { Page } from '../../types.js';
import EvidencePanel from './Evidence.js';
import { useIntakeT } from './i18n.js';
import { capitalised, PriorityTag, ReportStatusTag, SlaCell, useNow, useVocabulary } from './shared.js';
import { type ReportDetail as Detail, REJECT_REASONS, type RejectReason, type ReportSummary } from './types.js';

type RejectForm = { reason: RejectReason; note?: string };
type MergeForm = { into: string };
type HandoverForm = { needs: ('victimSupport' | 'violationHandling')[]; unitId?: string | null; agencyId?: string | null; note?: string };

/** Text as people typed it may carry decomposed accents ("Sô´"); composed (NFC) it renders as one glyph per letter. */
const nfc = (text: string) => text.normalize('NFC');

/** One report, as GET /intake/reports/:id gives it (every opening is audited by the server), and the intake actions. */
export default function ReportDetailPage() {
  const { id = '' } = useParams();
  const { t } = useLang();
  const m = useIntakeT();
  const me = useMe();
  const { message, modal } = App.useApp();
  const report = useLoad(() => api.get<Detail>(`/intake/reports/${encodeURIComponent(id)}`), [id]);
  const vocab = useVocabulary();
  const unitName = useUnitNames();
  const agencyName = useAgencyNames();
  const now = useNow();
  const [dialog, setDialog] = useState<'reject' | 'merge' | 'handover' | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  /** The officer asked to hand over to an agency without ticking violation handling. */
  const [askAgency, setAskAgency] = useState(false);
  const canTriage = me.abilities['reports.triage'];

  if (report.loading && !report.data) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  const d = report.data;
  if (!d) {
    return (
      <>
        <PageTitle>
          <Link to="/reports">
            <ArrowLeftOutlined /> {m.detail.back}
          </Link>
        </PageTitle>
        <LoadError error={report.error} onRetry={report.reload} />
      </>
    );
  }
  const r = d.summary;
  const open = r.status === 'new' || r.status === 'accepted';
  const path = (a: string) => `/intake/reports/${encodeURIComponent(r.id)}/${a}`;

  const run = async (key: string, call: () => Promise<unknown>, done: string) => {
    setBusy(key);
    try {
      await call();
      void message.success(done);
      report.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const reject = async (v: RejectForm) => {
    await api.post<ReportSummary>(path('reject'), { reason: v.reason, ...(v.note?.trim() ? { note: v.note.trim() } : {}) });
    setDialog(null);
    void message.success(m.actions.rejected);
    report.reload();
  };
  const merge = async (v: MergeForm) => {
    await api.post<ReportSummary>(path('merge'), { into: v.into });
    setDialog(null);
    void message.success(m.actions.merged);
    report.reload();
  };
  const handover = async (v: HandoverForm) => {
    await api.post<ReportSummary>(path('handover'), {
      victimSupport: v.needs.includes('victimSupport'),
      violationHandling: v.needs.includes('violationHandling'),
      unitId: v.unitId ?? null,
      agencyId: v.agencyId ?? null,
      ...(v.note?.trim() ? { note: v.note.trim() } : {}),
    });
    setDialog(null);
    setAskAgency(false);
    void message.success(m.actions.handedOver);
    report.reload();
  };
  const detection = () =>
    modal.confirm({
      title: m.actions.detection,
      content: m.actions.detectionConfirm(r.urlCount),
      okText: t.common.confirm,
      cancelText: t.common.cancel,
      onOk: () => run('detection', () => api.post<{ requestId: string; urls: number }>(path('detection')), m.actions.detectionSent(r.urlCount)),
    });

  const contact = d.contact;
  const needWords = (victim: boolean, violation: boolean) =>
    capitalised(
      [victim ? vocab.label('needs', 'victim_support') : null, violation ? vocab.label('needs', 'violation_handling') : null].filter(Boolean).join(', '),
    );
  const needs = needWords(d.needsVictimSupport, d.needsViolationHandling);
  // a report may be merged into one it is linked with and that is still open (never a merged or rejected one)
  const mergeTargets = d.links.filter((l) => l.status !== 'merged' && l.status !== 'rejected' && l.reportId !== r.id);

  return (
    <>
      <div style={{ marginBottom: 8 }}>
        <Link to="/reports">
          <ArrowLeftOutlined /> {m.detail.back}
        </Link>
      </div>
      <PageTitle
        extra={
          <>
            <PriorityTag p={r.priority} />
            <ReportStatusTag s={r.status} />
          </>
        }
      >
        <span data-testid="report-title">{m.detail.title(r.trackingCode)}</span>
      </PageTitle>
      <LoadError error={report.error} onRetry={report.reload} />
      {r.imminentDanger ? <Alert type="error" showIcon icon={<ExclamationCircleOutlined />} title={m.queue.imminentHint} style={{ marginBottom: 16 }} /> : null}
      {r.spamScore > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={m.queue.spam}
          description={m.queue.spamHint(r.spamReasons.map((x) => m.spamReasons[x] ?? x).join(', '))}
          style={{ marginBottom: 16 }}
        />
      ) : null}

      <Card title={m.actions.title} size="small" style={{ marginBottom: 16 }} data-testid="report-actions">
        {!canTriage ? (
          <Typography.Text type="secondary">{m.actions.readOnly}</Typography.Text>
        ) : (
          <Space wrap>
            {r.status === 'new' ? (
              <Button
                type="primary"
                icon={<CheckOutlined />}
                loading={busy === 'accept'}
                onClick={() => void run('accept', () => api.post<ReportSummary>(path('accept')), m.actions.accepted)}
              >
                {m.actions.accept}
              </Button>
            ) : null}
            {open || r.status === 'handed_over' ? (
              <Button icon={<SendOutlined />} onClick={() => setDialog('handover')}>
                {m.actions.handover}
              </Button>
            ) : null}
            {open ? (
              <Button icon={<MergeCellsOutlined />} onClick={() => setDialog('merge')}>
                {m.actions.merge}
              </Button>
            ) : null}
            {(open || r.status === 'handed_over') && r.urlCount > 0 ? (
              <Button icon={<ScanOutlined />} loading={busy === 'detection'} onClick={detection}>
                {m.actions.detection}
              </Button>
            ) : null}
            {open ? (
              <Button danger icon={<CloseCircleOutlined />} onClick={() => setDialog('reject')}>
                {m.actions.reject}
              </Button>
            ) : null}
            {!open && r.status !== 'handed_over' ? <Typography.Text type="secondary">{m.actions.noActions}</Typography.Text> : null}
          </Space>
        )}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={m.detail.what} size="small" style={{ marginBottom: 16 }}>
            <Space wrap style={{ marginBottom: 12 }}>
              {r.categories.map((c) => (
                <Tag key={c} color="geekblue" style={{ whiteSpace: 'normal' }}>
                  {vocab.label('categories', c)}
                </Tag>
              ))}
            </Space>
            <Typography.Title level={3} style={{ fontSize: 15 }}>
              {m.detail.description}
            </Typography.Title>
            {d.description ? (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="report-description">
                {nfc(d.description)}
              </Typography.Paragraph>
            ) : (
              <Typography.Paragraph type="secondary">{m.detail.noDescription}</Typography.Paragraph>
            )}
          </Card>
          <Card title={m.detail.where} size="small" style={{ marginBottom: 16 }}>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'platform', label: m.detail.platform, children: vocab.label('platforms', r.platform) },
                {
                  key: 'urls',
                  label: m.detail.urls,
                  children: d.urls.length ? (
                    <>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {m.detail.urlsHint}
                      </Typography.Text>
                      <CopyableList values={d.urls} className="plain-list" testId="report-urls" style={{ margin: '4px 0 0', paddingInlineStart: 18 }} />
                    </>
                  ) : (
                    t.common.none
                  ),
                },
                {
                  key: 'accounts',
                  label: m.detail.accounts,
                  // accounts are free text, often Vietnamese ("Số điện thoại …"): the normal font, not the code font
                  children: d.accounts.length ? (
                    <ul data-testid="report-accounts" style={{ margin: 0, paddingInlineStart: 18 }}>
                      {d.accounts.map(nfc).map((a) => (
                        <li key={a}>
                          <Typography.Text copyable={{ text: a }} style={{ wordBreak: 'break-word' }}>
                            {a}
                          </Typography.Text>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    t.common.none
                  ),
                },
              ]}
            />
          </Card>
          <Card title={m.detail.evidence} size="small" style={{ marginBottom: 16 }}>
            <EvidencePanel evidence={d.evidence} categories={r.categories} canReveal={canTriage} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={m.detail.when} size="small" style={{ marginBottom: 16 }}>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'when', label: m.detail.when, children: vocab.label('when', d.whenCode) },
                { key: 'date', label: m.detail.incidentDate, children: d.incidentDate ?? t.common.none },
                { key: 'received', label: m.queue.received, children: formatDateTime(r.createdAt) },
                { key: 'sla', label: m.queue.sla, children: <SlaCell r={r} now={now} /> },
              ]}
            />
          </Card>
          <Card title={m.detail.who} size="small" style={{ marginBottom: 16 }}>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'reporter', label: m.detail.reporterKind, children: vocab.label('reporterKinds', r.reporterKind) },
                { key: 'source', label: m.detail.source, children: vocab.label('sources', r.source) },
                { key: 'age', label: m.detail.ageBand, children: vocab.label('ageBands', r.ageBand) },
                { key: 'ward', label: m.detail.ward, children: unitName(r.unitId) },
                { key: 'consent', label: m.detail.consent, children: d.contactConsent ? t.common.yes : t.common.no },
                ...(contact
                  ? [
                      {
                        key: 'contact',
                        label: m.detail.contact,
                        children: <span>{[contact.name, contact.phone, contact.email].filter(Boolean).join(' · ') || t.common.none}</span>,
                      },
                    ]
                  : []),
                { key: 'routed', label: m.detail.routedTo, children: agencyName(r.agencyId) },
                ...(r.handoverUnitId || r.handoverAgencyId
                  ? [
                      {
                        key: 'handover',
                        label: m.detail.handoverTo,
                        children: [r.handoverUnitId ? unitName(r.handoverUnitId) : null, r.handoverAgencyId ? agencyName(r.handoverAgencyId) : null]
                          .filter(Boolean)
                          .join(' · '),
                      },
                    ]
                  : []),
                ...(needs ? [{ key: 'needs', label: m.detail.needs, children: needs }] : []),
                ...(d.rejectReason
                  ? [{ key: 'reject', label: m.detail.rejectReason, children: rejectText(d.rejectReason, (c) => vocab.label('rejectReasons', c)) }]
                  : []),
                ...(d.mergedIntoCode && d.mergedInto
                  ? [
                      {
                        key: 'merged',
                        label: m.detail.mergedInto,
                        children: (
                          <Link to={`/reports/${encodeURIComponent(d.mergedInto)}`}>
                            <code>{d.mergedIntoCode}</code>
                          </Link>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
          <Card title={m.detail.links} size="small" style={{ marginBottom: 16 }}>
            {d.links.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="report-links">
                {d.links.map((l) => (
                  <li key={`${l.reportId}-${l.reason}`}>
                    <Link to={`/reports/${encodeURIComponent(l.reportId)}`}>
                      <code>{l.trackingCode}</code>
                    </Link>{' '}
                    <Tag>{vocab.label('statuses', l.status)}</Tag>
                    <Typography.Text type="secondary">
                      {m.detail.linkReason}: {vocab.label('linkReasons', l.reason)}
                    </Typography.Text>
                  </li>
                ))}
              </ul>
            ) : (
              <Typography.Text type="secondary">{m.detail.noLinks}</Typography.Text>
            )}
          </Card>
          <Card title={m.detail.history} size="small" style={{ marginBottom: 16 }}>
            <Timeline
              data-testid="report-history"
              items={d.events.map((e) => ({
                key: `${e.at}-${e.type}`,
                color: e.type === 'rejected' ? 'gray' : e.type === 'submitted' ? 'blue' : 'green',
                content: (
                  <>
                    <strong>{e.title}</strong> · {formatDateTime(e.at)}
                    {e.text ? <div>{e.text}</div> : null}
                    <div className="muted">{e.actor}</div>
                  </>
                ),
              }))}
            />
          </Card>
          {d.handovers.length ? (
            <Card title={m.detail.handovers} size="small" style={{ marginBottom: 16 }}>
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={d.handovers}
                data-testid="report-handovers"
                columns={[
                  { title: m.queue.received, dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
                  {
                    title: m.detail.needs,
                    key: 'needs',
                    render: (_, h) => needWords(h.victimSupport, h.violationHandling),
                  },
                  {
                    title: m.detail.handoverTo,
                    key: 'to',
                    render: (_, h) => [h.unitName, h.agencyName].filter(Boolean).join(' · '),
                  },
                  { title: m.detail.note, dataIndex: 'note', render: (n: string | null) => n ?? t.common.none },
                ]}
              />
            </Card>
          ) : null}
        </Col>
      </Row>

      <FormModal<RejectForm>
        open={dialog === 'reject'}
        title={m.actions.rejectTitle}
        okText={m.actions.reject}
        onCancel={() => setDialog(null)}
        onSubmit={reject}
        testId="reject-modal"
      >
        {(form) => (
          <>
            <Form.Item name="reason" label={m.actions.rejectReason} rules={[{ required: true, message: t.common.requiredSelect(m.actions.rejectReason) }]}>
              <Select options={REJECT_REASONS.map((x) => ({ value: x, label: vocab.label('rejectReasons', x) }))} />
            </Form.Item>
            <Form.Item
              name="note"
              label={m.actions.rejectNote}
              dependencies={['reason']}
              rules={[
                {
                  validator: async (_, v?: string) =>
                    form.getFieldValue('reason') === 'other' && !v?.trim() ? Promise.reject(new Error(m.actions.rejectNoteRequired)) : undefined,
                },
              ]}
            >
              <Input.TextArea rows={3} maxLength={1000} showCount />
            </Form.Item>
          </>
        )}
      </FormModal>
      <FormModal<MergeForm>
        open={dialog === 'merge'}
        title={m.actions.mergeTitle}
        okText={m.actions.merge}
        onCancel={() => setDialog(null)}
        onSubmit={merge}
        testId="merge-modal"
        initialValues={mergeTargets.length === 1 ? { into: mergeTargets[0]?.reportId } : {}}
      >
        {() => (
          <>
            <Alert type="info" showIcon title={m.actions.mergeHint} style={{ marginBottom: 16 }} />
            {mergeTargets.length === 0 ? <Typography.Paragraph type="secondary">{m.actions.mergeNoLinks}</Typography.Paragraph> : null}
            <Form.Item name="into" label={m.actions.mergeTarget} rules={[{ required: true, message: t.common.requiredSelect(m.actions.mergeTarget) }]}>
              {mergeTargets.length > 0 ? (
                <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
                  {mergeTargets.map((l) => (
                    <Radio key={l.reportId} value={l.reportId}>
                      <code>{l.trackingCode}</code> · {vocab.label('statuses', l.status)} · {vocab.label('linkReasons', l.reason)}
                    </Radio>
                  ))}
                </Radio.Group>
              ) : (
                <ReportPicker exclude={r.id} />
              )}
            </Form.Item>
          </>
        )}
      </FormModal>
      <FormModal<HandoverForm>
        open={dialog === 'handover'}
        title={m.actions.handoverTitle}
        okText={m.actions.handover}
        initialValues={{
          needs: [...(d.needsVictimSupport ? ['victimSupport' as const] : []), ...(d.needsViolationHandling ? ['violationHandling' as const] : [])],
          // no agency pre-filled: the intake route's agency (often Công an TP) is not who takes a
          // ward's victim support; an agency is asked for with violation handling, or on request
          unitId: r.unitId,
        }}
        onCancel={() => {
          setDialog(null);
          setAskAgency(false);
        }}
        onSubmit={handover}
        width={620}
      >
        {(form) => (
          <>
            <Form.Item
              name="needs"
              label={m.actions.handoverNeeds}
              rules={[{ required: true, type: 'array', min: 1, message: m.actions.handoverNeedsRequired }]}
            >
              <Checkbox.Group
                options={[
                  { value: 'victimSupport', label: capitalised(vocab.label('needs', 'victim_support')) },
                  { value: 'violationHandling', label: capitalised(vocab.label('needs', 'violation_handling')) },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="unitId"
              label={m.actions.handoverUnit}
              dependencies={['agencyId']}
              rules={[
                {
                  validator: async (_, v?: string | null) =>
                    !v && !form.getFieldValue('agencyId') ? Promise.reject(new Error(m.actions.handoverTargetRequired)) : undefined,
                },
              ]}
            >
              <UnitSelect kinds={['ward', 'commune']} allowClear />
            </Form.Item>
            <Form.Item noStyle dependencies={['needs']}>
              {() =>
                askAgency || (form.getFieldValue('needs') as HandoverForm['needs'] | undefined)?.includes('violationHandling') ? (
                  // preserve={false}: unticking violation handling drops an agency chosen for it
                  <div data-testid="handover-agency">
                    <Form.Item name="agencyId" label={m.actions.handoverAgency} preserve={false}>
                      <AgencySelect allowClear />
                    </Form.Item>
                  </div>
                ) : (
                  <Button type="link" style={{ padding: 0, marginBottom: 16 }} onClick={() => setAskAgency(true)}>
                    {m.actions.handoverAddAgency}
                  </Button>
                )
              }
            </Form.Item>
            <Form.Item name="note" label={m.actions.handoverNote}>
              <Input.TextArea rows={3} maxLength={4000} showCount />
            </Form.Item>
          </>
        )}
      </FormModal>
    </>
  );
}

function rejectText(text: string, label: (code: string) => string): string {
  const [code = '', ...rest] = text.split(': ');
  return [label(code), rest.join(': ')].filter(Boolean).join(': ');
}

/**
 * When a report has no linked report to merge into: pick one by a part of its tracking code (the
 * server's partial search); only reports still open are offered.
 */
function ReportPicker({ exclude, value, onChange }: { exclude: string; value?: string; onChange?: (v: string) => void }) {
  const m = useIntakeT();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [searching, setSearching] = useState(false);
  const search = async (q: string) => {
    if (!q.trim()) return setOptions([]);
    setSearching(true);
    try {
      const found = await api.get<Page<ReportSummary>>('/intake/reports', { q, limit: 10 });
      setOptions(found.items.filter((x) => x.id !== exclude).map((x) => ({ value: x.id, label: x.trackingCode })));
    } finally {
      setSearching(false);
    }
  };
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: (q) => void search(q) }}
      value={value}
      onChange={onChange}
      options={options}
      loading={searching}
      placeholder={m.actions.mergeSearch}
      notFoundContent={null}
      aria-label={m.actions.mergeSearch}
    />
  );
}
