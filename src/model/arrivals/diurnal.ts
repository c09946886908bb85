import { SECONDS_PER_DAY, strictlyAfter, checkNow, requireNonNegative, exp1, type IntensityArrivalProcess, type ArrivalRandomSource } from './arrival-process.js';

export interface DiurnalOptions {
  /** Mean weekday rate, 1/s. */
  rate: number;
  /** Relative swing of the daily cycle, 0..1. */
  amplitude: number;
  /** Hour of day (0..24) of the peak; t = 0 is midnight of day 0. */
  peakHour: number;
  /** Multiplies the rate on days 5 and 6 of each week (day 0 starts at t = 0). Default 1. */
  weekendFactor?: number;
}

/**
 * Non-homogeneous Poisson process with
 *   λ(t) = rate · (1 + amplitude·cos(2π(t/86400 − peakHour/24))) · w(t),
 *   w(t) = weekendFactor if floor(t/86400) mod 7 ∈ {5, 6}, else 1,
 * sampled exactly by thinning (Lewis & Shedler 1979): candidates from a Poisson
 * process at λmax = rate·(1 + amplitude)·max(1, weekendFactor), each kept with
 * probability λ(t)/λmax. The cosine integrates to 0 over each whole day, so the
 * expected count of a whole day is rate·86400·w.
 */
export function diurnal(options: DiurnalOptions, stream: ArrivalRandomSource): IntensityArrivalProcess {
  const { rate, amplitude, peakHour } = options;
  const weekendFactor = options.weekendFactor ?? 1;
  requireNonNegative('rate', rate);
  if (!Number.isFinite(amplitude) || amplitude < 0 || amplitude > 1) {
    throw new RangeError(`amplitude must be in [0, 1], got ${amplitude}`);
  }
  if (!Number.isFinite(peakHour) || peakHour < 0 || peakHour > 24) {
    throw new RangeError(`peakHour must be in [0, 24], got ${peakHour}`);
  }
  requireNonNegative('weekendFactor', weekendFactor);

  const phase = peakHour / 24;
  const intensity = (t: number): number => {
    const day = Math.floor(t / SECONDS_PER_DAY);
    const dayOfWeek = ((day % 7) + 7) % 7;
    const w = dayOfWeek >= 5 ? weekendFactor : 1;
    return rate * (1 + amplitude * Math.cos(2 * Math.PI * (t / SECONDS_PER_DAY - phase))) * w;
  };
  const maxRate = rate * (1 + amplitude) * Math.max(1, weekendFactor);

  return {
    rate: intensity,
    next(now) {
      checkNow(now);
      if (maxRate === 0) return Infinity;
      let t = now;
      for (;;) {
        t += exp1(stream) / maxRate;
        if (stream.uniform() * maxRate < intensity(t)) return strictlyAfter(now, t);
      }
    },
  };
}
