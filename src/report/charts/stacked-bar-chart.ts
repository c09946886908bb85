import { scaleBand, scaleLinear } from 'd3-scale';
import { COMPONENT_COLOURS } from '../html/report-css.js';
import { html, type SafeHtml } from '../html/safe-html.js';
import { axisFormat, niceIn, px } from './axis.js';
import { bandAxisLeft, frame, svgDocument, xAxis } from './chart-frame.js';
import type { DataTable, StackedBarChartSpec } from './chart-spec.js';

/** Horizontal stacked bars: one `rect.mark` per non-zero (bar, component) value. */
export function renderStackedBarChart(spec: StackedBarChartSpec): SafeHtml {
  const f = frame(Math.max(160, 60 + spec.bars.length * 34), 170);
  const totals = spec.values.map((row) => row.reduce((s, v) => s + v, 0));
  const xRaw: [number, number] = [0, Math.max(1e-9, ...totals)];
  const xf = axisFormat(spec.x, xRaw[1]);
  const x = scaleLinear()
    .domain(niceIn(xRaw, xf))
    .range([f.left, f.width - f.right]);
  // keyed by index: two bars may share a label
  const y = scaleBand<string>()
    .domain(spec.bars.map((_, i) => String(i)))
    .range([f.top, f.height - f.bottom])
    .padding(0.25);
  const rects = spec.bars.map((bar, i) => {
    let acc = 0;
    const parts = spec.components.map((c, j) => {
      const v = spec.values[i]?.[j] ?? 0;
      if (!(v > 0)) return '';
      const x0 = x(acc);
      acc += v;
      return html`<rect class="mark bar k${j % COMPONENT_COLOURS.length}" x="${px(x0)}" y="${px(y(String(i)) ?? 0)}" width="${px(x(acc) - x0)}" height="${px(y.bandwidth())}"><title>${bar} — ${c}: ${xf.value(v)}</title></rect>`;
    });
    return html`<g class="bar-group" data-series="${bar}">${parts}</g>`;
  });
  const labels = bandAxisLeft(y, f, (k) => spec.bars[Number(k)] ?? '');
  const body = html`${xAxis(x, f, xf, spec.x.label, 6)}${labels}${rects}`;
  return svgDocument(spec.id, spec.title, spec.description, f, body);
}

export function stackedBarTable(spec: StackedBarChartSpec): DataTable {
  return {
    columns: ['', ...spec.components, 'total'],
    rows: spec.bars.map((b, i) => {
      const row = spec.components.map((_, j) => spec.values[i]?.[j] ?? 0);
      return [b, ...row, row.reduce((s, v) => s + v, 0)];
    }),
  };
}
