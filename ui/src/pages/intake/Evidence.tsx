import { EyeInvisibleOutlined, EyeOutlined, FileExclamationOutlined, FilePdfOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Form, Input, Modal, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { api, apiUrl } from '../../api.js';
import { FormModal } from '../../FormModal.js';
import { type IntakeMessages, useIntakeT } from './i18n.js';
import { ABUSE_MATERIAL_CATEGORIES, type Evidence } from './types.js';

type RevealForm = { reason: string; ack?: boolean };

/** The words of the evidence panel; each page folder's i18n provides them in its own terms. */
export type EvidenceTexts = Pick<
  IntakeMessages['detail'],
  | 'noEvidence'
  | 'evidenceBlurred'
  | 'evidenceAlt'
  | 'pdf'
  | 'reveal'
  | 'revealTitle'
  | 'revealWarning'
  | 'revealAbuseWarning'
  | 'revealReason'
  | 'revealReasonHint'
  | 'revealConfirm'
  | 'revealAbuseAck'
  | 'revealed'
  | 'download'
  | 'hideAgain'
  | 'sha256'
>;

/** One file to show: a blurred preview from the server, the original only through `revealPath`. */
export interface EvidenceItem {
  key: string;
  /** image: a blurred preview; pdf: an icon; unreadable: an icon and the reason in `caption`. */
  kind: 'image' | 'pdf' | 'unreadable';
  /** API path (under /api/v1) of the blurred preview. */
  previewPath: string | null;
  /** API path of the audited reveal (POST { reason }); null: no reveal for this one. */
  revealPath: string | null;
  filename: string | null;
  size: number | null;
  sha256: string | null;
  mime: string | null;
  /** Extra lines under the thumbnail (sizes, matches, errors). */
  caption?: ReactNode;
}

/** The reporting centre's evidence of one report (GET /intake/evidence/:id/preview, POST …/reveal). */
export default function EvidencePanel({ evidence, categories, canReveal }: { evidence: Evidence[]; categories: string[]; canReveal: boolean }) {
  const m = useIntakeT();
  const abuse = categories.some((c) => ABUSE_MATERIAL_CATEGORIES.includes(c));
  const items: EvidenceItem[] = evidence.map((e) => ({
    key: e.id,
    kind: e.kind === 'image' ? 'image' : 'pdf',
    previewPath: e.kind === 'image' ? `/intake/evidence/${encodeURIComponent(e.id)}/preview` : null,
    revealPath: `/intake/evidence/${encodeURIComponent(e.id)}/reveal`,
    filename: e.filename,
    size: e.size,
    sha256: e.sha256,
    mime: e.mime,
  }));
  return <BlurredEvidence items={items} texts={m.detail} abuse={abuse} canReveal={canReveal} />;
}

/**
 * Evidence thumbnails: the server's blurred preview, blurred again in CSS. The original only
 * through the reveal route — a stated reason, a confirmation, an audit entry — held in memory and
 * dropped when closed. `abuse` adds the abuse-material warning and an explicit acknowledgement.
 */
export function BlurredEvidence({ items, texts: m, abuse, canReveal }: { items: EvidenceItem[]; texts: EvidenceTexts; abuse: boolean; canReveal: boolean }) {
  const [revealing, setRevealing] = useState<EvidenceItem | null>(null);
  const [shown, setShown] = useState<{ ev: EvidenceItem; url: string; type: string } | null>(null);

  useEffect(
    () => () => {
      if (shown) URL.revokeObjectURL(shown.url);
    },
    [shown],
  );

  if (items.length === 0) return <Typography.Text type="secondary">{m.noEvidence}</Typography.Text>;

  const reveal = async (v: RevealForm) => {
    if (!revealing?.revealPath) return;
    const blob = await api.postForBlob(revealing.revealPath, { reason: v.reason.trim() });
    setShown({ ev: revealing, url: URL.createObjectURL(blob), type: blob.type || revealing.mime || '' });
    setRevealing(null);
  };

  return (
    <>
      {abuse ? <Alert type="error" showIcon icon={<WarningOutlined />} title={m.revealAbuseWarning} style={{ marginBottom: 12 }} /> : null}
      <Typography.Paragraph type="secondary">{m.evidenceBlurred}</Typography.Paragraph>
      <ul
        className="evidence-grid"
        style={{ display: 'flex', flexWrap: 'wrap', gap: 12, listStyle: 'none', padding: 0, margin: 0 }}
        data-testid="evidence-list"
      >
        {items.map((e, i) => (
          <li key={e.key} style={{ width: 180 }}>
            <div
              style={{
                width: 180,
                height: 140,
                overflow: 'hidden',
                borderRadius: 6,
                background: '#e6e9ef',
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'center',
              }}
            >
              {e.kind === 'image' && e.previewPath ? (
                <img
                  src={apiUrl(e.previewPath)}
                  alt={m.evidenceAlt(i + 1)}
                  loading="lazy"
                  data-testid="evidence-thumb"
                  style={{ width: '100%', height: '100%', objectFit: 'cover', filter: 'blur(14px)', transform: 'scale(1.1)' }}
                />
              ) : e.kind === 'pdf' ? (
                <FilePdfOutlined style={{ fontSize: 48, color: '#8c8c8c' }} aria-label={m.pdf} />
              ) : (
                <FileExclamationOutlined style={{ fontSize: 48, color: '#8c8c8c' }} aria-hidden />
              )}
            </div>
            <div className="muted" style={{ marginTop: 4, wordBreak: 'break-all' }}>
              {e.filename ?? (e.kind === 'pdf' ? m.pdf : `#${i + 1}`)}
              {e.size !== null ? ` · ${formatSize(e.size)}` : null}
            </div>
            {e.caption ? <div className="muted">{e.caption}</div> : null}
            {canReveal && e.revealPath ? (
              <Button
                size="small"
                danger
                icon={<EyeOutlined />}
                style={{ marginTop: 4 }}
                onClick={() => setRevealing(e)}
                aria-label={`${m.reveal}: ${e.filename ?? `#${i + 1}`}`}
              >
                {m.reveal}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>

      <FormModal<RevealForm>
        open={revealing !== null}
        title={m.revealTitle}
        okText={m.revealConfirm}
        onCancel={() => setRevealing(null)}
        onSubmit={reveal}
        testId="reveal-modal"
      >
        {() => (
          <>
            <Alert type={abuse ? 'error' : 'warning'} showIcon title={abuse ? m.revealAbuseWarning : m.revealWarning} style={{ marginBottom: 16 }} />
            <Form.Item
              name="reason"
              label={m.revealReason}
              extra={m.revealReasonHint}
              className="reason-with-count"
              rules={[{ required: true, whitespace: true, min: 5, message: m.revealReasonHint }]}
            >
              <Input.TextArea rows={2} maxLength={500} showCount />
            </Form.Item>
            {abuse ? (
              <Form.Item
                name="ack"
                valuePropName="checked"
                rules={[{ validator: async (_, v?: boolean) => (v ? undefined : Promise.reject(new Error(m.revealAbuseAck))) }]}
              >
                <Checkbox>{m.revealAbuseAck}</Checkbox>
              </Form.Item>
            ) : null}
          </>
        )}
      </FormModal>

      <Modal
        open={shown !== null}
        title={m.revealed}
        width={900}
        onCancel={() => setShown(null)}
        destroyOnHidden
        footer={[
          shown ? (
            <Button key="dl" href={shown.url} download={shown.ev.filename ?? `evidence-${shown.ev.key}`}>
              {m.download}
            </Button>
          ) : null,
          <Button key="close" type="primary" icon={<EyeInvisibleOutlined />} onClick={() => setShown(null)}>
            {m.hideAgain}
          </Button>,
        ]}
      >
        {shown?.type.startsWith('image/') ? (
          <img src={shown.url} alt={m.revealed} style={{ maxWidth: '100%', maxHeight: '70vh', display: 'block', margin: '0 auto' }} />
        ) : shown ? (
          <Typography.Paragraph>
            <FilePdfOutlined aria-hidden /> {m.pdf}
            {shown.ev.size !== null ? ` · ${formatSize(shown.ev.size)}` : null}
          </Typography.Paragraph>
        ) : null}
        {shown?.ev.sha256 ? (
          <Typography.Paragraph className="muted" style={{ marginTop: 8 }}>
            {m.sha256}: <code>{shown.ev.sha256}</code>
          </Typography.Paragraph>
        ) : null}
      </Modal>
    </>
  );
}

function formatSize(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} kB`;
  return `${n} B`;
}
