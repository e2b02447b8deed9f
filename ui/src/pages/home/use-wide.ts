import { useEffect, useState } from 'react';

/** antd's `lg` breakpoint: from this width the menu is a side bar, below it a drawer. */
const WIDE = '(min-width: 992px)';

/**
 * Whether the window is at least 992 px wide, following resizes. The shell's own few lines instead of
 * antd's Grid.useBreakpoint, which would bring the grid's code into the signed-in first load.
 */
export function useWide(): boolean {
  const [wide, setWide] = useState(() => (typeof window.matchMedia === 'function' ? window.matchMedia(WIDE).matches : true));
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia(WIDE);
    const onChange = (e: MediaQueryListEvent) => setWide(e.matches);
    setWide(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return wide;
}
