import { Select } from 'antd';
import { useCallback, useMemo } from 'react';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { SchoolSelect } from '../../components.js';
import { useLoad } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { useFilterT } from './i18n.js';
import { BANDS, type Band, type FilterCategory } from './types.js';

/** Who may change the city's filter configuration (cityFilterPolicy.update). */
export function useCanEditCity(): boolean {
  const me = useMe();
  return me.abilities['filter.city.update'];
}

/** GET /filter/categories, with names in the console's language (pseudo-categories too). */
export function useCategories() {
  const { lang } = useLang();
  const f = useFilterT();
  const loaded = useLoad(() => api.get<FilterCategory[]>('/filter/categories'), []);
  const byCode = useMemo(() => new Map((loaded.data ?? []).map((c) => [c.code, c])), [loaded.data]);
  const name = useCallback(
    (code: string | null | undefined): string => {
      if (!code) return '—';
      const c = byCode.get(code);
      if (c) return lang === 'en' ? c.nameEn || c.nameVi : c.nameVi;
      return f.check.pseudo[code] ?? code;
    },
    [byCode, lang, f],
  );
  return { ...loaded, items: loaded.data ?? [], byCode, name };
}

export function BandSelect(props: { value?: Band; onChange?: (b: Band) => void; id?: string; style?: React.CSSProperties; 'aria-label'?: string }) {
  const f = useFilterT();
  return <Select<Band> {...props} options={BANDS.map((b) => ({ value: b, label: f.bands[b] }))} />;
}

/** The school filter of the city-wide pages (networks, statistics): cleared, it means every school. */
export function SchoolFilter({ value, onChange, width }: { value: string | null; onChange: (id: string | null) => void; width: number }) {
  const f = useFilterT();
  return <SchoolSelect aria-label={f.common.school} allowClear style={{ width }} value={value} onChange={onChange} placeholder={f.common.allSchools} />;
}

/** Textarea lines ⇄ a list of domains. */
export const linesToList = (s: string | undefined): string[] =>
  (s ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
export const listToLines = (l: readonly string[] | undefined): string => (l ?? []).join('\n');
