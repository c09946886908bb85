import { strictlyAfter, checkNow, requireNonNegative, exp1, type ArrivalProcess, type ArrivalRandomSource } from './arrival-process.js';

/**
 * Homogeneous Poisson process: gaps are Exp(rate), next = now + E/rate, E ~ Exp(1).
 * Expected count in (a, b] = rate·(b − a). rate 0 gives no arrivals.
 */
export function poisson(rate: number, stream: ArrivalRandomSource): ArrivalProcess {
  requireNonNegative('rate', rate);
  return {
    next(now) {
      checkNow(now);
      if (rate === 0) return Infinity;
      return strictlyAfter(now, now + exp1(stream) / rate);
    },
  };
}
