import { ConfigProvider } from 'antd';
import type { ReactNode } from 'react';
import { useProgrammesT } from './i18n.js';

/**
 * The programme forms' own validation texts: antd's Vietnamese default "Hãy nhập thông tin cho
 * trường …" reads "trường" (field) as a school on pages about schools, so ours names the field alone.
 */
export function FieldMessages({ children }: { children: ReactNode }) {
  const m = useProgrammesT();
  return <ConfigProvider form={{ validateMessages: m.validate }}>{children}</ConfigProvider>;
}
