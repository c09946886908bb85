import { SampleCollector, type SampleSummary } from '../metrics/sample-summary.js';

/** A SampleSummary plus the exact minimum. Percentiles carry the sketch's 1 % relative error. */
export interface DistributionSummary extends SampleSummary {
  readonly min: number;
}

/** Streaming min/mean/p50/p95/p99/max of non-negative values; memory bounded (DDSketch). */
export class DistributionCollector {
  private readonly sample = new SampleCollector();
  private smallest = Infinity;

  add(value: number): void {
    this.sample.add(value);
    if (value < this.smallest) this.smallest = value;
  }

  get count(): number {
    return this.sample.count;
  }

  /** undefined when nothing was added. */
  summary(): DistributionSummary | undefined {
    if (this.sample.count === 0) return undefined;
    return { min: this.smallest, ...this.sample.summary() };
  }
}
