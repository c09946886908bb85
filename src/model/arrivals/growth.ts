import { SECONDS_PER_MONTH, strictlyAfter, checkNow, requireNonNegative, exp1, type IntensityArrivalProcess, type ArrivalRandomSource } from './arrival-process.js';

export interface GrowthOptions {
  /** Rate at t = 0, 1/s. */
  rate: number;
  /** Compounding growth per month (0.05 = +5 %/month); > −1, negative = decline. */
  perMonth: number;
}

/**
 * Non-homogeneous Poisson process with λ(t) = rate·(1 + perMonth)^(t/month),
 * month = 2,629,800 s, sampled exactly by inverting the cumulative intensity
 * (Çinlar 1975; Lewis & Shedler 1979 §2): with k = ln(1 + perMonth)/month,
 *   Λ(now, T) = (λ(now)/k)·(e^{k(T − now)} − 1),
 * and solving Λ(now, T) = E, E ~ Exp(1), gives T = now + log1p(k·E/λ(now))/k
 * (T = now + E/rate when perMonth = 0). For a decline (k < 0) the remaining mass
 * λ(now)/|k| is finite, so when k·E/λ(now) <= −1 there is no further arrival.
 */
export function growth(options: GrowthOptions, stream: ArrivalRandomSource): IntensityArrivalProcess {
  const { rate, perMonth } = options;
  requireNonNegative('rate', rate);
  if (!Number.isFinite(perMonth) || perMonth <= -1) {
    throw new RangeError(`perMonth must be a finite number > -1, got ${perMonth}`);
  }
  const k = Math.log1p(perMonth) / SECONDS_PER_MONTH;
  const intensity = (t: number): number => rate * Math.exp(k * t);
  return {
    rate: intensity,
    next(now) {
      checkNow(now);
      if (rate === 0) return Infinity;
      const e = exp1(stream);
      const lambdaNow = intensity(now);
      if (k === 0) return strictlyAfter(now, now + e / rate);
      if (lambdaNow === 0) return Infinity;
      const x = (k * e) / lambdaNow;
      if (x <= -1) return Infinity;
      return strictlyAfter(now, now + Math.log1p(x) / k);
    },
  };
}
