/**
 * What a quantity can be, which decides the scale its confidence interval is built on:
 * - `signed`: any real number (a difference between two results): the symmetric Student-t interval;
 * - `non-negative`: a wait, latency, count, cost, energy: never below 0;
 * - `fraction`: a share in [0, 1] (utilisation, SLO attainment, hit rates).
 */
export type Quantity = 'signed' | 'non-negative' | 'fraction';

/** An interval that is not symmetric about the mean, and the scale it was built on. */
export interface BoundedInterval {
  readonly low: number;
  readonly high: number;
  readonly method: 'log' | 'logit';
}

/**
 * The 95% interval of a mean that cannot leave its range: the Student-t interval built on the log
 * scale (non-negative quantities) or the logit scale (fractions) and mapped back, the delta method
 * (Casella & Berger, "Statistical Inference", §5.5.4): with g the transform, g(x̄) ± t·se·g′(x̄), where
 * se = s/√n is the t interval's own standard error. So
 *   log:   [x̄·e^(−k), x̄·e^(k)],                k = t·se / x̄;
 *   logit: expit(logit(x̄) ∓ k),                k = t·se / (x̄·(1 − x̄)).
 * Why this and not another:
 * - it is an interval for the same mean the report prints (a t interval of the logs of the values
 *   would be one for the geometric mean, and is undefined as soon as one replication is 0);
 * - it always contains the mean and stays inside the range whatever the spread, and it tends to the
 *   symmetric t interval when the spread is small against the mean (x̄·e^(±k) ≈ x̄ ± t·se), so a
 *   well-replicated figure reads as before;
 * - it is wider above than below, like the spread of waits and queue lengths across replications;
 * - a bootstrap needs more than the 2–10 replications a study runs: with 3 there are 10 distinct
 *   resamples, and a percentile interval never leaves [min, max].
 * With few replications that disagree a lot the upper bound is far above the mean (at most e^t times
 * the mean: ×74 with 3 replications, ×3.3·10⁵ with 2): that is what so little data supports.
 *
 * Returns undefined (the caller keeps the symmetric t interval) for a `signed` quantity, and for a value
 * outside the quantity's range, which only a mistaken classification can give: the t interval of those
 * numbers is then still correct, only not bounded.
 * @param tHalfWidth t(0.975, n − 1)·s/√n, positive (zero spread is the caller's case)
 */
export function boundedInterval(quantity: Quantity, values: readonly number[], mean: number, tHalfWidth: number): BoundedInterval | undefined {
  if (quantity === 'non-negative' && mean > 0 && values.every((v) => v >= 0)) {
    const k = tHalfWidth / mean;
    return { low: Math.min(mean, mean * Math.exp(-k)), high: Math.max(mean, mean * Math.exp(k)), method: 'log' };
  }
  if (quantity === 'fraction' && mean > 0 && mean < 1 && values.every((v) => v >= 0 && v <= 1)) {
    const k = tHalfWidth / (mean * (1 - mean));
    const centre = Math.log(mean / (1 - mean));
    return { low: Math.min(mean, expit(centre - k)), high: Math.max(mean, expit(centre + k)), method: 'logit' };
  }
  return undefined;
}

/** The inverse of logit: 1 / (1 + e^(−x)), in [0, 1] for every x. */
function expit(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
