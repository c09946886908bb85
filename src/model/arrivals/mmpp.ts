import { entry } from '../../engine/index.js';
import { strictlyAfter, checkNow, requireNonNegative, requirePositive, exp1, type ArrivalProcess, type ArrivalRandomSource } from './arrival-process.js';

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
  const weights = nu.map((v, i) => v * entry(options.meanSojourn, i));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

/** Long-run mean arrival rate Σ rate_i·π_i, 1/s. */
export function mmppMeanRate(options: MmppOptions): number {
  const pi = mmppStationary(options);
  return pi.reduce((sum, p, i) => sum + p * entry(options.rates, i), 0);
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
export function mmpp(options: MmppOptions, arrivalStream: ArrivalRandomSource, chainStream: ArrivalRandomSource): ArrivalProcess {
  const { n, transitions } = validateMmpp(options);
  const canArrive = reachesPositiveRate(n, options.rates, transitions);
  const states: readonly ChainState[] = options.rates.map((rate, index) => ({
    index,
    rate,
    meanSojourn: entry(options.meanSojourn, index),
    canArrive: entry(canArrive, index),
    jumps: transitions === undefined ? undefined : entry(transitions, index).slice(),
  }));
  let firstState: () => number;
  const chosen = options.initialState;
  if (chosen !== undefined) {
    if (!Number.isInteger(chosen) || chosen < 0 || chosen >= n) {
      throw new RangeError(`initialState must be an integer in [0, ${n - 1}], got ${chosen}`);
    }
    firstState = () => chosen;
  } else {
    const stationary = mmppStationary(options);
    firstState = () => pick(stationary);
  }

  let started = false;
  let state = entry(states, 0);
  let segStart = 0;
  let segEnd = 0;

  const pick = (probabilities: readonly number[]): number => {
    const u = chainStream.uniform();
    let acc = 0;
    for (const [j, p] of probabilities.entries()) {
      acc += p;
      if (u < acc) return j;
    }
    // Rounding: the last state with positive probability.
    for (let j = probabilities.length - 1; j >= 0; j--) if (entry(probabilities, j) > 0) return j;
    return 0;
  };
  const sojournEnd = (from: number): number => (n === 1 ? Infinity : from + exp1(chainStream) * state.meanSojourn);
  const jump = (): void => {
    if (state.jumps === undefined) {
      let j = Math.floor(chainStream.uniform() * (n - 1));
      if (j >= state.index) j++;
      state = entry(states, j);
    } else {
      state = entry(states, pick(state.jumps));
    }
    segStart = segEnd;
    segEnd = sojournEnd(segStart);
  };

  return {
    next(now) {
      checkNow(now);
      if (!started) {
        started = true;
        state = entry(states, firstState());
        segStart = now;
        segEnd = sojournEnd(now);
      }
      if (now < segStart) {
        throw new RangeError(`now must not precede the current sojourn start ${segStart}, got ${now}`);
      }
      while (segEnd <= now) jump();
      let t = now;
      for (;;) {
        if (!state.canArrive) return Infinity;
        const r = state.rate;
        const candidate = r > 0 ? t + exp1(arrivalStream) / r : Infinity;
        if (candidate < segEnd) return strictlyAfter(now, candidate);
        t = segEnd;
        jump();
      }
    },
  };
}

/** One state of the modulating chain, as the sampler reads it. */
interface ChainState {
  readonly index: number;
  /** arrivals per second while in this state */
  readonly rate: number;
  /** s, mean of the exponential sojourn */
  readonly meanSojourn: number;
  /** whether a state with a positive rate can be reached from here (itself included) */
  readonly canArrive: boolean;
  /** P(this → j) of the embedded chain; undefined for the default uniform jump */
  readonly jumps: readonly number[] | undefined;
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
function embeddedStationary(n: number, transitions: readonly (readonly number[])[] | undefined): number[] | undefined {
  if (transitions === undefined || n === 1) return new Array<number>(n).fill(1 / n);
  // Rows of A: equation j is Σ_i ν_i (P_ij − δ_ij) = 0; the last is replaced by Σ ν_i = 1.
  const a: number[][] = [];
  for (let j = 0; j < n; j++) {
    const row = transitions.map((from, i) => (j === n - 1 ? 1 : entry(from, j) - (i === j ? 1 : 0)));
    row.push(j === n - 1 ? 1 : 0);
    a.push(row);
  }
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(entry(entry(a, r), col)) > Math.abs(entry(entry(a, pivot), col))) pivot = r;
    }
    const pivotRow = entry(a, pivot);
    const p = entry(pivotRow, col);
    if (Math.abs(p) < 1e-12) return undefined;
    a[pivot] = entry(a, col);
    a[col] = pivotRow;
    for (const [r, row] of a.entries()) {
      if (r === col) continue;
      const f = entry(row, col) / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) row[c] = entry(row, c) - f * entry(pivotRow, c);
    }
  }
  const nu = a.map((row, i) => entry(row, n) / entry(row, i));
  return nu.every((v) => v >= -1e-12) ? nu.map((v) => Math.max(0, v)) : undefined;
}

/** For each state, whether some state with a positive rate is reachable (itself included). */
function reachesPositiveRate(n: number, rates: readonly number[], transitions: readonly (readonly number[])[] | undefined): boolean[] {
  const anyPositive = rates.some((r) => r > 0);
  if (transitions === undefined || !anyPositive) return rates.map((r) => anyPositive && (n > 1 || r > 0));
  return rates.map((_, start) => {
    const seen = new Array<boolean>(n).fill(false);
    const stack = [start];
    seen[start] = true;
    for (let i = stack.pop(); i !== undefined; i = stack.pop()) {
      if (entry(rates, i) > 0) return true;
      entry(transitions, i).forEach((p, j) => {
        if (p > 0 && !seen[j]) {
          seen[j] = true;
          stack.push(j);
        }
      });
    }
    return false;
  });
}
