import { COMPONENT_COLOURS } from '../html/report-css.js';
import type { SafeHtml } from '../html/safe-html.js';
import type { ChartSpec, DataTable } from './chart-spec.js';
import { ganttTable, renderGanttChart } from './gantt-chart.js';
import { heatmapTable, renderHeatmapChart } from './heatmap-chart.js';
import { lineChartTable, renderLineChart } from './line-chart.js';
import { paretoTable, renderParetoChart } from './pareto-chart.js';
import { quantileChartTable, renderQuantileChart } from './quantile-chart.js';
import { renderStackedBarChart, stackedBarTable } from './stacked-bar-chart.js';
import { renderTornadoChart, tornadoTable } from './tornado-chart.js';
import { renderStackedAreaChart, stackedAreaTable } from './stacked-area-chart.js';

type SpecOf = { [K in ChartSpec['type']]: Extract<ChartSpec, { type: K }> };
type LegendEntries = readonly { readonly name: string; readonly swatch: string }[];

type Renderer<K extends ChartSpec['type']> = {
  readonly svg: (spec: SpecOf[K]) => SafeHtml;
  readonly table: (spec: SpecOf[K]) => DataTable;
  /** legend entries: text and the CSS class of its swatch */
  readonly legend: (spec: SpecOf[K]) => LegendEntries;
};

const seriesLegend = (spec: { series: readonly { name: string; color: number }[] }) => spec.series.map((s) => ({ name: s.name, swatch: `c${s.color % 8} d${s.color % 4}` }));

const renderers: { readonly [K in ChartSpec['type']]: Renderer<K> } = {
  line: { svg: renderLineChart, table: lineChartTable, legend: seriesLegend },
  quantiles: { svg: renderQuantileChart, table: quantileChartTable, legend: seriesLegend },
  'stacked-bars': { svg: renderStackedBarChart, table: stackedBarTable, legend: (s) => s.components.map((name, j) => ({ name, swatch: `k${j % COMPONENT_COLOURS.length}` })) },
  tornado: {
    svg: renderTornadoChart,
    table: tornadoTable,
    legend: () => [
      { name: 'driver at its low setting', swatch: 'tornado-low' },
      { name: 'driver at its high setting', swatch: 'tornado-high' },
    ],
  },
  heatmap: { svg: renderHeatmapChart, table: heatmapTable, legend: () => [] },
  gantt: { svg: renderGanttChart, table: ganttTable, legend: (s) => s.stages.map((name, j) => ({ name, swatch: `k${j % COMPONENT_COLOURS.length}` })) },
  'stacked-area': { svg: renderStackedAreaChart, table: stackedAreaTable, legend: (s) => s.layers.map((l, j) => ({ name: l.name, swatch: `k${j % COMPONENT_COLOURS.length}` })) },
  pareto: {
    svg: renderParetoChart,
    table: paretoTable,
    legend: () => [
      { name: 'Pareto-optimal variant', swatch: 'front' },
      { name: 'dominated variant', swatch: 'dominated' },
    ],
  },
};

// generic over the chart type, so the compiler pairs each spec with its own renderer
const svgOf = <K extends ChartSpec['type']>(type: K, spec: SpecOf[K]): SafeHtml => renderers[type].svg(spec);
const tableOf = <K extends ChartSpec['type']>(type: K, spec: SpecOf[K]): DataTable => renderers[type].table(spec);
const legendOf = <K extends ChartSpec['type']>(type: K, spec: SpecOf[K]): LegendEntries => renderers[type].legend(spec);

export const chartSvg = (spec: ChartSpec): SafeHtml => svgOf(spec.type, spec);
export const chartTable = (spec: ChartSpec): DataTable => tableOf(spec.type, spec);
export const chartLegend = (spec: ChartSpec): LegendEntries => legendOf(spec.type, spec);
