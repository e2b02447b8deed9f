import { EyeInvisibleOutlined, EyeOutlined, FilePdfOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, apiUrl } from '../../api.js';
import { FormModal } from '../../FormModal.js';
import { useIntakeT } from './i18n.js';
import { ABUSE_MATERIAL_CATEGORIES, type Evidence } from './types.js';

type RevealForm = { reason: string; ack?: boolean };

/**
 * Evidence thumbnails: the server's blurred preview (GET /intake/evidence/:id/preview), blurred
 * again in CSS. The original only through POST /intake/evidence/:id/reveal — a stated reason,
 * a confirmation, an audit entry — held in memory and dropped when closed.
 */
export default function EvidencePanel({ evidence, categories, canReveal }: { evidence: Evidence[]; categories: string[]; canReveal: boolean }) {
  const m = useIntakeT();
  const abuse = categories.some((c) => ABUSE_MATERIAL_CATEGORIES.includes(c));
  const [revealing, setRevealing] = useState<Evidence | null>(null);
  const [shown, setShown] = useState<{ ev: Evidence; url: string; type: string } | null>(null);

  useEffect(
    () => () => {
      if (shown) URL.revokeObjectURL(shown.url);
    },
    [shown],
  );

  if (evidence.length === 0) return <Typography.Text type="secondary">{m.detail.noEvidence}</Typography.Text>;

  const reveal = async (v: RevealForm) => {
    if (!revealing) return;
    const blob = await api.postForBlob(`/intake/evidence/${encodeURIComponent(revealing.id)}/reveal`, { reason: v.reason.trim() });
    setShown({ ev: revealing, url: URL.createObjectURL(blob), type: blob.type || revealing.mime || '' });
    setRevealing(null);
  };

  return (
    <>
      {abuse ? <Alert type="error" showIcon icon={<WarningOutlined />} title={m.detail.revealAbuseWarning} style={{ marginBottom: 12 }} /> : null}
      <Typography.Paragraph type="secondary">{m.detail.evidenceBlurred}</Typography.Paragraph>
      <ul
        className="evidence-grid"
        style={{ display: 'flex', flexWrap: 'wrap', gap: 12, listStyle: 'none', padding: 0, margin: 0 }}
        data-testid="evidence-list"
      >
        {evidence.map((e, i) => (
          <li key={e.id} style={{ width: 180 }}>
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
              {e.kind === 'image' ? (
                <img
                  src={apiUrl(`/intake/evidence/${encodeURIComponent(e.id)}/preview`)}
                  alt={m.detail.evidenceAlt(i + 1)}
                  loading="lazy"
                  data-testid="evidence-thumb"
                  style={{ width: '100%', height: '100%', objectFit: 'cover', filter: 'blur(14px)', transform: 'scale(1.1)' }}
                />
              ) : (
                <FilePdfOutlined style={{ fontSize: 48, color: '#8c8c8c' }} aria-label={m.detail.pdf} />
              )}
            </div>
            <div className="muted" style={{ marginTop: 4, wordBreak: 'break-all' }}>
              {e.filename ?? (e.kind === 'image' ? `#${i + 1}` : m.detail.pdf)} · {formatSize(e.size)}
            </div>
            {canReveal ? (
              <Button
                size="small"
                danger
                icon={<EyeOutlined />}
                style={{ marginTop: 4 }}
                onClick={() => setRevealing(e)}
                aria-label={`${m.detail.reveal}: ${e.filename ?? `#${i + 1}`}`}
              >
                {m.detail.reveal}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>

      <FormModal<RevealForm>
        open={revealing !== null}
        title={m.detail.revealTitle}
        okText={m.detail.revealConfirm}
        onCancel={() => setRevealing(null)}
        onSubmit={reveal}
        testId="reveal-modal"
      >
        {() => (
          <>
            <Alert
              type={abuse ? 'error' : 'warning'}
              showIcon
              title={abuse ? m.detail.revealAbuseWarning : m.detail.revealWarning}
              style={{ marginBottom: 16 }}
            />
            <Form.Item
              name="reason"
              label={m.detail.revealReason}
              extra={m.detail.revealReasonHint}
              rules={[{ required: true, whitespace: true, min: 5, message: m.detail.revealReasonHint }]}
            >
              <Input.TextArea rows={2} maxLength={500} showCount />
            </Form.Item>
            {abuse ? (
              <Form.Item
                name="ack"
                valuePropName="checked"
                rules={[{ validator: async (_, v?: boolean) => (v ? undefined : Promise.reject(new Error(m.detail.revealAbuseAck))) }]}
              >
                <Checkbox>{m.detail.revealAbuseAck}</Checkbox>
              </Form.Item>
            ) : null}
          </>
        )}
      </FormModal>

      <Modal
        open={shown !== null}
        title={m.detail.revealed}
        width={900}
        onCancel={() => setShown(null)}
        destroyOnHidden
        footer={[
          shown ? (
            <Button key="dl" href={shown.url} download={shown.ev.filename ?? `evidence-${shown.ev.id}`}>
              {m.detail.download}
            </Button>
          ) : null,
          <Button key="close" type="primary" icon={<EyeInvisibleOutlined />} onClick={() => setShown(null)}>
            {m.detail.hideAgain}
          </Button>,
        ]}
      >
        {shown?.type.startsWith('image/') ? (
          <img src={shown.url} alt={m.detail.revealed} style={{ maxWidth: '100%', maxHeight: '70vh', display: 'block', margin: '0 auto' }} />
        ) : shown ? (
          <Typography.Paragraph>
            <FilePdfOutlined aria-hidden /> {m.detail.pdf} · {formatSize(shown.ev.size)}
          </Typography.Paragraph>
        ) : null}
        {shown?.ev.sha256 ? (
          <Typography.Paragraph className="muted" style={{ marginTop: 8 }}>
            {m.detail.sha256}: <code>{shown.ev.sha256}</code>
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
