import { App as AntApp, ConfigProvider, type ConfigProviderProps, theme } from 'antd';
import enUSModule from 'antd/es/locale/en_US.js';
import viVNModule from 'antd/es/locale/vi_VN.js';
import dayjs from 'dayjs';
import 'dayjs/locale/vi.js';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { setApiLang } from './api.js';
import { type Lang, type Messages, messages, storedLang, storeLang } from './i18n.js';

interface LangContextValue {
  lang: Lang;
  t: Messages;
  setLang: (lang: Lang) => void;
}

type AntLocale = NonNullable<ConfigProviderProps['locale']>;
// antd's locale files are ES modules in a package not marked as such: the compiler sees a namespace
// where the bundler hands over the default export. Accept both.
const unwrap = (m: unknown): AntLocale => ((m as { default?: AntLocale }).default ?? m) as AntLocale;
const viVN = unwrap(viVNModule);
const enUS = unwrap(enUSModule);

const LangContext = createContext<LangContextValue | null>(null);

function apply(lang: Lang): void {
  setApiLang(lang);
  dayjs.locale(lang);
  document.documentElement.lang = lang;
  document.title = `${messages[lang].app.name} — ${messages[lang].app.console}`;
}

const initial = storedLang();
apply(initial);

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

/**
 * Whether the user asked the system for less motion (vestibular disorders, slow school PCs). antd
 * does not read the media query itself, so its zoom/fade/slide animations are switched off here.
 */
function usePrefersReducedMotion(): boolean {
  const query = useMemo(() => (typeof window.matchMedia === 'function' ? window.matchMedia(REDUCED_MOTION) : null), []);
  const [reduced, setReduced] = useState(query?.matches ?? false);
  useEffect(() => {
    if (!query) return;
    const onChange = (e: MediaQueryListEvent) => setReduced(e.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [query]);
  return reduced;
}

/** Language for the whole console: strings, antd's own texts, dates, and the API's messages. */
export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initial);
  const setLang = useCallback((next: Lang) => {
    storeLang(next);
    apply(next);
    setLangState(next);
  }, []);
  useEffect(() => apply(lang), [lang]);
  const value = useMemo(() => ({ lang, t: messages[lang], setLang }), [lang, setLang]);
  const reducedMotion = usePrefersReducedMotion();
  const themeConfig = useMemo(
    () => ({ algorithm: theme.defaultAlgorithm, token: { colorPrimary: '#1464c8', borderRadius: 6, motion: !reducedMotion } }),
    [reducedMotion],
  );
  return (
    <LangContext.Provider value={value}>
      <ConfigProvider locale={lang === 'vi' ? viVN : enUS} theme={themeConfig}>
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </LangContext.Provider>
  );
}

export function useLang(): LangContextValue {
  const v = useContext(LangContext);
  if (!v) throw new Error('useLang outside LangProvider');
  return v;
}
