/**
 * Synthetic arrival processes as pure generators over the engine's random streams.
 *
 * Every process answers `next(now)`: the absolute time (s) of the first arrival
 * strictly after `now`, or Infinity if there is none. Poisson, diurnal and growth
 * processes have independent increments, so `next` is stateless in `now` (any
 * order of calls is valid). MMPP carries its modulating chain and needs `now`
 * to stay within or after the chain's current sojourn; renewal measures each
 * gap from `now`, so call it with the previous arrival time.
 *
 * If a draw rounds onto `now` (tiny gap at a large `now`), the result is nudged to
 * the next representable double so that `next(now) > now` always holds.
 *
 * Parameter errors throw RangeError naming the parameter and value.
 */
import type { RandomStream, Sampler } from '../../engine/index.js';

export interface ArrivalProcess {
  /** Absolute time (s) of the next arrival strictly after `now`; Infinity if none. */
  next(now: number): number;
}

/** A non-homogeneous process that also exposes its intensity λ(t) (1/s). */
export interface IntensityArrivalProcess extends ArrivalProcess {
  rate(t: number): number;
}

/** What the processes draw from; a RandomStream satisfies it. */
export type ArrivalRandomSource = Pick<RandomStream, 'uniform' | 'uniformOpen'>;

export const SECONDS_PER_DAY = 86_400;
export const SECONDS_PER_WEEK = 7 * SECONDS_PER_DAY;
/** One month = 1/12 of a 365.25-day year. */
export const SECONDS_PER_MONTH = 2_629_800;

// ---------------------------------------------------------------- helpers

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The smallest double greater than x (x finite). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  i64[0] = (i64[0] as bigint) + (x > 0 ? 1n : -1n);
  return f64[0] as number;
}

function strictlyAfter(now: number, t: number): number {
  return t > now ? t : nextUp(now);
}

function checkNow(now: number): void {
  if (!Number.isFinite(now)) throw new RangeError(`now must be a finite number, got ${now}`);
}

function requireNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
  }
}

function requirePositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a finite number > 0, got ${value}`);
  }
}

/** Standard exponential draw, Exp(1). */
function exp1(source: ArrivalRandomSource): number {
  return -Math.log(source.uniformOpen());
}

/** All arrivals in (from, to], in order, starting the chain at `from`; stops after `limit` or at Infinity (no more arrivals). */
export function collectArrivals(
  process: ArrivalProcess,
  from: number,
  to: number,
  limit = Number.MAX_SAFE_INTEGER,
): number[] {
  const times: number[] = [];
  let t = process.next(from);
  while (t <= to && t !== Infinity && times.length < limit) {
    times.push(t);
    t = process.next(t);
  }
  return times;
}

// ---------------------------------------------------------------- 1. Poisson

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

// ---------------------------------------------------------------- 2. Diurnal

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

// ---------------------------------------------------------------- 3. Growth

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

// ---------------------------------------------------------------- 4. MMPP

export interface MmppOptions {
  /** Arrival rate in each state, 1/s (>= 0). */
  rates: readonly number[];
  /** Mean (exponential) sojourn in each state, s (> 0). */
  meanSojourn: readonly number[];
  /**
   * Jump probabilities of the embedded chain: row i gives P(i → j); zero diagonal,
   * rows sum to 1. Default: jump to a uniformly chosen other state.
   */
  transitions?: readonly (readonly number[])[];
  /** State at the first call; default drawn from the stationary distribution π. */
  initialState?: number;
}

/**
 * Stationary distribution of the MMPP's modulating chain: π_i ∝ ν_i·meanSojourn_i,
 * with ν the stationary vector of the embedded jump chain (uniform for the default
 * uniform-jump chain, so π ∝ meanSojourn). Throws RangeError if ν is not unique.
 */
export function mmppStationary(options: MmppOptions): number[] {
  const { n, transitions } = validateMmpp(options);
  const nu = embeddedStationary(n, transitions);
  if (nu === undefined) {
    throw new RangeError('transitions must be irreducible for a unique stationary distribution');
  }
  const weights = nu.map((v, i) => v * (options.meanSojourn[i] as number));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

/** Long-run mean arrival rate Σ rate_i·π_i, 1/s. */
export function mmppMeanRate(options: MmppOptions): number {
  const pi = mmppStationary(options);
  return pi.reduce((sum, p, i) => sum + p * (options.rates[i] as number), 0);
}

/**
 * Markov-modulated Poisson process (Fischer & Meier-Hellstern 1993): a
 * continuous-time chain stays Exp(meanSojourn_i) in state i, then jumps per
 * `transitions` (default: uniformly to another state); while in state i
 * arrivals are Poisson at rates_i. Sampled exactly: by memorylessness, a
 * candidate now + Exp(rates_i) past the end of the sojourn is discarded and
 * drawing restarts at the jump. The chain starts at the first call's `now`
 * (in π unless `initialState`, so the process is stationary) and draws from
 * `chainStream`; arrivals draw from `arrivalStream`. Calls must not go back
 * before the start of the chain's current sojourn (RangeError).
 */
export function mmpp(
  options: MmppOptions,
  arrivalStream: ArrivalRandomSource,
  chainStream: ArrivalRandomSource,
): ArrivalProcess {
  const { n, transitions } = validateMmpp(options);
  const rates = options.rates.slice();
  const sojourn = options.meanSojourn.slice();
  let initial: number[] | undefined;
  if (options.initialState !== undefined) {
    const s = options.initialState;
    if (!Number.isInteger(s) || s < 0 || s >= n) {
      throw new RangeError(`initialState must be an integer in [0, ${n - 1}], got ${s}`);
    }
  } else {
    initial = mmppStationary(options);
  }
  const canArrive = reachesPositiveRate(n, rates, transitions);

  let started = false;
  let state = 0;
  let segStart = 0;
  let segEnd = 0;

  const pick = (probabilities: readonly number[]): number => {
    const u = chainStream.uniform();
    let acc = 0;
    for (let j = 0; j < probabilities.length; j++) {
      acc += probabilities[j] as number;
      if (u < acc) return j;
    }
    // Rounding: the last state with positive probability.
    for (let j = probabilities.length - 1; j >= 0; j--) if ((probabilities[j] as number) > 0) return j;
    return 0;
  };
  const sojournEnd = (from: number): number =>
    n === 1 ? Infinity : from + exp1(chainStream) * (sojourn[state] as number);
  const jump = (): void => {
    if (transitions === undefined) {
      let j = Math.floor(chainStream.uniform() * (n - 1));
      if (j >= state) j++;
      state = j;
    } else {
      state = pick(transitions[state] as readonly number[]);
    }
    segStart = segEnd;
    segEnd = sojournEnd(segStart);
  };

  return {
    next(now) {
      checkNow(now);
      if (!started) {
        started = true;
        state = initial === undefined ? (options.initialState as number) : pick(initial);
        segStart = now;
        segEnd = sojournEnd(now);
      }
      if (now < segStart) {
        throw new RangeError(`now must not precede the current sojourn start ${segStart}, got ${now}`);
      }
      while (segEnd <= now) jump();
      let t = now;
      for (;;) {
        if (!(canArrive[state] as boolean)) return Infinity;
        const r = rates[state] as number;
        const candidate = r > 0 ? t + exp1(arrivalStream) / r : Infinity;
        if (candidate < segEnd) return strictlyAfter(now, candidate);
        t = segEnd;
        jump();
      }
    },
  };
}

function validateMmpp(options: MmppOptions): {
  n: number;
  transitions: readonly (readonly number[])[] | undefined;
} {
  const { rates, meanSojourn, transitions } = options;
  const n = rates.length;
  if (n === 0) throw new RangeError('rates must have at least one state, got []');
  if (meanSojourn.length !== n) {
    throw new RangeError(`meanSojourn must have ${n} entries like rates, got ${meanSojourn.length}`);
  }
  rates.forEach((r, i) => requireNonNegative(`rates[${i}]`, r));
  meanSojourn.forEach((m, i) => requirePositive(`meanSojourn[${i}]`, m));
  if (transitions !== undefined) {
    if (transitions.length !== n) {
      throw new RangeError(`transitions must have ${n} rows, got ${transitions.length}`);
    }
    transitions.forEach((row, i) => {
      if (row.length !== n) throw new RangeError(`transitions[${i}] must have ${n} entries, got ${row.length}`);
      let sum = 0;
      row.forEach((p, j) => {
        requireNonNegative(`transitions[${i}][${j}]`, p);
        if (i === j && p !== 0 && n > 1) throw new RangeError(`transitions[${i}][${i}] must be 0, got ${p}`);
        sum += p;
      });
      if (n > 1 && Math.abs(sum - 1) > 1e-9) {
        throw new RangeError(`transitions[${i}] must sum to 1, got ${sum}`);
      }
    });
  }
  return { n, transitions };
}

/** ν with ν·P = ν, Σν = 1, by Gaussian elimination; undefined if not unique. */
function embeddedStationary(
  n: number,
  transitions: readonly (readonly number[])[] | undefined,
): number[] | undefined {
  if (transitions === undefined || n === 1) return new Array<number>(n).fill(1 / n);
  // Rows of A: equation j is Σ_i ν_i (P_ij − δ_ij) = 0; the last is replaced by Σ ν_i = 1.
  const a: number[][] = [];
  for (let j = 0; j < n; j++) {
    const row: number[] = [];
    for (let i = 0; i < n; i++) {
      row.push(j === n - 1 ? 1 : ((transitions[i] as readonly number[])[j] as number) - (i === j ? 1 : 0));
    }
    row.push(j === n - 1 ? 1 : 0);
    a.push(row);
  }
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs((a[r] as number[])[col] as number) > Math.abs((a[pivot] as number[])[col] as number)) pivot = r;
    }
    const pivotRow = a[pivot] as number[];
    const p = pivotRow[col] as number;
    if (Math.abs(p) < 1e-12) return undefined;
    a[pivot] = a[col] as number[];
    a[col] = pivotRow;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = a[r] as number[];
      const f = (row[col] as number) / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) row[c] = (row[c] as number) - f * (pivotRow[c] as number);
    }
  }
  const nu = a.map((row, i) => (row[n] as number) / (row[i] as number));
  return nu.every((v) => v >= -1e-12) ? nu.map((v) => Math.max(0, v)) : undefined;
}

/** For each state, whether some state with a positive rate is reachable (itself included). */
function reachesPositiveRate(
  n: number,
  rates: readonly number[],
  transitions: readonly (readonly number[])[] | undefined,
): boolean[] {
  const anyPositive = rates.some((r) => r > 0);
  if (transitions === undefined || !anyPositive) return rates.map((r) => anyPositive && (n > 1 || r > 0));
  return rates.map((_, start) => {
    const seen = new Array<boolean>(n).fill(false);
    const stack = [start];
    seen[start] = true;
    while (stack.length > 0) {
      const i = stack.pop() as number;
      if ((rates[i] as number) > 0) return true;
      (transitions[i] as readonly number[]).forEach((p, j) => {
        if (p > 0 && !seen[j]) {
          seen[j] = true;
          stack.push(j);
        }
      });
    }
    return false;
  });
}

// ---------------------------------------------------------------- 5. Renewal

/**
 * Renewal process: next = now + X with X drawn from `interArrival` (e.g. from
 * makeSampler(spec, stream)); call with the previous arrival time. Expected
 * long-run rate 1/E[X] (elementary renewal theorem). A negative or NaN gap
 * throws RangeError; an infinite gap means no further arrival.
 */
export function renewal(interArrival: Sampler): ArrivalProcess {
  return {
    next(now) {
      checkNow(now);
      const gap = interArrival();
      if (Number.isNaN(gap) || gap < 0) throw new RangeError(`inter-arrival gap must be >= 0, got ${gap}`);
      return strictlyAfter(now, now + gap);
    },
  };
}
