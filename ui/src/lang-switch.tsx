import { Segmented } from 'antd';
import { LANGS, type Lang, messages } from './i18n.js';
import { useLang } from './locale.js';

/**
 * Vietnamese / English. In a file of its own because the sign-in page shows it: importing it from
 * components.tsx would pull that file's tables and pickers into the first load.
 */
export function LangSwitch({ size }: { size?: 'small' | 'middle' | 'large' }) {
  const { lang, setLang, t } = useLang();
  return (
    <Segmented<Lang>
      data-testid="lang-switch"
      aria-label={t.common.language}
      size={size ?? 'middle'}
      value={lang}
      onChange={(v) => setLang(v)}
      options={LANGS.map((l) => ({ value: l, label: l.toUpperCase(), title: messages[l].langName }))}
    />
  );
}
