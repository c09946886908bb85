import type { Estimate } from '../metrics/confidence-interval.js';
import { formatDuration, formatDurationEstimate } from './format-units.js';

/**
 * How an estimate's interval reads (src/metrics/confidence-interval.ts), the one rule every text, Markdown
 * and HTML output follows:
 * - `none`: one replication, no interval: the mean alone;
 * - `no-spread`: every replication gave the same value: the mean and "no spread over N replications",
 *   never `± 0`, which would read as certainty;
 * - `symmetric`: the Student-t interval of a signed figure (and every interval of a result written before
 *   bounded intervals): `mean ± half-width`;
 * - `bounded`: a log- or logit-scale interval, not symmetric about the mean: `mean [low, high]`, since
 *   `±` would say it is.
 */
export type IntervalShape = 'none' | 'no-spread' | 'symmetric' | 'bounded';

export function intervalShape(e: Estimate): IntervalShape {
  if (e.half_width === null || e.low === null || e.high === null) return 'none';
  // a result written before the flag existed: a half-width below 1e-9 of the mean is rounding noise of identical replications
  if (e.no_spread === true || (e.n >= 2 && e.half_width <= 1e-9 * Math.abs(e.mean))) return 'no-spread';
  return e.method === undefined ? 'symmetric' : 'bounded';
}

/** What a zero-width interval says instead of `± 0`. */
export function noSpreadText(n: number): string {
  return `no spread over ${n} replications`;
}

/**
 * The estimate in one string: `fmt` formats the mean and the bounds, `fmtSpread` the half-width of a
 * symmetric interval (a count's half-width is not a whole number, say).
 */
export function formatEstimate(e: Estimate, fmt: (x: number) => string, fmtSpread: (x: number) => string = fmt): string {
  switch (intervalShape(e)) {
    case 'none':
      return fmt(e.mean);
    case 'no-spread':
      return `${fmt(e.mean)} (${noSpreadText(e.n)})`;
    case 'symmetric':
      return `${fmt(e.mean)} ± ${fmtSpread(e.half_width ?? 0)}`;
    case 'bounded':
      return `${fmt(e.mean)} [${fmt(e.low ?? e.mean)}, ${fmt(e.high ?? e.mean)}]`;
  }
}

/** A duration estimate: `mean ± half-width` on the mean's scale when symmetric, each bound in its own unit when bounded (`118 min [18.9 min, 12.3 h]`). */
export function formatDurationEstimateOf(e: Estimate): string {
  return intervalShape(e) === 'symmetric' ? formatDurationEstimate(e.mean, e.half_width) : formatEstimate(e, formatDuration);
}

/** The estimate with its unit written once, after the numbers: `10.1 [10, 10.2] M USD`, `8.15 ± 0.13/h`. */
export function formatEstimateIn(e: Estimate, fmt: (x: number) => string, unit: string): string {
  const shape = intervalShape(e);
  if (shape === 'none' || shape === 'no-spread') return formatEstimate(e, (x) => `${fmt(x)}${unit}`);
  return `${formatEstimate(e, fmt)}${unit}`;
}
