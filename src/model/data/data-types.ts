/**
 * Streams (Kafka-like topics) and data lakes as the model reads them, resolved by src/scenario/resolve/
 * resolve-data.ts. Canonical units: bytes, seconds, bytes/s, USD. Absent when the scenario has none.
 */

/** The daily swing of a stream's rate: the shape of the diurnal arrival process (src/model/arrivals/diurnal.ts). */
export interface DiurnalShape {
  /** relative swing, 0..1: the rate runs from (1 − amplitude) to (1 + amplitude) × the mean */
  readonly amplitude: number;
  /** hour of day (0..24) of the peak; t = 0 is midnight */
  readonly peakHour: number;
}

/** The consumer group of a stream: nodes of one pool of the stream's site, held for the whole run. */
export interface StreamConsumers {
  /** pool id (`site/pool`) */
  readonly pool: string;
  /** nodes the group holds for the run; one consumer per node */
  readonly nodes: number;
  /** B/s one consumer processes */
  readonly ratePerNode: number;
}

/** A topic: bytes arriving at a rate profile, kept `retention` s on `replication` brokers, read by its consumers. */
export interface DataStream {
  readonly name: string;
  readonly site: string;
  /** B/s, the mean rate at t = 0 (before any growth) */
  readonly rate: number;
  readonly diurnal?: DiurnalShape;
  /** fractional growth of the rate per month (1/12 year), compounding; absent: a flat rate */
  readonly monthlyGrowth?: number;
  readonly partitions: number;
  /** s the brokers keep each byte */
  readonly retention: number;
  /** broker copies of each byte */
  readonly replication: number;
  /** USD per byte-second of broker disk (absent: not priced, and the result says so) */
  readonly brokerStoragePrice?: number;
  readonly consumers: StreamConsumers;
  /** where the processed bytes go: a lake, bytes × ratio (compression < 1, expansion > 1) */
  readonly sink?: { readonly lake: string; readonly ratio: number };
}

/** A storage tier of a lake: where data of ages [enterAge, next tier's enterAge) lives. */
export interface LakeTier {
  readonly name: string;
  /** s of age at which data enters the tier (the first tier: 0) */
  readonly enterAge: number;
  /** USD per raw byte-second stored (absent on an owned lake's tier: its capacity purchases carry the cost) */
  readonly price?: number;
  /** USD per byte read back */
  readonly retrieval: number;
  /** USD per request (PUT on write and transition, GET on read) */
  readonly requestPrice: number;
  /** B/s read back from the tier (retrievals) */
  readonly reads: number;
}

/** Owned capacity bought ahead of need (an on-prem lake). */
export interface CapacityPurchase {
  /** raw bytes per order */
  readonly increment: number;
  /** s from order to usable capacity */
  readonly leadTime: number;
  /** USD per raw byte bought */
  readonly pricePerByte: number;
  /** order when the need expected at delivery passes this fraction of installed + ordered capacity */
  readonly buyWhen: number;
  /** raw bytes installed at t = 0 */
  readonly installed: number;
}

export interface Lake {
  readonly name: string;
  readonly site: string;
  /** logical bytes held at t = 0 */
  readonly initial: number;
  /** s: the initial bytes' ages are spread evenly over [0, initialSpread) at t = 0 (0: all written at 0) */
  readonly initialSpread: number;
  /** raw bytes per logical byte: the replication factor, or (data + parity) / data */
  readonly overhead: number;
  /** s after which data is deleted (absent: kept for ever) */
  readonly retention?: number;
  /** bytes per object (requests = bytes / object size) */
  readonly objectSize: number;
  /** in order of enterAge; the first holds new data */
  readonly tiers: readonly LakeTier[];
  readonly capacityPurchase?: CapacityPurchase;
}
