import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { html, type SafeHtml } from '../html/safe-html.js';
import { axisFormat, niceIn, px } from './axis.js';
import { frame, svgDocument, xAxis, yAxis } from './chart-frame.js';
import type { DataTable, ParetoChartSpec } from './chart-spec.js';

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

/** Approximate width of one character of the 11 px chart font, and the label's height (for overlap checks). */
const CHAR_WIDTH = 6.2;
const LABEL_HEIGHT = 12;

export interface PlacedLabel {
  readonly x: number;
  readonly y: number;
  readonly anchor: 'start' | 'end';
  readonly text: string;
  /** the box the text takes, for overlap checks */
  readonly box: { readonly x0: number; readonly x1: number; readonly y0: number; readonly y1: number };
}

/**
 * Labels for the Pareto-optimal points, placed greedily in the order given: right-above, right-below, left-above,
 * left-below of the point, the first spot inside the plot that overlaps no label placed before and no point. A
 * point with no free spot goes unlabelled (its tooltip and the data table still name it): labels never overlap.
 */
export function placeLabels(points: readonly { x: number; y: number; text: string }[], plot: { left: number; right: number; top: number; bottom: number }): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  const text = (t: string) => (t.length > 24 ? `${t.slice(0, 23)}…` : t);
  const overlaps = (a: PlacedLabel['box'], b: PlacedLabel['box']) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  const dots = points.map((p) => ({ x0: p.x - 5, x1: p.x + 5, y0: p.y - 5, y1: p.y + 5 }));
  for (const p of points) {
    const t = text(p.text);
    const w = t.length * CHAR_WIDTH;
    const spots: { x: number; y: number; anchor: 'start' | 'end' }[] = [
      { x: p.x + 7, y: p.y - 7, anchor: 'start' },
      { x: p.x + 7, y: p.y + 7 + LABEL_HEIGHT - 2, anchor: 'start' },
      { x: p.x - 7, y: p.y - 7, anchor: 'end' },
      { x: p.x - 7, y: p.y + 7 + LABEL_HEIGHT - 2, anchor: 'end' },
    ];
    for (const s of spots) {
      const x0 = s.anchor === 'start' ? s.x : s.x - w;
      const box = { x0, x1: x0 + w, y0: s.y - LABEL_HEIGHT + 2, y1: s.y + 2 };
      if (box.x0 < plot.left || box.x1 > plot.right || box.y0 < plot.top || box.y1 > plot.bottom) continue;
      if (placed.some((l) => overlaps(l.box, box)) || dots.some((d) => overlaps(d, box))) continue;
      placed.push({ ...s, text: t, box });
      break;
    }
  }
  return placed;
}
