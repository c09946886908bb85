/**
 * Closed forms from queueing theory, used to check the simulator (and by users as a sanity bound).
 * λ arrival rate, μ service rate per server, c servers; a = λ/μ offered load, ρ = a/c < 1.
 */

/** Erlang C: probability an arrival waits in an M/M/c queue (Kleinrock, Queueing Systems I, §3.5). */
export function erlangC(c: number, a: number): number {
  if (!(Number.isInteger(c) && c >= 1)) throw new RangeError(`servers must be a positive integer, got ${c}`);
  if (!(a >= 0 && a < c)) throw new RangeError(`offered load must be in [0, c), got ${a}`);
  // Erlang B by the stable recursion B(k) = a·B(k−1) / (k + a·B(k−1)), then C = B / (1 − ρ(1 − B)).
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}

/** Mean wait in queue of M/M/c: Wq = C(c, a) / (cμ − λ). */
export function mmcMeanWait(lambda: number, mu: number, c: number): number {
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}

/**
 * Mean wait in queue of M/G/1 (Pollaczek–Khinchine): Wq = λ·E[S²] / (2(1 − ρ)), ρ = λ·E[S].
 * @param meanService E[S]; @param serviceVariance Var[S]
 */
export function mg1MeanWait(lambda: number, meanService: number, serviceVariance: number): number {
  const rho = lambda * meanService;
  if (!(rho < 1)) throw new RangeError(`utilisation must be below 1, got ${rho}`);
  const secondMoment = serviceVariance + meanService * meanService;
  return (lambda * secondMoment) / (2 * (1 - rho));
}
