import { type ComponentType, Suspense } from 'react';
import { useLang } from '../../locale.js';
import { useHomeT } from './i18n.js';
import { lazyWithAntd } from './with-antd.js';

// The Indicators module provides TargetsPanel; until that file exists the glob is empty and the
// home page says there is no data yet instead of failing the build.
const found = Object.values(import.meta.glob<{ TargetsPanel: ComponentType }>('../indicators/TargetsPanel.tsx'));
const loadPanel = found[0];
// the panel is antd's (cards, gauges): it brings antd's theme along
const Panel = loadPanel ? lazyWithAntd(async () => ({ default: (await loadPanel()).TargetsPanel })) : null;

/** The city's three targets, first on a city leader's home page. */
export function Targets() {
  const h = useHomeT();
  const { t } = useLang();
  if (!Panel)
    return (
      <div className="notice notice-info" data-testid="home-targets-empty">
        {h.noTargets}
      </div>
    );
  return (
    <Suspense fallback={<span className="spinner" role="status" aria-label={t.common.loading} />}>
      <Panel />
    </Suspense>
  );
}
