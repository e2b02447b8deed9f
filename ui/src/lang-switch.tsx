import { LANGS, type Lang, messages } from './i18n.js';
import { useLang } from './locale.js';

/**
 * Vietnamese / English: two plain buttons, the chosen one pressed. Plain HTML and CSS (styles.css,
 * `.lang-switch`), not antd's Segmented, because the sign-in page shows it and draws without antd.
 */
export function LangSwitch({ size }: { size?: 'small' | 'middle' }) {
  const { lang, setLang, t } = useLang();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of toggle buttons, not a form's fieldset
    <div role="group" className={size === 'small' ? 'lang-switch lang-switch-small' : 'lang-switch'} data-testid="lang-switch" aria-label={t.common.language}>
      {LANGS.map((l: Lang) => (
        <button key={l} type="button" aria-pressed={lang === l} title={messages[l].langName} lang={l} onClick={() => setLang(l)}>
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
