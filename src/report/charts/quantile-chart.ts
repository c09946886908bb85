import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { formatDuration } from '../format-units.js';
import { html, type SafeHtml } from '../html/safe-html.js';
import { axisFormat, niceIn, px } from './axis.js';
import { frame, niceDomain, svgDocument, xAxis, yAxis } from './chart-frame.js';
import { logDurationAxis } from './log-axis.js';
import type { DataTable, QuantileChartSpec } from './chart-spec.js';

/**
 * The empirical CDF at the quantiles the result measured (p50, p95, p99, max…): one `circle.mark`
 * per measured point; a dashed guide joins each series' points for reading only.
 */
export function renderQuantileChart(spec: QuantileChartSpec): SafeHtml {
  const f = frame();
  // the target widens the axis so its rule is always on the chart
  const values = [...spec.series.flatMap((s) => s.points.map((p) => p.value)), ...(spec.target ? [spec.target.value] : [])];
  const xRaw = niceDomain(values, spec.x.domain);
  const xf = axisFormat(spec.x, Math.max(...xRaw.map(Math.abs)));
  const linear = scaleLinear()
    .domain(niceIn(xRaw, xf))
    .range([f.left, f.width - f.right]);
  const log = spec.xScale === 'log' && spec.x.unit === 'seconds' && values.some((v) => v > 0) ? logDurationAxis(values, f, spec.x.label) : undefined;
  const x = log ? log.x : (v: number) => linear(v);
  // on a log axis each value reads in its own unit (`12 ms`, `3.4 h`)
  const valueText = log ? formatDuration : xf.value;
  const y = scaleLinear()
    .domain([0, 1])
    .range([f.height - f.bottom, f.top]);
  const yf = axisFormat({ label: 'share', unit: 'fraction' }, 1);
  const guide = line<{ p: number; value: number }>()
    .x((p) => Number(px(x(p.value))))
    .y((p) => Number(px(y(p.p))));
  const series = spec.series.map((s) => {
    const dots = s.points.map(
      (p) => html`<circle class="mark dot c${s.color % 8}" cx="${px(x(p.value))}" cy="${px(y(p.p))}" r="4"><title>${s.name}: ${quantileName(p.p)} = ${valueText(p.value)}</title></circle>`,
    );
    return html`<g class="series-group" data-series="${s.name}"><path class="guide c${s.color % 8} d${s.color % 4}" d="${guide(s.points) ?? ''}"/>${dots}</g>`;
  });
  const t = spec.target;
  const rule = t
    ? html`<g class="target"><line class="marker-rule" x1="${px(x(t.value))}" x2="${px(x(t.value))}" y1="${px(f.top)}" y2="${px(f.height - f.bottom)}"/><text class="marker-label" x="${px(x(t.value) + 4)}" y="${px(f.top + 10)}">${t.label} ${valueText(t.value)}</text></g>`
    : '';
  const body = html`${log ? log.svg : xAxis(linear, f, xf, spec.x.label)}${yAxis(y, f, yf, 'share of samples at or below')}${rule}${series}`;
  return svgDocument(spec.id, spec.title, spec.description, f, body);
}

/** `p95`, `p99.9`, `max`. */
export function quantileName(p: number): string {
  return p === 1 ? 'max' : `p${Number((p * 100).toPrecision(6))}`;
}

export function quantileChartTable(spec: QuantileChartSpec): DataTable {
  const ps = [...new Set(spec.series.flatMap((s) => s.points.map((p) => p.p)))].sort((a, b) => a - b);
  return {
    columns: ['quantile', ...spec.series.map((s) => `${s.name}${spec.x.unit === 'seconds' ? ' (s)' : ''}`)],
    rows: ps.map((p) => [quantileName(p), ...spec.series.map((s) => s.points.find((q) => q.p === p)?.value ?? '')]),
  };
}
