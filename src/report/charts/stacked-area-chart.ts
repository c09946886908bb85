import { scaleLinear } from 'd3-scale';
import { area } from 'd3-shape';
import { COMPONENT_COLOURS } from '../html/report-css.js';
import { html, type SafeHtml } from '../html/safe-html.js';
import { axisFormat, niceIn, px } from './axis.js';
import { frame, niceDomain, svgDocument, xAxis, yAxis } from './chart-frame.js';
import type { DataTable, StackedAreaChartSpec } from './chart-spec.js';
import { axisUnit } from './line-chart.js';

/**
 * Layers stacked over x, the first at the bottom: one `path.mark` per layer whose upper edge has one vertex per x
 * (the band between the running sums below and including it). The sums are drawing geometry, not figures: the
 * table behind the chart gives each layer's own values.
 */
export function renderStackedAreaChart(spec: StackedAreaChartSpec): SafeHtml {
  const f = frame();
  const xDomain: [number, number] = [Math.min(...spec.xs), Math.max(...spec.xs)];
  if (xDomain[0] === xDomain[1]) xDomain[1] = xDomain[0] + 1;
  const x = scaleLinear()
    .domain(xDomain)
    .range([f.left, f.width - f.right]);
  const below = spec.xs.map(() => 0);
  const bands = spec.layers.map((layer) =>
    spec.xs.map((xv, i): readonly [number, number, number] => {
      const low = below[i] ?? 0;
      const high = low + Math.max(0, layer.values[i] ?? 0);
      below[i] = high;
      return [xv, low, high];
    }),
  );
  const yRaw = niceDomain([0, ...below], spec.y.domain);
  const xf = axisFormat(spec.x, Math.max(...xDomain.map(Math.abs)));
  const yf = axisFormat(spec.y, Math.max(...yRaw.map(Math.abs)));
  const y = scaleLinear()
    .domain(niceIn(yRaw, yf))
    .range([f.height - f.bottom, f.top]);
  const shade = area<readonly [number, number, number]>()
    .x((p) => Number(px(x(p[0]))))
    .y0((p) => Number(px(y(p[1]))))
    .y1((p) => Number(px(y(p[2]))));
  const layers = spec.layers.map((l, j) => html`<path class="mark area k${j % COMPONENT_COLOURS.length}" d="${shade(bands[j] ?? []) ?? ''}" data-series="${l.name}"><title>${l.name}</title></path>`);
  const body = html`${xAxis(x, f, xf, spec.x.label)}${yAxis(y, f, yf, spec.y.label)}<g class="series">${layers}</g>`;
  return svgDocument(spec.id, spec.title, spec.description, f, body);
}

/** One row per x, one column per layer (its own value), and their total. */
export function stackedAreaTable(spec: StackedAreaChartSpec): DataTable {
  return {
    columns: [`${spec.x.label}${axisUnit(spec.x.unit)}`, ...spec.layers.map((l) => l.name), 'total'],
    rows: spec.xs.map((xv, i) => {
      const row = spec.layers.map((l) => l.values[i] ?? 0);
      return [xv, ...row, row.reduce((a, v) => a + v, 0)];
    }),
  };
}
