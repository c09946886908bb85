/**
 * Queueing-theory closed forms, re-derived here independently of src/metrics/queueing-theory.ts so the
 * simulator is checked against something it does not share code with.
 *
 * Notation: λ arrival rate, E[S] mean service time, c servers, a = λ·E[S] offered load, ρ = a / c.
 */

/**
 * Erlang C by the textbook sum (Kleinrock vol. I eq. 3.40; Gross & Harris §2.3):
 *   C(c, a) = [aᶜ/c! · 1/(1−ρ)] / [Σ_{k<c} aᵏ/k! + aᶜ/c! · 1/(1−ρ)]
 * Terms are built by the ratio a/k to stay finite for the c used in tests (≤ a few hundred).
 */
export function erlangCBySum(c: number, a: number): number {
  if (!Number.isInteger(c) || c < 1) throw new RangeError(`c must be a positive integer, got ${c}`);
  const rho = a / c;
  if (!(a >= 0 && rho < 1)) throw new RangeError(`need 0 <= a < c, got a=${a}, c=${c}`);
  let term = 1; // a^0 / 0!
  let below = 0;
  for (let k = 0; k < c; k++) {
    below += term;
    term = (term * a) / (k + 1); // becomes a^(k+1)/(k+1)!
  }
  const top = term / (1 - rho); // term is now a^c / c!
  return top / (below + top);
}

/** M/M/c mean wait in queue: Wq = C(c, a) · E[S] / (c − a). */
export function mmcWq(lambda: number, meanService: number, c: number): number {
  const a = lambda * meanService;
  return (erlangCBySum(c, a) * meanService) / (c - a);
}

/** M/M/c mean number waiting: Lq = λ·Wq (Little). */
export function mmcLq(lambda: number, meanService: number, c: number): number {
  return lambda * mmcWq(lambda, meanService, c);
}

/** M/G/1 mean wait in queue (Pollaczek–Khinchine): Wq = λ·E[S²] / (2(1 − ρ)). */
export function pkWq(lambda: number, meanService: number, varianceService: number): number {
  const rho = lambda * meanService;
  if (!(rho < 1)) throw new RangeError(`ρ must be < 1, got ${rho}`);
  return (lambda * (varianceService + meanService ** 2)) / (2 * (1 - rho));
}

export interface Moments {
  readonly mean: number;
  readonly variance: number;
}

/**
 * True mean and variance of the distributions the tests use, from first principles (parameters in
 * seconds). Weibull is limited to shapes whose Γ values are elementary.
 */
export const moments = {
  constant: (v: number): Moments => ({ mean: v, variance: 0 }),
  exponential: (mean: number): Moments => ({ mean, variance: mean * mean }),
  uniform: (min: number, max: number): Moments => ({ mean: (min + max) / 2, variance: (max - min) ** 2 / 12 }),
  gamma: (shape: number, scale: number): Moments => ({ mean: shape * scale, variance: shape * scale * scale }),
  /** lognormal given by the mean and sd of X itself (the scenario's own parameters) */
  lognormal: (mean: number, sd: number): Moments => ({ mean, variance: sd * sd }),
  weibull: (shape: 0.5 | 1 | 2, scale: number): Moments => {
    // Γ(1 + 1/k), Γ(1 + 2/k): k = 0.5 → Γ(3) = 2, Γ(5) = 24; k = 1 → 1, 2; k = 2 → √π/2, 1.
    const [g1, g2] = shape === 0.5 ? [2, 24] : shape === 1 ? [1, 2] : [Math.sqrt(Math.PI) / 2, 1];
    return { mean: scale * g1, variance: scale * scale * (g2 - g1 * g1) };
  },
  pareto: (shape: number, scale: number): Moments => ({
    mean: shape <= 1 ? Infinity : (shape * scale) / (shape - 1),
    variance: shape <= 2 ? Infinity : (scale * scale * shape) / ((shape - 1) ** 2 * (shape - 2)),
  }),
  empirical: (values: readonly number[], weights?: readonly number[]): Moments => {
    const w = weights ?? values.map(() => 1);
    const total = w.reduce((s, x) => s + x, 0);
    const mean = values.reduce((s, v, i) => s + v * w[i]!, 0) / total;
    const variance = values.reduce((s, v, i) => s + w[i]! * (v - mean) ** 2, 0) / total;
    return { mean, variance };
  },
};
