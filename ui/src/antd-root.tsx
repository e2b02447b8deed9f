import { ConfigProvider, type ConfigProviderProps, theme } from 'antd';
import enUSModule from 'antd/es/locale/en_US.js';
import viVNModule from 'antd/es/locale/vi_VN.js';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useLang } from './locale.js';

type AntLocale = NonNullable<ConfigProviderProps['locale']>;
// antd's locale files are ES modules in a package not marked as such: the compiler sees a namespace
// where the bundler hands over the default export. Accept both.
const unwrap = (m: unknown): AntLocale => ((m as { default?: AntLocale }).default ?? m) as AntLocale;
const viVN = unwrap(viVNModule);
const enUS = unwrap(enUSModule);

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

/**
 * antd's theme and its texts in the console's language for everything inside. Only the signed-in shell
 * renders it, so antd's code is not part of the sign-in page's first load; antd's App context (message,
 * modal) is added around the pages by pages/home/PageHost.tsx.
 */
export function AntdRoot({ children }: { children: ReactNode }) {
  const { lang } = useLang();
  const reducedMotion = usePrefersReducedMotion();
  const themeConfig = useMemo(
    () => ({ algorithm: theme.defaultAlgorithm, token: { colorPrimary: '#1464c8', borderRadius: 6, motion: !reducedMotion } }),
    [reducedMotion],
  );
  return (
    <ConfigProvider locale={lang === 'vi' ? viVN : enUS} theme={themeConfig}>
      {children}
    </ConfigProvider>
  );
}
