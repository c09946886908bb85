import { mustAt } from '../../support/must-get.js';
import { scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';
import { html, type SafeHtml } from '../html/safe-html.js';
import { axisFormat, niceIn, px } from './axis.js';
import { frame, niceDomain, svgDocument, xAxis, yAxis } from './chart-frame.js';
import type { DataTable, LineChartSpec } from './chart-spec.js';
import { placeLabels } from './label-placement.js';

/**
 * Lines over a numeric x. Marks: one `path.mark` per series whose `d` has one vertex per point
 * (M then L commands), so a test can count vertices against the data.
 */
export function renderLineChart(spec: LineChartSpec): SafeHtml {
  const f = frame();
  const xs = spec.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = [
    ...spec.series.flatMap((s) => s.points.map((p) => p[1])),
    ...(spec.errorBars ?? []).flatMap((e) => [e.low, e.high]),
    ...(spec.bands ?? []).flatMap((b) => b.points.flatMap((p) => [p[1], p[2]])),
    ...(spec.markers ?? []).map((m) => m.y),
  ];
  const xDomain: [number, number] = spec.x.domain ? [spec.x.domain[0], spec.x.domain[1]] : [Math.min(...xs), Math.max(...xs)];
  if (xDomain[0] === xDomain[1]) xDomain[1] = xDomain[0] + 1;
  const x = scaleLinear()
    .domain(xDomain)
    .range([f.left, f.width - f.right]);
  const yRaw = niceDomain(ys, spec.y.domain);
  const xf = axisFormat(spec.x, Math.max(...xDomain.map(Math.abs)));
  const yf = axisFormat(spec.y, Math.max(...yRaw.map(Math.abs)));
  const y = scaleLinear()
    .domain(spec.y.domain ? yRaw : niceIn(yRaw, yf))
    .range([f.height - f.bottom, f.top]);
  const path = line<readonly [number, number]>()
    .x((p) => Number(px(x(p[0]))))
    .y((p) => Number(px(y(p[1]))));
  const shade = area<readonly [number, number, number]>()
    .x((p) => Number(px(x(p[0]))))
    .y0((p) => Number(px(y(p[1]))))
    .y1((p) => Number(px(y(p[2]))));
  // drawn under the lines; not `.mark`: a band is the lines' uncertainty, not data of its own
  const bands = (spec.bands ?? []).map((b) => {
    const s = mustAt(spec.series, b.series, 'band series');
    return html`<path class="band c${s.color % 8}" d="${shade(b.points) ?? ''}"><title>${s.name}: 95% confidence interval of the mean</title></path>`;
  });
  const series = spec.series.map((s) => html`<path class="mark line c${s.color % 8} d${s.color % 4}" d="${path(s.points) ?? ''}" data-series="${s.name}"><title>${s.name}</title></path>`);
  const bars = (spec.errorBars ?? []).map((e) => {
    const s = mustAt(spec.series, e.series, 'error-bar series');
    const cx = px(x(e.x));
    return html`<line class="errorbar c${s.color % 8}" x1="${cx}" x2="${cx}" y1="${px(y(e.low))}" y2="${px(y(e.high))}"><title>${s.name}: 95% CI ${yf.value(e.low)} – ${yf.value(e.high)}</title></line>`;
  });
  const marks = (spec.markers ?? []).map((m) => ({ x: x(m.x), y: y(m.y), text: m.label }));
  // labels that would overlap another label or marker are left out: the marker's tooltip and the figure's notes name it
  const labels = placeLabels(marks, { left: f.left, right: f.width - f.right, top: f.top, bottom: f.height - f.bottom });
  const markers = marks.map(
    (m) =>
      html`<g class="annotation"><line class="marker-rule" x1="${px(m.x)}" x2="${px(m.x)}" y1="${f.top}" y2="${f.height - f.bottom}"/><circle class="marker" cx="${px(m.x)}" cy="${px(m.y)}" r="5"><title>${m.text}</title></circle></g>`,
  );
  const markerLabels = labels.map((l) => html`<text class="marker-label" x="${px(l.x)}" y="${px(l.y)}" text-anchor="${l.anchor}">${l.text}</text>`);
  const body = html`${xAxis(x, f, xf, spec.x.label)}${yAxis(y, f, yf, spec.y.label)}${bands.length > 0 ? html`<g class="bands">${bands}</g>` : ''}<g class="series">${series}</g><g class="errorbars">${bars}</g>${markers}${markerLabels}`;
  return svgDocument(spec.id, spec.title, spec.description, f, body);
}

/**
 * The data behind the chart: one row per x, one column per series (aligned on x, blank where a
 * series has no point), with the 95% bounds when the chart has error bars. Markers are listed in
 * the figure's notes.
 */
export function lineChartTable(spec: LineChartSpec): DataTable {
  const xs = [...new Set(spec.series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const lookup = spec.series.map((s) => new Map(s.points.map((p) => [p[0], p[1]])));
  const ci = spec.errorBars && spec.errorBars.length > 0;
  const bounds = spec.series.map((_, i) => new Map((spec.errorBars ?? []).filter((e) => e.series === i).map((e) => [e.x, e])));
  const columns = [`${spec.x.label}${axisUnit(spec.x.unit)}`, ...spec.series.flatMap((s) => (ci ? [s.name, `${s.name} 95% low`, `${s.name} 95% high`] : [s.name]))];
  const rows = xs.map((xv) => [
    xv,
    ...spec.series.flatMap((_, i) => {
      const v = mustAt(lookup, i, 'series').get(xv) ?? '';
      if (!ci) return [v];
      const e = mustAt(bounds, i, 'series').get(xv);
      return [v, e?.low ?? '', e?.high ?? ''];
    }),
  ]);
  return { columns, rows };
}

export function axisUnit(unit: string): string {
  return unit === 'time' || unit === 'seconds' ? ' (s)' : unit === 'fraction' ? ' (fraction)' : unit === 'usd' ? ' (USD)' : '';
}
