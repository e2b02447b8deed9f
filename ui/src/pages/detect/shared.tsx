import { FileImageOutlined, FileTextOutlined, LinkOutlined } from '@ant-design/icons';
import { Progress, Tag, Tooltip } from 'antd';
import { useMemo } from 'react';
import { api } from '../../api.js';
import { useLoad } from '../../hooks.js';
import type { Lang } from '../../i18n.js';
import { useLang } from '../../locale.js';
import type { Role } from '../../types.js';
import { useDetectT } from './i18n.js';
import type { Decision, DetectVocabulary, ItemKind, ItemStatus, TakedownStatus } from './types.js';

/** Who does the desk's work (src/detect/review/review.policy.ts: decide, reveal, retry; takedowns; banks). */
export const DETECT_ANALYSTS: readonly Role[] = ['system_admin', 'analyst'];
export const isAnalyst = (role: Role) => DETECT_ANALYSTS.includes(role);

export const STATUS_COLORS: Record<ItemStatus, string> = { queued: 'default', fetching: 'processing', analysed: 'blue', failed: 'red', decided: 'green' };
export const DECISION_COLORS: Record<Decision, string> = { harmful: 'red', not_harmful: 'green', legal_review: 'gold' };
export const KIND_ICONS: Record<ItemKind, React.ReactNode> = { url: <LinkOutlined />, text: <FileTextOutlined />, image: <FileImageOutlined /> };
export const TAKEDOWN_COLORS: Record<TakedownStatus, string> = { requested: 'blue', sent: 'gold', removed: 'green', refused: 'default' };

// One request per language for the session: the labels change only with a new server version.
const vocabCache = new Map<Lang, Promise<DetectVocabulary>>();
function loadVocabulary(lang: Lang): Promise<DetectVocabulary> {
  let p = vocabCache.get(lang);
  if (!p) {
    p = api.get<DetectVocabulary>('/detect/vocabulary');
    vocabCache.set(lang, p);
    p.catch(() => vocabCache.delete(lang));
  }
  return p;
}

type VocabKey = keyof DetectVocabulary;

/** Labels from GET /detect/vocabulary in the console's language; the code itself while they load. */
export function useDetectVocabulary() {
  const { lang } = useLang();
  const { data } = useLoad(() => loadVocabulary(lang), [lang]);
  const maps = useMemo(() => {
    const out = {} as Record<VocabKey, Map<string, string>>;
    for (const k of ['categories', 'platforms', 'failureCodes'] as VocabKey[]) out[k] = new Map((data?.[k] ?? []).map((x) => [x.code, x.label]));
    return out;
  }, [data]);
  return {
    data,
    label: (kind: VocabKey, code: string | null | undefined) => (code ? (maps[kind].get(code) ?? code) : '—'),
    options: (kind: VocabKey) => (data?.[kind] ?? []).map((x) => ({ value: x.code, label: x.label })),
  };
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
