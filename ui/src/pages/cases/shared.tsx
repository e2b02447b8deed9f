import { Tag } from 'antd';
import { api } from '../../api.js';
import { useLoad } from '../../hooks.js';
import type { Lang } from '../../i18n.js';
import { useLang } from '../../locale.js';
import type { CaseVocabulary } from './types.js';

/**
 * What the case pages share: the code lists' labels (the cases core's and case work's, loaded once
 * per language; the console never shows a code), the state and risk tags, and the work pages'
 * column helpers.
 */
type Lists = Record<string, Array<{ code: string; label: string }>>;
const vocabularies = new Map<Lang, Promise<Lists>>();

function loadVocabulary(lang: Lang): Promise<Lists> {
  let p = vocabularies.get(lang);
  if (!p) {
    p = Promise.all([api.get<CaseVocabulary>('/cases/vocabulary'), api.get<Lists>('/cases/work-vocabulary')]).then(([core, work]) => ({
      ...core,
      ...work,
      events: [...(core.events ?? []), ...(work.events ?? [])],
    }));
    vocabularies.set(lang, p);
    p.catch(() => vocabularies.delete(lang));
  }
  return p;
}

export interface Vocab {
  /** The label of a code in a list, or a dash: never the raw code. */
  label(list: string, code: string | null | undefined): string;
  options(list: string): Array<{ value: string; label: string }>;
  ready: boolean;
}

export function useCaseVocabulary(): Vocab {
  const { lang } = useLang();
  const { data } = useLoad(() => loadVocabulary(lang), [lang]);
  return {
    ready: data !== undefined,
    label: (list, code) => {
      if (!code) return '—';
      return data?.[list]?.find((x) => x.code === code)?.label ?? '…';
    },
    options: (list) => (data?.[list] ?? []).map((x) => ({ value: x.code, label: x.label })),
  };
}

/** A tag's label may wrap: at narrow widths a long state must stay inside its cell, not run over the next label. */
const WRAP = { whiteSpace: 'normal', marginInlineEnd: 0 } as const;

const RISK_COLORS: Record<string, string> = { low: 'green', medium: 'gold', high: 'orange', critical: 'red' };

export function RiskTag({ level, vocab }: { level: string | null; vocab: Vocab }) {
  if (!level) return <span className="muted">—</span>;
  return (
    <Tag color={RISK_COLORS[level] ?? 'default'} style={WRAP}>
      {vocab.label('riskLevels', level)}
    </Tag>
  );
}

export function StateTag({ list, state, vocab }: { list: 'victimStates' | 'violationStates'; state: string | null; vocab: Vocab }) {
  if (!state) return <span className="muted">—</span>;
  return (
    <Tag color={state === 'closed' ? 'default' : 'blue'} style={WRAP}>
      {vocab.label(list, state)}
    </Tag>
  );
}
