import { Alert, Spin } from 'antd';
import { type ComponentType, lazy, Suspense } from 'react';
import { useHomeT } from './i18n.js';

// The Indicators module provides TargetsPanel; until that file exists the glob is empty and the
// home page says there is no data yet instead of failing the build.
const found = Object.values(import.meta.glob<{ TargetsPanel: ComponentType }>('../indicators/TargetsPanel.tsx'));
const loadPanel = found[0];
const Panel = loadPanel ? lazy(async () => ({ default: (await loadPanel()).TargetsPanel })) : null;

/** The city's three targets, first on a city leader's home page. */
export function Targets() {
  const h = useHomeT();
  if (!Panel) return <Alert type="info" showIcon title={h.noTargets} data-testid="home-targets-empty" />;
  return (
    <Suspense fallback={<Spin />}>
      <Panel />
    </Suspense>
  );
}
