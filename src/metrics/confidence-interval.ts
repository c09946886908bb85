import { boundedInterval, type Quantity } from './bounded-interval.js';

/**
 * Confidence intervals for the mean of independent replications, the standard method for terminating
 * simulations (Law, "Simulation Modeling and Analysis", §9.4.1): the Student-t interval, on the scale
 * the quantity lives on (bounded-interval.ts), so that a wait never gets a negative bound and a
 * utilisation never one above 100 %.
 */

export type { Quantity } from './bounded-interval.js';

export interface Estimate {
  /** mean over replications */
  readonly mean: number;
  /**
   * half the width of the 95% confidence interval, (high − low) / 2; null with fewer than 2 replications.
   * The interval is mean ± half_width only when `method` is absent (symmetric Student t).
   */
  readonly half_width: number | null;
  readonly low: number | null;
  readonly high: number | null;
  /** sample standard deviation across replications (0 for one replication) */
  readonly sd: number;
  readonly n: number;
  /**
   * how [low, high] was computed when it is not the symmetric Student-t interval: `log` (a quantity that
   * cannot be negative) or `logit` (a fraction in [0, 1]); then [low, high] is not symmetric about the mean
   */
  readonly method?: 'log' | 'logit';
  /**
   * true when every replication gave the same value (n ≥ 2): the interval has zero width because the
   * replications did not vary, which says nothing about how certain the mean is
   */
  readonly no_spread?: true;
}

/**
 * Mean and 95% interval of `values` (one per replication) for a quantity of the given kind: `signed`
 * (the default) keeps the symmetric Student-t interval; `non-negative` and `fraction` use the t
 * interval on the log or logit scale (bounded-interval.ts).
 */
export function estimate(values: readonly number[], quantity: Quantity = 'signed', confidence = 0.95): Estimate {
  const n = values.length;
  if (n === 0) throw new RangeError('estimate needs at least one value');
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  if (n < 2) return { mean, half_width: null, low: null, high: null, sd: 0, n };
  let ss = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    ss += (v - mean) ** 2;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const sd = Math.sqrt(ss / (n - 1));
  // equal up to rounding (sums taken in another order): no spread to build an interval from
  if (max - min <= NO_SPREAD_TOLERANCE * Math.max(Math.abs(min), Math.abs(max))) return { mean, half_width: 0, low: mean, high: mean, sd, n, no_spread: true };
  const t = studentTQuantile(1 - (1 - confidence) / 2, n - 1);
  const standardError = sd / Math.sqrt(n);
  const bounded = boundedInterval(quantity, values, mean, t * standardError);
  if (bounded === undefined) return { mean, half_width: t * standardError, low: mean - t * standardError, high: mean + t * standardError, sd, n };
  return { mean, half_width: (bounded.high - bounded.low) / 2, low: bounded.low, high: bounded.high, sd, n, method: bounded.method };
}

/** Replication values closer than this (relative) count as equal: the rounding of sums taken in another order. */
export const NO_SPREAD_TOLERANCE = 1e-9;

/** Quantile p of Student's t with `df` degrees of freedom, by bisection on the exact CDF. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`probability must be in (0, 1), got ${p}`);
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, got ${df}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** CDF of Student's t: 1 − ½·I_{df/(df+t²)}(df/2, ½) for t ≥ 0. */
export function studentTCdf(t: number, df: number): number {
  const x = df / (df + t * t);
  const tail = 0.5 * regularizedBeta(x, df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Regularized incomplete beta I_x(a, b) by Lentz's continued fraction (Numerical Recipes §6.4). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; ~15 significant digits). */
export function logGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  // s = c[0] + Σ c[i] / (x + i), i = 1 … g + 1, summed in that order
  let s = 0;
  for (const [i, ci] of c.entries()) s += i === 0 ? ci : ci / (x + i);
  const t = x + g + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}
