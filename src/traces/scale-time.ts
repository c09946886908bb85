import type { Timed } from './trace-record.js';

/**
 * Stretches (factor > 1) or compresses (factor < 1) arrivals: every submit becomes
 * origin + (submit − origin) × factor, so every inter-arrival time is multiplied by factor and the
 * arrival rate divided by it. `origin` defaults to the first record's submit, which stays put.
 * Runtimes and other durations are not touched: this changes load, not job sizes.
 * Throws RangeError unless factor is finite and > 0.
 */
export async function* scaleTime<T extends Timed>(source: AsyncIterable<T>, factor: number, origin?: number): AsyncGenerator<T> {
  if (!(factor > 0) || !Number.isFinite(factor)) throw new RangeError(`time scale factor must be finite and > 0, got ${factor}`);
  if (origin !== undefined && !Number.isFinite(origin)) throw new RangeError(`time scale origin must be finite, got ${origin}`);
  let o = origin;
  for await (const record of source) {
    o ??= record.submit;
    yield { ...record, submit: o + (record.submit - o) * factor };
  }
}
