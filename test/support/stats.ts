/**
 * Confidence intervals from per-replication values, at a confidence level the test chooses (the
 * simulator's own summary is fixed at 95%; several checks in one suite want 99% to keep the
 * family-wise false-failure rate low).
 */
import { studentTQuantile } from '../../src/metrics/confidence-interval.js';

export interface Interval {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly halfWidth: number;
  readonly low: number;
  readonly high: number;
}

/** Two-sided Student-t interval for the mean of independent values (≥ 2). */
export function tInterval(values: readonly number[], confidence: number): Interval {
  const n = values.length;
  if (n < 2) throw new RangeError('need at least two values');
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const halfWidth = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, halfWidth, low: mean - halfWidth, high: mean + halfWidth };
}

/** Printable one-liner for assertion messages. */
export function describeInterval(what: string, ci: Interval, theory: number): string {
  return `${what}: theory ${theory.toPrecision(6)}, simulated ${ci.mean.toPrecision(6)} ± ${ci.halfWidth.toPrecision(4)} (n=${ci.n})`;
}
