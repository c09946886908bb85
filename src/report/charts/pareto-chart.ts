import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { html, type SafeHtml } from '../html/safe-html.js';
import { axisFormat, niceIn, px } from './axis.js';
import { frame, svgDocument, xAxis, yAxis } from './chart-frame.js';
import type { DataTable, ParetoChartSpec } from './chart-spec.js';
import { placeLabels } from './label-placement.js';

/**
 * Cost (x, lower is better) against a service level (y): one `circle.mark` per variant, those on the
 * Pareto front also `.front`, joined in cost order by `path.front-line`.
 */
export function renderParetoChart(spec: ParetoChartSpec): SafeHtml {
  const f = frame(320);
  const xRaw = spreadDomain(spec.points.map((p) => p.x));
  const yRaw = spreadDomain(spec.points.map((p) => p.y));
  const xf = axisFormat(spec.x, Math.max(...xRaw.map(Math.abs)));
  const yf = axisFormat(spec.y, Math.max(...yRaw.map(Math.abs)));
  const x = scaleLinear()
    .domain(niceIn(xRaw, xf))
    .range([f.left, f.width - f.right]);
  const y = scaleLinear()
    .domain(niceIn(yRaw, yf))
    .range([f.height - f.bottom, f.top]);
  const front = spec.points.filter((p) => p.front).sort((a, b) => a.x - b.x || a.y - b.y);
  const frontPath = line<{ x: number; y: number }>()
    .x((p) => Number(px(x(p.x))))
    .y((p) => Number(px(y(p.y))));
  const dots = spec.points.map(
    (p) =>
      html`<circle class="mark dot ${p.front ? 'front' : 'dominated'}" cx="${px(x(p.x))}" cy="${px(y(p.y))}" r="${p.front ? 5 : 3.5}"><title>${p.label}: ${spec.x.label} ${xf.value(p.x)}, ${spec.y.label} ${yf.value(p.y)}${p.front ? ' (Pareto-optimal)' : ''}</title></circle>`,
  );
  const labels = placeLabels(
    front.map((p) => ({ x: x(p.x), y: y(p.y), text: p.label })),
    { left: f.left, right: f.width - f.right, top: f.top, bottom: f.height - f.bottom },
  ).map((l) => html`<text class="point-label" x="${px(l.x)}" y="${px(l.y)}" text-anchor="${l.anchor}">${l.text}</text>`);
  const body = html`${xAxis(x, f, xf, spec.x.label)}${yAxis(y, f, yf, spec.y.label)}<path class="front-line" d="${front.length > 1 ? (frontPath(front) ?? '') : ''}"/>${dots}${labels}`;
  return svgDocument(spec.id, spec.title, spec.description, f, body);
}

export function paretoTable(spec: ParetoChartSpec): DataTable {
  const unit = (u: string) => (u === 'seconds' ? ' (s)' : u === 'usd' ? ' (USD)' : u === 'fraction' ? ' (fraction)' : '');
  return {
    columns: ['variant', `${spec.x.label}${unit(spec.x.unit)}`, `${spec.y.label}${unit(spec.y.unit)}`, 'Pareto-optimal'],
    rows: spec.points.map((p) => [p.label, p.x, p.y, p.front ? 'yes' : 'no']),
  };
}

/** The values' range with 5% margins (a trade-off chart need not start at 0). */
function spreadDomain(values: readonly number[]): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = hi > lo ? (hi - lo) * 0.05 : Math.abs(hi) * 0.05 || 1;
  return [lo - pad, hi + pad];
}
