import { type ComponentType, lazy } from 'react';

/**
 * A lazily loaded antd component with antd's theme and texts (antd-root.tsx) around it, for the few antd
 * parts drawn outside the pages (the notification bell, the home page's cards): the shell and the home
 * page are plain HTML, so antd's code — the theme included — loads with the first of them.
 */
export function lazyWithAntd<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  return lazy(async () => {
    const [{ default: Inner }, { AntdRoot }] = await Promise.all([load(), import('../../antd-root.js')]);
    return {
      default: (props: P) => (
        <AntdRoot>
          <Inner {...props} />
        </AntdRoot>
      ),
    };
  });
}
