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

const LangContext = createContext<LangContextValue | null>(null);

function apply(lang: Lang): void {
  setApiLang(lang);
  dayjs.locale(lang);
  document.documentElement.lang = lang;
  document.title = `${messages[lang].app.name} — ${messages[lang].app.console}`;
}

const initial = storedLang();
apply(initial);

/**
 * Language for the whole console: strings, dates, and the API's messages. No antd here: the
 * sign-in page is drawn without it (a phone on a slow link gets it in seconds), and antd's own
 * texts follow the same language through antd-root.tsx, which the signed-in shell wraps itself in.
 */
export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initial);
  const setLang = useCallback((next: Lang) => {
    storeLang(next);
    apply(next);
    setLangState(next);
  }, []);
  useEffect(() => apply(lang), [lang]);
  const value = useMemo(() => ({ lang, t: messages[lang], setLang }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangContextValue {
  const v = useContext(LangContext);
  if (!v) throw new Error('useLang outside LangProvider');
  return v;
}
