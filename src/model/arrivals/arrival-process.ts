/**
 * What every synthetic arrival process is (the processes themselves are in poisson.ts, diurnal.ts,
 * growth.ts, mmpp.ts and renewal.ts), with the helpers they share: each is a pure generator over the
 * engine's random streams.
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
import type { RandomStream } from '../../engine/index.js';

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

const bits = new DataView(new ArrayBuffer(8));

/** The smallest double greater than x (x finite): one step of its bit pattern away from zero (or toward it below zero). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  bits.setFloat64(0, x);
  bits.setBigInt64(0, bits.getBigInt64(0) + (x > 0 ? 1n : -1n));
  return bits.getFloat64(0);
}

/** `t` when it lies after `now`, else the next double after `now`: a draw that rounds onto `now` still moves time on. */
export function strictlyAfter(now: number, t: number): number {
  return t > now ? t : nextUp(now);
}

/** Throws RangeError unless `now` is finite. */
export function checkNow(now: number): void {
  if (!Number.isFinite(now)) throw new RangeError(`now must be a finite number, got ${now}`);
}

/** Throws RangeError naming the parameter unless `value` is finite and >= 0. */
export function requireNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
  }
}

/** Throws RangeError naming the parameter unless `value` is finite and > 0. */
export function requirePositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a finite number > 0, got ${value}`);
  }
}

/** Standard exponential draw, Exp(1). */
export function exp1(source: ArrivalRandomSource): number {
  return -Math.log(source.uniformOpen());
}

/** All arrivals in (from, to], in order, starting the chain at `from`; stops after `limit` or at Infinity (no more arrivals). */
export function collectArrivals(process: ArrivalProcess, from: number, to: number, limit = Number.MAX_SAFE_INTEGER): number[] {
  const times: number[] = [];
  let t = process.next(from);
  while (t <= to && t !== Infinity && times.length < limit) {
    times.push(t);
    t = process.next(t);
  }
  return times;
}
