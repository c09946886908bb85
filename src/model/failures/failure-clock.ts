/**
 * Device/node failures as independent exponential lifetimes.
 *
 * Each device fails after Exp(1/m) seconds (m = per-device MTBF) and is
 * replaced at once, so each device is a Poisson process of rate 1/m. The
 * superposition of n independent Poisson processes is Poisson with rate n/m
 * (memoryless), so a job holding n devices sees its first failure after
 * Exp(n/m): mean m/n, the job MTBF. Over a horizon T a pool of N devices has
 * N(T) ~ Poisson(N·T/m) failures, and given a failure, the failed device is
 * uniform over the pool (each contributes equal rate).
 * Reference: e.g. Ross, "Introduction to Probability Models", §5.3 (Poisson
 * superposition and the memoryless property).
 */
import { exponentialDraw, requireFinite, requireNonNegative, requireNonNegativeInteger, requirePositive, type OpenUniformSource } from './validate.js';

export interface PoolFailure {
  /** Absolute time of the failure (s). */
  readonly time: number;
  /** Index of the failed device in [0, deviceCount). */
  readonly deviceIndex: number;
}

/** Job MTBF m/n for a job holding n devices of per-device MTBF m (Infinity when n = 0). */
export function jobMtbf(devices: number, mtbf: number): number {
  requireNonNegativeInteger('devices', devices);
  requirePositive('mtbf', mtbf, true);
  return devices === 0 ? Infinity : mtbf / devices;
}

/**
 * Absolute time of the first failure among `devices` devices from `now`:
 * now + Exp(devices/mtbf). Infinity when devices = 0 or mtbf = Infinity
 * (no random number is drawn then).
 */
export function nextFailure(now: number, devices: number, mtbf: number, stream: OpenUniformSource): number {
  requireFinite('now', now);
  const m = jobMtbf(devices, mtbf);
  if (!Number.isFinite(m)) return Infinity;
  return now + exponentialDraw(1 / m, stream);
}

/**
 * Failure events of a pool of `deviceCount` devices (failed devices replaced at once),
 * in increasing time from `start`: gaps Exp(deviceCount/mtbf), device uniform in the pool.
 * Stops before the first event later than `start + horizon` (default: never stops, so
 * iterate lazily). Draws two uniforms per event: gap then device.
 */
export function* poolFailures(deviceCount: number, mtbf: number, stream: OpenUniformSource, horizon = Infinity, start = 0): Generator<PoolFailure, void, undefined> {
  requireNonNegativeInteger('deviceCount', deviceCount);
  requirePositive('mtbf', mtbf, true);
  requireNonNegative('horizon', horizon, true);
  requireFinite('start', start);
  if (deviceCount === 0 || !Number.isFinite(mtbf)) return;
  const rate = deviceCount / mtbf;
  const end = start + horizon;
  let time = start;
  for (;;) {
    time += exponentialDraw(rate, stream);
    if (time > end) return;
    const deviceIndex = Math.min(deviceCount - 1, Math.floor(stream.uniformOpen() * deviceCount));
    yield { time, deviceIndex };
  }
}

/** Expected failures of `devices` devices over `horizon` seconds: devices·horizon/mtbf. */
export function expectedFailures(devices: number, mtbf: number, horizon: number): number {
  requireNonNegative('devices', devices);
  requirePositive('mtbf', mtbf, true);
  requireNonNegative('horizon', horizon);
  return Number.isFinite(mtbf) ? (devices * horizon) / mtbf : 0;
}
