import { ArrowLeftOutlined, CheckCircleOutlined, ExclamationCircleOutlined, RedoOutlined, SafetyOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Collapse, Descriptions, Form, Input, Radio, Row, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, errorMessage } from '../../api.js';
import { useMe } from '../../auth.js';
import { formatDateTime, LoadError, PageTitle } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { useLoad } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { BlurredEvidence, type EvidenceItem } from '../intake/Evidence.js';
import { useDetectT } from './i18n.js';
import { DecisionTag, formatBytes, ItemStatusTag, KIND_ICONS, ScoreBar, TakedownStatusTag, useDetectVocabulary } from './shared.js';
import { type BankMatch, DECISIONS, type Decision, type DecisionResult, type ItemDetail, type ItemSummary, type ReopenResult, type Takedown } from './types.js';

/** Categories whose images are treated as possible abuse material when revealing. */
const ABUSE_CATEGORIES = ['csam', 'sexual', 'sextortion'];
const POLL_MS = 3000;

type DecideForm = { decision: Decision; category?: string; note?: string; block?: 'auto' | 'yes' | 'no'; platform?: string; legalBasis?: string };

/**
 * One review item as GET /detect/items/:id gives it (every opening audited by the server): the
 * content, scores, bank matches, evidence snapshot, blurred images with an audited reveal, a
 * failure with "analyse again", and the analyst's decision with what it did.
 */
export default function ItemDetailPage() {
  const { id = '' } = useParams();
  const m = useDetectT();
  const me = useMe();
  const { message } = App.useApp();
  const vocab = useDetectVocabulary();
  const item = useLoad(() => api.get<ItemDetail>(`/detect/items/${encodeURIComponent(id)}`), [id]);
  const [result, setResult] = useState<DecisionResult | null>(null);
  const [retrying, setRetrying] = useState(false);
  const [reopening, setReopening] = useState(false);
  const analyst = me.abilities['detect.items.decide'];

  const d = item.data;
  const pending = d?.status === 'queued' || d?.status === 'fetching';
  const reload = item.reload;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new answer starts the next wait (polling)
  useEffect(() => {
    if (!pending) return;
    const t = setTimeout(reload, POLL_MS);
    return () => clearTimeout(t);
  }, [pending, reload, d]);

  if (item.loading && !d) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  const back = (
    <div style={{ marginBottom: 8 }}>
      <Link to="/detection">
        <ArrowLeftOutlined /> {m.detail.back}
      </Link>
    </div>
  );
  if (!d) {
    return (
      <>
        {back}
        <LoadError error={item.error} onRetry={item.reload} />
      </>
    );
  }

  const retry = async () => {
    setRetrying(true);
    try {
      await api.post<ItemSummary>(`/detect/items/${encodeURIComponent(d.id)}/retry`);
      void message.success(m.detail.retried);
      setResult(null);
      item.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setRetrying(false);
    }
  };

  const allMatches: (BankMatch & { where: string })[] = [
    ...d.matches.map((x) => ({ ...x, where: m.kinds[d.kind] })),
    ...d.images.flatMap((img) => img.matches.map((x) => ({ ...x, where: `${m.detail.image} #${img.n + 1}` }))),
  ];
  // the same hash can be reported for the page and for its image: show each bank/hash/place once
  const matches = allMatches.filter((x, i, a) => a.findIndex((y) => y.bankId === x.bankId && y.hash === x.hash && y.where === x.where) === i);
  const abuse =
    matches.length > 0 ||
    d.categories.some((c) => ABUSE_CATEGORIES.includes(c.code)) ||
    (d.decisionCategory !== null && ABUSE_CATEGORIES.includes(d.decisionCategory));
  const images: EvidenceItem[] = d.images.map((img) => {
    const readable = !img.error && !!img.sha256;
    const base = `/detect/items/${encodeURIComponent(d.id)}/images/${img.n}`;
    return {
      key: String(img.n),
      kind: readable ? 'image' : 'unreadable',
      previewPath: readable ? `${base}/preview` : null,
      revealPath: readable ? `${base}/reveal` : null,
      filename: `#${img.n + 1}${img.width && img.height ? ` · ${img.width}×${img.height}` : ''}`,
      size: img.size,
      sha256: img.sha256,
      mime: img.mime,
      caption: (
        <>
          {img.error ? <div>{m.detail.imageError(img.error)}</div> : null}
          {img.quality !== null ? <div>{m.detail.imageQuality(img.quality)}</div> : null}
          {img.matches.length ? (
            <Tag color="red" style={{ marginTop: 2 }}>
              {m.detail.imageMatches(img.matches.length)}
            </Tag>
          ) : null}
        </>
      ),
    };
  });

  return (
    <>
      {back}
      <PageTitle
        extra={
          <>
            <ItemStatusTag s={d.status} />
            {d.decision ? <DecisionTag d={d.decision} category={d.decisionCategory} /> : null}
          </>
        }
      >
        <span data-testid="detect-item-title">
          {KIND_ICONS[d.kind]} {m.detail.title(m.kinds[d.kind])}
        </span>
      </PageTitle>
      <LoadError error={item.error} onRetry={item.reload} />
      <Alert type="info" showIcon icon={<SafetyOutlined />} title={m.detail.audited} style={{ marginBottom: 16 }} />
      {pending ? (
        <Alert
          type="info"
          showIcon
          title={m.detail.waiting}
          description={
            <>
              {d.nextAttemptAt ? <div data-testid="detect-next-try">{m.detail.nextTry(formatDateTime(d.nextAttemptAt))}</div> : null}
              <div className="muted">{m.detail.retryHint}</div>
            </>
          }
          action={
            analyst && d.status === 'queued' ? (
              <Button icon={<RedoOutlined />} loading={retrying} onClick={() => void retry()} data-testid="detect-retry-now">
                {m.detail.retryNow}
              </Button>
            ) : undefined
          }
          style={{ marginBottom: 16 }}
          data-testid="detect-waiting"
        />
      ) : null}
      {d.status === 'failed' ? (
        <Alert
          type="error"
          showIcon
          icon={<ExclamationCircleOutlined />}
          title={m.detail.failure}
          description={
            <>
              <div data-testid="detect-failure">{d.failureMessage ?? m.detail.failure}</div>
              <div className="muted">{m.detail.attempts(d.attempts)}</div>
            </>
          }
          action={
            analyst ? (
              <Button icon={<RedoOutlined />} loading={retrying} onClick={() => void retry()} data-testid="detect-retry">
                {m.detail.retryNow}
              </Button>
            ) : undefined
          }
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <TriesCard item={d} />

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={m.detail.source} size="small" style={{ marginBottom: 16 }}>
            <Descriptions
              column={1}
              size="small"
              items={[
                ...(d.url ? [{ key: 'url', label: m.detail.url, children: <PlainUrl url={d.url} hint={m.detail.urlsHint} testId="detect-url" /> }] : []),
                ...(d.finalUrl && d.finalUrl !== d.url ? [{ key: 'final', label: m.detail.finalUrl, children: <PlainUrl url={d.finalUrl} /> }] : []),
                ...(d.title ? [{ key: 'title', label: m.detail.pageTitle, children: d.title }] : []),
                ...(d.domain ? [{ key: 'domain', label: m.detail.domain, children: <code>{d.domain}</code> }] : []),
                ...(d.httpStatus !== null ? [{ key: 'http', label: m.detail.httpStatus, children: d.httpStatus }] : []),
                { key: 'source', label: m.queue.source, children: m.sources[d.source] },
                ...(d.reportId
                  ? [
                      {
                        key: 'report',
                        label: m.detail.reportLink,
                        children: (
                          <Link to={`/reports/${encodeURIComponent(d.reportId)}`} data-testid="detect-report-link">
                            <code>{d.reportCode ?? m.detail.reportLink}</code>
                          </Link>
                        ),
                      },
                    ]
                  : []),
                { key: 'created', label: m.detail.created, children: formatDateTime(d.createdAt) },
                { key: 'analysed', label: m.detail.analysedAt, children: formatDateTime(d.analysedAt) },
              ]}
            />
          </Card>
          <Card title={m.detail.text} size="small" style={{ marginBottom: 16 }}>
            {d.text ? (
              <>
                {d.textTruncated ? (
                  <Alert type="warning" showIcon title={m.detail.truncated} style={{ marginBottom: 8 }} data-testid="detect-truncated" />
                ) : null}
                <Collapse
                  size="small"
                  items={[
                    {
                      key: 'text',
                      label: `${m.detail.showText} (${d.text.length.toLocaleString()})`,
                      children: (
                        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', maxHeight: 400, overflow: 'auto', margin: 0 }} data-testid="detect-text">
                          {d.text}
                        </Typography.Paragraph>
                      ),
                    },
                  ]}
                />
              </>
            ) : (
              <Typography.Text type="secondary">{m.detail.noText}</Typography.Text>
            )}
          </Card>
          {d.kind !== 'text' ? (
            <Card title={m.detail.images} size="small" style={{ marginBottom: 16 }} data-testid="detect-images">
              <BlurredEvidence items={images} texts={m.evidence} abuse={abuse} canReveal={me.abilities['detect.items.reveal']} />
            </Card>
          ) : null}
          {d.linkHosts.length ? (
            <Card title={m.detail.linkHosts} size="small" style={{ marginBottom: 16 }}>
              <Space wrap>
                {d.linkHosts.map((h) => (
                  <Tag key={h}>
                    <code>{h}</code>
                  </Tag>
                ))}
              </Space>
            </Card>
          ) : null}
        </Col>
        <Col xs={24} xl={10}>
          <Card title={m.decide.title} size="small" style={{ marginBottom: 16 }} data-testid="detect-decision">
            {result ? <DecisionOutcome r={result} /> : null}
            {d.previousDecision ? (
              <Alert
                type="warning"
                showIcon
                title={m.detail.previousDecision}
                data-testid="detect-previous-decision"
                style={{ marginBottom: 12 }}
                description={
                  <Descriptions
                    column={1}
                    size="small"
                    items={[
                      { key: 'd', label: m.decide.decision, children: <DecisionTag d={d.previousDecision.decision} category={d.previousDecision.category} /> },
                      { key: 'at', label: m.detail.decidedAt, children: formatDateTime(d.previousDecision.decidedAt) },
                      ...(d.previousDecision.decidedByName ? [{ key: 'by', label: m.detail.decidedBy, children: d.previousDecision.decidedByName }] : []),
                      { key: 'ro', label: m.detail.reopenedAt, children: formatDateTime(d.previousDecision.reopenedAt) },
                      ...(d.previousDecision.reason ? [{ key: 'why', label: m.detail.reopenReason, children: d.previousDecision.reason }] : []),
                    ]}
                  />
                }
              />
            ) : null}
            {d.decision ? (
              <Descriptions
                column={1}
                size="small"
                items={[
                  { key: 'd', label: m.decide.decision, children: <DecisionTag d={d.decision} category={d.decisionCategory} /> },
                  { key: 'at', label: m.detail.decidedAt, children: formatDateTime(d.decidedAt) },
                  ...(d.decidedBy ? [{ key: 'by', label: m.detail.decidedBy, children: d.decidedByName ?? d.decidedBy }] : []),
                  ...(d.note ? [{ key: 'note', label: m.detail.note, children: <span style={{ whiteSpace: 'pre-wrap' }}>{d.note}</span> }] : []),
                ]}
              />
            ) : !analyst ? (
              <Typography.Text type="secondary">{m.decide.readOnly}</Typography.Text>
            ) : (
              <DecideForm
                item={d}
                onDone={(r) => {
                  setResult(r);
                  void message.success(m.decide.done);
                  item.reload();
                }}
              />
            )}
            {analyst && d.status === 'analysed' ? (
              <Button icon={<RedoOutlined />} loading={retrying} onClick={() => void retry()} style={{ marginTop: 8 }}>
                {m.detail.retry}
              </Button>
            ) : null}
            {analyst && d.status === 'decided' ? (
              <Button icon={<UndoOutlined />} danger onClick={() => setReopening(true)} style={{ marginTop: 8 }} data-testid="detect-reopen">
                {m.decide.reopen}
              </Button>
            ) : null}
          </Card>
          <FormModal<{ reason: string }>
            open={reopening}
            title={m.decide.reopenTitle}
            okText={m.decide.reopenConfirm}
            onCancel={() => setReopening(false)}
            testId="detect-reopen-modal"
            onSubmit={async (v) => {
              const r = await api.post<ReopenResult>(`/detect/items/${encodeURIComponent(d.id)}/reopen`, { reason: v.reason.trim() });
              setReopening(false);
              setResult(null);
              void message.success(
                `${m.decide.reopened} ${m.decide.reopenOutcome({ domains: r.domainsUnblocked, withdrawn: r.takedownsWithdrawn, sent: r.takedownsAlreadySent, hashes: r.hashesRemoved })}`,
                8,
              );
              item.reload();
            }}
          >
            {() => (
              <>
                <Alert type="warning" showIcon title={m.decide.reopenEffects} style={{ marginBottom: 16 }} />
                <Form.Item
                  name="reason"
                  label={m.decide.reopenReason}
                  extra={m.decide.reopenReasonHint}
                  rules={[{ required: true, whitespace: true, min: 5, message: m.decide.reopenReasonHint }]}
                >
                  <Input.TextArea rows={2} maxLength={1000} showCount />
                </Form.Item>
              </>
            )}
          </FormModal>
          <Card title={m.detail.scores} size="small" style={{ marginBottom: 16 }} data-testid="detect-scores">
            {d.categories.length ? (
              <ul className="plain-list" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {d.categories.map((c) => {
                  const label = vocab.label('categories', c.code);
                  return (
                    <li key={c.code} style={{ marginBottom: 8 }}>
                      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
                        <strong>{label}</strong>
                        <ScoreBar score={c.score} label={label} width={220} />
                      </div>
                      {c.matches.length ? (
                        <div className="muted" style={{ fontSize: 12 }}>
                          {m.detail.evidenceFound}: {c.matches.slice(0, 6).join('; ')}
                        </div>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            ) : (
              <Typography.Text type="secondary">{m.detail.noScores}</Typography.Text>
            )}
            {d.offensive ? (
              <div style={{ marginTop: 12, display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
                <span>
                  {m.detail.offensive}:{' '}
                  <Tag color={d.offensive.label === 'clean' ? 'green' : d.offensive.label === 'hate' ? 'red' : 'orange'}>
                    {m.offensive[d.offensive.label] ?? d.offensive.label}
                  </Tag>
                </span>
                <ScoreBar score={d.offensive.score} label={m.detail.offensive} width={220} />
              </div>
            ) : null}
          </Card>
          <Card title={m.detail.matches} size="small" style={{ marginBottom: 16 }}>
            {matches.length ? (
              <Table
                rowKey={(x) => `${x.where}|${x.bankId}|${x.hash}`}
                size="small"
                pagination={false}
                dataSource={matches}
                data-testid="detect-matches"
                scroll={{ x: 'max-content' }}
                columns={[
                  { title: m.detail.image, dataIndex: 'where' },
                  { title: m.detail.bank, dataIndex: 'bankName' },
                  { title: m.detail.hashKind, dataIndex: 'kind', render: (k: string) => k.toUpperCase() },
                  { title: m.detail.distance, dataIndex: 'distance', align: 'right' },
                  { title: m.detail.label, dataIndex: 'label', render: (l: string | null) => l ?? '—' },
                  { title: m.detail.hash, dataIndex: 'hash', render: (h: string) => <code title={h}>{`${h.slice(0, 12)}…`}</code> },
                ]}
              />
            ) : (
              <Typography.Text type="secondary">{m.detail.noMatches}</Typography.Text>
            )}
          </Card>
          <Card title={m.detail.snapshot} size="small" style={{ marginBottom: 16 }}>
            {d.evidence ? (
              <Descriptions
                column={1}
                size="small"
                data-testid="detect-snapshot"
                items={[
                  {
                    key: 'sha',
                    label: m.detail.sha256,
                    children: (
                      <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                        {d.evidence.sha256}
                      </Typography.Text>
                    ),
                  },
                  { key: 'size', label: m.detail.size, children: formatBytes(d.evidence.size) },
                  { key: 'type', label: m.detail.type, children: d.evidence.type ?? '—' },
                  { key: 'charset', label: m.detail.charset, children: d.evidence.charset ?? '—' },
                  { key: 'at', label: m.detail.fetchedAt, children: formatDateTime(d.evidence.fetchedAt) },
                ]}
              />
            ) : (
              <Typography.Text type="secondary">{m.detail.noSnapshot}</Typography.Text>
            )}
          </Card>
          {d.takedowns.length ? (
            <Card title={m.detail.takedowns} size="small" style={{ marginBottom: 16 }}>
              <Table<Takedown>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={d.takedowns}
                data-testid="detect-item-takedowns"
                columns={[
                  { title: m.takedowns.platform, dataIndex: 'platform', render: (p: string) => vocab.label('platforms', p) },
                  { title: m.takedowns.status, dataIndex: 'status', render: (s: Takedown['status']) => <TakedownStatusTag s={s} /> },
                  { title: m.takedowns.requestedAt, dataIndex: 'requestedAt', render: (v: string) => formatDateTime(v) },
                ]}
              />
              <div style={{ marginTop: 8 }}>
                <Link to="/detection/takedowns">{m.decide.seeTakedowns}</Link>
              </div>
            </Card>
          ) : null}
        </Col>
      </Row>
    </>
  );
}

/** A link as copyable text, never an <a href>: nothing here loads or opens by itself. */
function PlainUrl({ url, hint, testId }: { url: string; hint?: string; testId?: string }) {
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 2, minWidth: 0 }}>
      {hint ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {hint}
        </Typography.Text>
      ) : null}
      <Typography.Text code copyable={{ text: url }} style={{ wordBreak: 'break-all' }} data-testid={testId}>
        {url}
      </Typography.Text>
    </div>
  );
}

function DecisionOutcome({ r }: { r: DecisionResult }) {
  const m = useDetectT();
  return (
    <Alert
      type="success"
      showIcon
      icon={<CheckCircleOutlined />}
      title={m.decide.result}
      style={{ marginBottom: 12 }}
      data-testid="detect-outcome"
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          <li>{r.domainBlocked ? m.decide.domainBlocked(r.domainBlocked) : m.decide.domainNotBlocked}</li>
          <li>
            {r.takedownId ? (
              <>
                {m.decide.takedown} — <Link to="/detection/takedowns">{m.decide.seeTakedowns}</Link>
              </>
            ) : (
              m.decide.noTakedown
            )}
          </li>
          <li>{r.hashesAdded > 0 ? m.decide.hashesAdded(r.hashesAdded) : m.decide.noHashes}</li>
        </ul>
      }
    />
  );
}

function DecideForm({ item, onDone }: { item: ItemDetail; onDone: (r: DecisionResult) => void }) {
  const m = useDetectT();
  const { t } = useLang();
  const vocab = useDetectVocabulary();
  const [form] = Form.useForm<DecideForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const decision = Form.useWatch('decision', form);
  const isLink = item.kind === 'url';

  const submit = async (v: DecideForm) => {
    setBusy(true);
    setError(null);
    try {
      const harmful = v.decision === 'harmful';
      const r = await api.post<DecisionResult>(`/detect/items/${encodeURIComponent(item.id)}/decision`, {
        decision: v.decision,
        ...(harmful ? { category: v.category } : {}),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        ...(harmful && isLink && v.block && v.block !== 'auto' ? { blockDomain: v.block === 'yes' } : {}),
        ...(harmful && isLink && v.platform ? { platform: v.platform } : {}),
        ...(harmful && isLink && v.legalBasis?.trim() ? { legalBasis: v.legalBasis.trim() } : {}),
      });
      onDone(r);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<DecideForm>
      form={form}
      layout="vertical"
      onFinish={(v) => void submit(v)}
      disabled={busy}
      initialValues={{ block: 'auto' }}
      data-testid="detect-decide-form"
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" /> : null}
      <Form.Item name="decision" label={m.decide.decision} rules={[{ required: true, message: t.common.requiredSelect(m.decide.decision) }]}>
        <Radio.Group options={DECISIONS.map((x) => ({ value: x, label: m.decisions[x] }))} />
      </Form.Item>
      {decision === 'harmful' ? (
        <>
          <Alert type="warning" showIcon title={m.decide.harmfulEffects} style={{ marginBottom: 12 }} />
          <Form.Item name="category" label={m.decide.category} rules={[{ required: true, message: m.decide.categoryRequired }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={vocab.options('categories')} data-testid="detect-category" />
          </Form.Item>
          {isLink ? (
            <>
              <Form.Item name="block" label={m.decide.blockDomain} extra={m.decide.sharedNote}>
                <Radio.Group
                  options={[
                    { value: 'auto', label: m.decide.blockAuto },
                    { value: 'yes', label: item.domain ? `${m.decide.blockYes} ${item.domain}` : m.decide.blockYes, disabled: item.sharedPlatform },
                    { value: 'no', label: m.decide.blockNo },
                  ]}
                />
              </Form.Item>
              <Form.Item name="platform" label={m.decide.platform}>
                <Select allowClear placeholder={m.decide.platformAuto} options={vocab.options('platforms')} />
              </Form.Item>
              <Form.Item name="legalBasis" label={m.decide.legalBasis} extra={m.decide.legalBasisHint}>
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
            </>
          ) : null}
        </>
      ) : null}
      <Form.Item name="note" label={m.decide.note}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} danger={decision === 'harmful'} data-testid="detect-decide-submit">
        {m.decide.submit}
      </Button>
    </Form>
  );
}

/** Every try of the worker with its time and its error in words, so an analyst sees why a link is not analysed yet. */
function TriesCard({ item }: { item: ItemDetail }) {
  const m = useDetectT();
  if (item.kind !== 'url') return null;
  return (
    <Card title={m.detail.tries} size="small" style={{ marginBottom: 16 }}>
      {item.tries.length === 0 ? (
        <Typography.Text type="secondary">{m.detail.noTries}</Typography.Text>
      ) : (
        <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid="detect-tries">
          {item.tries.map((x) => (
            <li key={`${x.startedAt}-${x.endedAt}`}>
              <time dateTime={x.endedAt}>{formatDateTime(x.endedAt)}</time> — <strong>{m.detail.outcomes[x.outcome] ?? x.outcome}</strong>
              {x.failureMessage ? `: ${x.failureMessage}` : null}
              {x.detail ? <div className="muted">{`${m.detail.tryDetail}: ${x.detail}`}</div> : null}
              {x.nextAttemptAt ? <div className="muted">{m.detail.nextTry(formatDateTime(x.nextAttemptAt))}</div> : null}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
