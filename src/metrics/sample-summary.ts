import { DDSketch } from '@datadog/sketches-js';

/** Relative accuracy of every reported percentile: a p95 of 100 s is within ±1 s of the exact sample p95. */
export const QUANTILE_RELATIVE_ACCURACY = 0.01;

/**
 * Summary of a non-negative sample: exact count, mean and max; percentiles from a DDSketch, enough of
 * them (with the max) to draw the sample's distribution function, not just quote its tail.
 */
export interface SampleSummary {
  readonly count: number;
  readonly mean: number;
  readonly p10: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  /** the 99.9th percentile */
  readonly p99_9: number;
  readonly max: number;
}

/**
 * Streaming collector for one sample: memory bounded by the sketch (a few kB), whatever the count.
 * The mean is accumulated with Kahan summation so long runs do not drift.
 */
export class SampleCollector {
  private readonly sketch = new DDSketch({ relativeAccuracy: QUANTILE_RELATIVE_ACCURACY });
  private n = 0;
  private sum = 0;
  private compensation = 0;
  private largest = 0;
  private smallest = Infinity;

  add(value: number): void {
    if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`sample value must be finite and non-negative, got ${value}`);
    this.sketch.accept(value);
    this.n++;
    const y = value - this.compensation;
    const t = this.sum + y;
    this.compensation = t - this.sum - y;
    this.sum = t;
    if (value > this.largest) this.largest = value;
    if (value < this.smallest) this.smallest = value;
  }

  get count(): number {
    return this.n;
  }

  summary(): SampleSummary {
    if (this.n === 0) return { count: 0, mean: 0, p10: 0, p25: 0, p50: 0, p75: 0, p90: 0, p95: 0, p99: 0, p99_9: 0, max: 0 };
    // The sketch's estimate can fall outside the values seen by its relative error; clamp to them.
    const q = (p: number) => Math.max(this.smallest, Math.min(this.largest, this.sketch.getValueAtQuantile(p)));
    return {
      count: this.n,
      mean: this.sum / this.n,
      p10: q(0.1),
      p25: q(0.25),
      p50: q(0.5),
      p75: q(0.75),
      p90: q(0.9),
      p95: q(0.95),
      p99: q(0.99),
      p99_9: q(0.999),
      max: this.largest,
    };
  }
}
