/**
 * The gauge's typings, added to the echarts sub-path declarations of
 * ui/src/pages/filter/echarts-modules.d.ts (same reason: echarts 5's sub-path typings do not
 * resolve under NodeNext). Drop with that file.
 */
declare module 'echarts/charts' {
  export { GaugeSeriesOption, install$9 as GaugeChart } from 'echarts/types/dist/shared';
}
