import { scaleLog } from 'd3-scale';
import { html, type SafeHtml } from '../html/safe-html.js';
import { px } from './axis.js';
import { innerWidth, type Frame } from './chart-frame.js';

/**
 * A logarithmic duration axis for heavy-tailed distributions (waits, time to first token), where a
 * linear axis squeezes the bulk of the samples into its first pixels. Zero has no place on a log
 * scale, and waits are often exactly 0: zeros get their own position at the left edge, labelled
 * `0` and set apart by a gap in the axis line, so no point is moved to a value it did not have.
 */

/** Round durations people read (s) and their labels: 1 µs … 10 s, 1 min, 10 min, 1 h, 6 h, 1 d, 1 week, 30 d, 1 year. */
const DURATION_TICKS: readonly (readonly [number, string])[] = [
  [1e-6, '1 µs'],
  [1e-5, '10 µs'],
  [1e-4, '100 µs'],
  [1e-3, '1 ms'],
  [1e-2, '10 ms'],
  [0.1, '100 ms'],
  [1, '1 s'],
  [10, '10 s'],
  [60, '1 min'],
  [600, '10 min'],
  [3600, '1 h'],
  [21_600, '6 h'],
  [86_400, '1 d'],
  [604_800, '1 week'],
  [2_592_000, '30 d'],
  [31_557_600, '1 year'],
];

/** Tick labels closer than this (px) are thinned out: about the width of `100 ms` at 11 px. */
const MIN_TICK_GAP = 44;

/** Where zeros sit, right of the value axis (px), and where the log scale starts after them. */
const ZERO_AT = 8;
const ZERO_GAP = 38;

export interface LogDurationAxis {
  /** x position of a value (zeros and negatives at the zero position) */
  readonly x: (value: number) => number;
  readonly svg: SafeHtml;
}

/** The axis over `values` (seconds; at least one positive) in frame `f`, titled `label`. */
export function logDurationAxis(values: readonly number[], f: Frame, label: string): LogDurationAxis {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  const lo = Math.min(...positive);
  const hi = Math.max(...positive);
  const hasZero = values.some((v) => v <= 0);
  // widen to the round ticks around the data so the ends are labelled
  const below = [...DURATION_TICKS].reverse().find(([t]) => t <= lo)?.[0] ?? lo;
  const above = DURATION_TICKS.find(([t]) => t >= hi)?.[0] ?? hi;
  const domain: [number, number] = below === above ? [below / 10, above] : [below, above];
  const start = f.left + (hasZero ? ZERO_GAP : 0);
  const log = scaleLog()
    .domain(domain)
    .range([start, f.width - f.right]);
  const zeroX = f.left + ZERO_AT;
  const x = (v: number) => (v > 0 ? log(v) : zeroX);
  const y0 = f.height - f.bottom;
  const ticks: (readonly [number, string])[] = [];
  for (const tick of DURATION_TICKS) {
    const [t] = tick;
    if (t < domain[0] || t > domain[1]) continue;
    const last = ticks[ticks.length - 1];
    if (last === undefined || log(t) - log(last[0]) >= MIN_TICK_GAP) ticks.push(tick);
  }
  const tick = (pos: number, text: string) =>
    html`<line class="grid" x1="${px(pos)}" x2="${px(pos)}" y1="${f.top}" y2="${y0}"/><text class="tick" x="${px(pos)}" y="${y0 + 16}" text-anchor="middle">${text}</text>`;
  const marks = [...(hasZero ? [tick(zeroX, '0')] : []), ...ticks.map(([t, text]) => tick(log(t), text))];
  const svg = html`<g class="axis x-axis log">${marks}${hasZero ? html`<line class="domain" x1="${px(f.left)}" x2="${px(zeroX + 8)}" y1="${y0}" y2="${y0}"/>` : ''}<line class="domain" x1="${px(start)}" x2="${f.width - f.right}" y1="${y0}" y2="${y0}"/><text class="axis-label" x="${px(f.left + innerWidth(f) / 2)}" y="${f.height - 8}" text-anchor="middle">${label} (log scale)</text></g>`;
  return { x, svg };
}
