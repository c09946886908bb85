import type { LagResult } from './fluid-lag.js';

/** One stream's consumer lag and throughput over the window (replication metrics, summarised across replications). */
export interface StreamMetrics extends LagResult {
  /** bytes the consumers processed in the window */
  readonly processed_bytes: number;
  /** B/s the consumers could process once placed: min(nodes, partitions) × rate per node */
  readonly capacity_bytes_per_second: number;
  /** processed ÷ (capacity × window): how busy the consumer group was */
  readonly consumer_utilisation: number;
  /** s the consumers' nodes were placed at (the lag runs at capacity 0 before) */
  readonly consumers_started_at: number;
  /** broker disk, bytes: replication × the bytes within the retention; mean over the window and at its end */
  readonly broker_bytes_mean: number;
  readonly broker_bytes_end: number;
}
