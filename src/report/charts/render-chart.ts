import type { SafeHtml } from '../html/safe-html.js';
import type { ChartSpec, DataTable } from './chart-spec.js';
import { heatmapTable, renderHeatmapChart } from './heatmap-chart.js';
import { lineChartTable, renderLineChart } from './line-chart.js';
import { paretoTable, renderParetoChart } from './pareto-chart.js';
import { quantileChartTable, renderQuantileChart } from './quantile-chart.js';
import { renderStackedBarChart, stackedBarTable } from './stacked-bar-chart.js';
import { renderTornadoChart, tornadoTable } from './tornado-chart.js';

type Renderer<K extends ChartSpec['type']> = {
  readonly svg: (spec: Extract<ChartSpec, { type: K }>) => SafeHtml;
  readonly table: (spec: Extract<ChartSpec, { type: K }>) => DataTable;
  /** legend entries: text and the CSS class of its swatch */
  readonly legend: (spec: Extract<ChartSpec, { type: K }>) => readonly { readonly name: string; readonly swatch: string }[];
};

const seriesLegend = (spec: { series: readonly { name: string; color: number }[] }) => spec.series.map((s) => ({ name: s.name, swatch: `c${s.color % 8} d${s.color % 4}` }));

const renderers: { readonly [K in ChartSpec['type']]: Renderer<K> } = {
  line: { svg: renderLineChart, table: lineChartTable, legend: seriesLegend },
  quantiles: { svg: renderQuantileChart, table: quantileChartTable, legend: seriesLegend },
  'stacked-bars': { svg: renderStackedBarChart, table: stackedBarTable, legend: (s) => s.components.map((name, j) => ({ name, swatch: `c${j % 8}` })) },
  tornado: {
    svg: renderTornadoChart,
    table: tornadoTable,
    legend: () => [
      { name: 'driver at its low setting', swatch: 'tornado-low' },
      { name: 'driver at its high setting', swatch: 'tornado-high' },
    ],
  },
  heatmap: { svg: renderHeatmapChart, table: heatmapTable, legend: () => [] },
  pareto: {
    svg: renderParetoChart,
    table: paretoTable,
    legend: () => [
      { name: 'Pareto-optimal variant', swatch: 'front' },
      { name: 'dominated variant', swatch: 'dominated' },
    ],
  },
};

function pick<K extends ChartSpec['type']>(spec: Extract<ChartSpec, { type: K }>): Renderer<K> {
  return renderers[spec.type as K];
}

export const chartSvg = (spec: ChartSpec): SafeHtml => pick(spec).svg(spec as never);
export const chartTable = (spec: ChartSpec): DataTable => pick(spec).table(spec as never);
export const chartLegend = (spec: ChartSpec) => pick(spec).legend(spec as never);
