import { FileImageOutlined, FileTextOutlined, LinkOutlined } from '@ant-design/icons';
import { Progress, Tag, Tooltip } from 'antd';
import { useCodeLabels } from '../../hooks.js';
import { loadDetectVocabulary } from '../../lookups.js';
import { useDetectT } from './i18n.js';
import type { Decision, ItemKind, ItemStatus, TakedownStatus } from './types.js';

export const STATUS_COLORS: Record<ItemStatus, string> = { queued: 'default', fetching: 'processing', analysed: 'blue', failed: 'red', decided: 'green' };
export const DECISION_COLORS: Record<Decision, string> = { harmful: 'red', not_harmful: 'green', legal_review: 'gold' };
export const KIND_ICONS: Record<ItemKind, React.ReactNode> = { url: <LinkOutlined />, text: <FileTextOutlined />, image: <FileImageOutlined /> };
export const TAKEDOWN_COLORS: Record<TakedownStatus, string> = { requested: 'blue', sent: 'gold', removed: 'green', refused: 'default', withdrawn: 'default' };

const VOCAB_KINDS = ['categories', 'platforms', 'failureCodes'] as const;

/** Labels from GET /detect/vocabulary in the console's language; the code itself while they load. */
export function useDetectVocabulary() {
  return useCodeLabels(loadDetectVocabulary, VOCAB_KINDS);
}

export function ItemStatusTag({ s }: { s: ItemStatus }) {
  const m = useDetectT();
  return <Tag color={STATUS_COLORS[s]}>{m.statuses[s] ?? s}</Tag>;
}

export function DecisionTag({ d, category }: { d: Decision | null; category?: string | null }) {
  const m = useDetectT();
  const vocab = useDetectVocabulary();
  if (!d) return <span className="muted">—</span>;
  return (
    <Tag color={DECISION_COLORS[d]} style={{ whiteSpace: 'normal' }}>
      {m.decisions[d]}
      {category ? ` · ${vocab.label('categories', category)}` : ''}
    </Tag>
  );
}

export function TakedownStatusTag({ s }: { s: TakedownStatus }) {
  const m = useDetectT();
  return <Tag color={TAKEDOWN_COLORS[s]}>{m.takedownStatuses[s] ?? s}</Tag>;
}

/** A score 0..1 as a labelled bar with its number (never the bar alone). */
export function ScoreBar({ score, label, width = 160 }: { score: number; label: string; width?: number }) {
  const pct = Math.round(score * 100);
  return (
    <Tooltip title={`${label}: ${pct}%`}>
      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8, width }} role="img" aria-label={`${label}: ${pct}%`}>
        <Progress
          percent={pct}
          size="small"
          showInfo={false}
          strokeColor={pct >= 80 ? '#cf1322' : pct >= 60 ? '#d46b08' : '#1464c8'}
          style={{ flex: 1, margin: 0 }}
        />
        <span style={{ minWidth: 36, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{pct}%</span>
      </span>
    </Tooltip>
  );
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} kB`;
  return `${n} B`;
}

/** Reads a chosen file as base64 (without the data: prefix), for JSON bodies. */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      const s = String(r.result);
      resolve(s.slice(s.indexOf(',') + 1));
    };
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}
