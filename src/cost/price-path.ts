import { SECONDS_PER_MONTH, SECONDS_PER_YEAR } from './planning-calendar.js';

/**
 * A price that moves over the planning horizon, as a multiplier of the price the scenario states (1 at
 * time 0). Three forms:
 * - `compound`: (1 + g)^(t / year), e.g. g = −0.15 for cloud prices falling 15 % a year; never negative;
 * - `linear`: 1 + g · t / year, e.g. g = +0.03 for a tariff rising 3 % of today's price a year; can reach
 *   0 (the scenario layer refuses a path that goes negative within the horizon);
 * - `points`: dated multipliers, linear between points, 1 before the first point is reached from time 0
 *   (the path starts at 1 at t = 0 and runs to the first point), the last held after it.
 */
export type PricePath =
  | { readonly kind: 'compound'; readonly changePerYear: number }
  | { readonly kind: 'linear'; readonly changePerYear: number }
  | { readonly kind: 'points'; readonly points: readonly { readonly at: number; readonly factor: number }[] };

/** The multiplier at time t (s from time 0). */
export function priceFactor(path: PricePath | undefined, t: number): number {
  if (!path) return 1;
  const years = t / SECONDS_PER_YEAR;
  if (path.kind === 'compound') return (1 + path.changePerYear) ** years;
  if (path.kind === 'linear') return 1 + path.changePerYear * years;
  let prevAt = 0;
  let prevFactor = 1;
  for (const p of path.points) {
    if (t < p.at) return p.at === prevAt ? p.factor : prevFactor + ((p.factor - prevFactor) * (t - prevAt)) / (p.at - prevAt);
    prevAt = p.at;
    prevFactor = p.factor;
  }
  return prevFactor;
}

/**
 * The multiplier applied to month bucket m: the factor in the middle of the part of the month inside the
 * horizon (a whole month's middle; the last, partial month's middle of what remains). Exact for a linear
 * path; within (g·month/year)²/8 of the month's mean for a compound one (about 0.002 % at −15 %/year).
 */
export function monthFactor(path: PricePath | undefined, m: number, horizon: number): number {
  if (!path) return 1;
  const start = m * SECONDS_PER_MONTH;
  const end = Math.min(horizon, start + SECONDS_PER_MONTH);
  return priceFactor(path, (start + end) / 2);
}

/** Monthly amounts at today's prices, each scaled by its month's factor (a new array; the input untouched). */
export function applyPricePath(months: readonly number[], path: PricePath | undefined, horizon: number): number[] {
  return months.map((v, m) => (v === 0 ? 0 : v * monthFactor(path, m, horizon)));
}

/** The lowest multiplier the path reaches in [0, horizon] (piecewise linear or monotone: its ends and points suffice). */
export function lowestFactor(path: PricePath, horizon: number): number {
  const at = path.kind === 'points' ? [0, horizon, ...path.points.filter((p) => p.at <= horizon).map((p) => p.at)] : [0, horizon];
  return Math.min(...at.map((t) => priceFactor(path, t)));
}

/** The path in words for the cost basis: `−15 % a year, compounded`, `1 → 0.8 on 2027-01-01 → …`. */
export function describePricePath(path: PricePath, dateOf: (t: number) => string): string {
  const pct = (g: number): string => `${g >= 0 ? '+' : '−'}${String(Number(Math.abs(g * 100).toPrecision(3)))} %`;
  if (path.kind === 'compound') return `${pct(path.changePerYear)} a year, compounded`;
  if (path.kind === 'linear') return `${pct(path.changePerYear)} of today's price a year, linear`;
  return `× ${path.points.map((p) => `${String(Number(p.factor.toPrecision(3)))} at ${dateOf(p.at)}`).join(', ')} (linear between, 1 at the start)`;
}
