import type { Quantity } from '../metrics/confidence-interval.js';

/**
 * What each figure of a replication is, which decides the scale of its confidence interval
 * (src/metrics/bounded-interval.ts): the one place that says it, for the result's `summary` and for the
 * sweep metrics alike. A figure is known by its field name (the last key of its path), which means the
 * same thing wherever it appears (`utilisation` of a pool, `slo_attainment` of a service or of a region).
 *
 * Every figure a replication measures is an amount unless listed here: a time, a count, bytes, tokens,
 * money, energy, emissions — none can be negative, so they get the log-scale interval. The shares below
 * live in [0, 1] and get the logit-scale one. No figure of a replication is signed: differences between
 * results are, and get the symmetric paired-t or Welch interval (src/metrics/difference-interval.ts).
 */
const FIELD_QUANTITIES: Readonly<Record<string, Quantity>> = {
  /** pools: busy ÷ online device-seconds; sweeps: the same over all pools */
  utilisation: 'fraction',
  /** inter-site links: share of the window a transfer was running */
  busy_fraction: 'fraction',
  /** services and their regions: share of completed requests that met every SLO */
  slo_attainment: 'fraction',
  /** prefix caching: share of requests and of prompt tokens found in the cache */
  request_hit_rate: 'fraction',
  token_hit_rate: 'fraction',
  /** speculative decoding: chance a draft token is accepted */
  acceptance: 'fraction',
  /** the goodput model: useful ÷ paid and useful ÷ busy device-hours */
  goodput: 'fraction',
  effective_time: 'fraction',
  /** streams: share of the window a consumer group lagged, and how busy it was */
  lagging_fraction: 'fraction',
  consumer_utilisation: 'fraction',
  /** pipelines: share of judged runs that missed their deadline, and each stage's share of the critical path */
  miss_fraction: 'fraction',
  critical_path_share: 'fraction',
};

/** What the figure at `path` (keys from the summary's root, or a sweep metric's name) is. */
export function quantityOf(path: readonly string[]): Quantity {
  const field = path[path.length - 1];
  return (field !== undefined && Object.hasOwn(FIELD_QUANTITIES, field) ? FIELD_QUANTITIES[field] : undefined) ?? 'non-negative';
}
