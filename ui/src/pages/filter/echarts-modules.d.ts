/**
 * echarts 5 ships its sub-path typings (echarts/core, /charts, /components, /renderers) with
 * extension-less relative re-exports, which TypeScript's NodeNext resolution cannot follow: every
 * import would be missing. These declarations re-export the same names from the bundled
 * types/dist/shared.d.ts (listed in echarts' package exports), so the imports are fully typed.
 * Only what Chart.tsx uses; drop this file when echarts' typings resolve under NodeNext.
 */
declare module 'echarts/core' {
  export { ComposeOption, EChartsType, init, use } from 'echarts/types/dist/shared';
}
declare module 'echarts/charts' {
  export { BarSeriesOption, install as LineChart, install$1 as BarChart, LineSeriesOption } from 'echarts/types/dist/shared';
}
declare module 'echarts/components' {
  export {
    GridOption as GridComponentOption,
    install$23 as GridComponent,
    install$32 as TooltipComponent,
    install$40 as LegendComponent,
    LegendComponentOption,
    TooltipOption as TooltipComponentOption,
  } from 'echarts/types/dist/shared';
}
declare module 'echarts/renderers' {
  export { install$53 as CanvasRenderer } from 'echarts/types/dist/shared';
}
