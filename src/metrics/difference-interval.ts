import { studentTQuantile } from './confidence-interval.js';

/** What a difference interval needs of each side's estimate over replications. */
export interface SampleMoments {
  readonly mean: number;
  readonly sd: number;
  readonly n: number;
}

/**
 * The other side's mean minus the baseline's, with a 95% confidence interval:
 * - `paired`: given per-replication values of both sides under common random numbers (same length,
 *   at least 2): the Student-t interval of the per-replication differences (Law, §10.2.1, paired-t),
 *   which common random numbers make much narrower than the unpaired one;
 * - `welch`: otherwise, Welch's unequal-variance interval from the two estimates;
 * - `none`: fewer than 2 replications on a side: no interval, significance unknown.
 * `significant` = the interval excludes 0 (a deterministic difference with zero width counts when ≠ 0).
 */
export interface DifferenceInterval {
  readonly diff: number;
  readonly half_width: number | null;
  readonly low: number | null;
  readonly high: number | null;
  /** diff ÷ |baseline mean|; null when the baseline is 0 */
  readonly relative: number | null;
  readonly method: 'paired' | 'welch' | 'none';
  readonly significant: boolean | null;
}

export function differenceInterval(baseline: SampleMoments, other: SampleMoments, paired?: { readonly baseline: readonly number[]; readonly other: readonly number[] }): DifferenceInterval {
  const diff = other.mean - baseline.mean;
  const relative = baseline.mean !== 0 ? diff / Math.abs(baseline.mean) : null;
  let half: number | null = null;
  let method: DifferenceInterval['method'] = 'none';
  if (paired && paired.baseline.length === paired.other.length && paired.baseline.length >= 2) {
    half = pairedHalfWidth(paired.other.map((x, i) => x - (paired.baseline[i] ?? 0)));
    method = 'paired';
  } else if (baseline.n >= 2 && other.n >= 2) {
    half = welchHalfWidth(baseline.sd, baseline.n, other.sd, other.n);
    method = 'welch';
  }
  if (half === null) return { diff, half_width: null, low: null, high: null, relative, method, significant: null };
  const low = diff - half;
  const high = diff + half;
  const significant = half === 0 ? diff !== 0 : low > 0 || high < 0;
  return { diff, half_width: half, low, high, relative, method, significant };
}

function pairedHalfWidth(d: readonly number[]): number {
  const n = d.length;
  const mean = d.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  return sd === 0 ? 0 : studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
}

/** Welch–Satterthwaite: t(0.975, ν) · √(s₁²/n₁ + s₂²/n₂). */
function welchHalfWidth(sd1: number, n1: number, sd2: number, n2: number): number {
  const v1 = (sd1 * sd1) / n1;
  const v2 = (sd2 * sd2) / n2;
  const se2 = v1 + v2;
  if (se2 === 0) return 0;
  const df = (se2 * se2) / ((v1 * v1) / (n1 - 1) + (v2 * v2) / (n2 - 1));
  return studentTQuantile(0.975, df) * Math.sqrt(se2);
}
