/**
 * A target gauge: 0–100 % with the 100 % target marked. Its own ECharts module (the gauge is not
 * in the filter's chart chunk), loaded only with the pages that draw it. The numbers are always
 * written beside it too: a chart is an image to assistive technology.
 */
import { GaugeChart, type GaugeSeriesOption } from 'echarts/charts';
import { type ComposeOption, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([GaugeChart, CanvasRenderer]);

type Option = ComposeOption<GaugeSeriesOption>;

export function Gauge({ value, label, testId }: { value: number | null; label: string; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = init(el.current, undefined, { renderer: 'canvas' });
    const option: Option = {
      series: [
        {
          type: 'gauge',
          min: 0,
          max: 100,
          startAngle: 200,
          endAngle: -20,
          progress: { show: value !== null, width: 14 },
          axisLine: {
            lineStyle: {
              width: 14,
              color: [
                [0.999, '#e6e6e6'],
                [1, '#d4380d'],
              ],
            },
          },
          axisTick: { show: false },
          splitLine: { length: 8, distance: 2, lineStyle: { width: 1, color: '#999' } },
          axisLabel: { distance: 18, fontSize: 10, color: '#666', formatter: (v: number) => (v === 100 ? '100' : v % 50 === 0 ? String(v) : '') },
          pointer: { show: false },
          detail: { show: false },
          data: [{ value: value ?? 0 }],
        },
      ],
    };
    c.setOption(option);
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
    };
  }, [value]);
  return <div ref={el} role="img" aria-label={label} style={{ width: '100%', height: 150 }} data-testid={testId} />;
}
