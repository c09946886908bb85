import type { Distribution } from '../../engine/index.js';
import type { ComputeDeviceProfile, Precision } from '../profile-types.js';

// (the engine's Distribution is the model's DistributionSpec; importing workload-types.ts here would close a cycle)
type DistributionSpec = Distribution;

/**
 * Federated learning (docs/pipelines.md, "Federated learning"): rounds over a population of edge
 * clients. Each round selects clients among those online, each downloads the model, trains locally
 * and uploads its update; the round closes when every selected client has reported or dropped, or at
 * the round deadline; when enough updates arrived, an aggregation job runs on the central `pool`
 * through its scheduler. Units are canonical: s, bytes, bytes/s, FLOP, W, USD/J.
 */
export interface FederatedWorkload {
  readonly name: string;
  /** the aggregation jobs never run elsewhere: always empty (other workloads' WorkloadPlacement) */
  readonly alternatives: readonly string[];
  /** the aggregation pool's site */
  readonly allowedSites: readonly string[];
  /** no per-job deadline and no dataset to stage: the updates arrive over the clients' own links */
  readonly deadline?: undefined;
  readonly dataset?: undefined;
  /** owning team (per-team statistics); absent = none */
  readonly team?: string;
  readonly tags: readonly string[];
  readonly kind: 'federated';
  /** the aggregation pool (`site/pool`): each round's aggregation is one job there */
  readonly pool: string;
  readonly priority: number;
  readonly federated: FederatedSpec;
}

export interface FederatedSpec {
  readonly clients: FederatedClients;
  /** bytes each selected client downloads per round (the global model) and uploads (its update) */
  readonly download: number;
  readonly update: number;
  /** the model the rounds train, as the result records it: parameters and where they came from */
  readonly model: { readonly params: number; readonly card?: string; readonly precision: Precision; readonly compression: number };
  /** FLOP one client computes per round, at `precision`, at `mfu` of its device's usable peak */
  readonly local: { readonly flops: number; readonly precision: Precision; readonly mfu: number; readonly mfuSource: string };
  readonly perRound: number;
  readonly minReports: number;
  /** s after a round starts at which clients still working are dropped as stragglers; absent = the round waits for the slowest */
  readonly deadline?: number;
  readonly selection: 'random' | 'fastest';
  /** back-to-back rounds, or a round every `interval` s (a round still running at a tick delays the next to its end) */
  readonly schedule: { readonly kind: 'back-to-back' } | { readonly kind: 'every'; readonly interval: number };
  /** s a new round waits when too few clients were online to select `minReports` of them */
  readonly retryAfter: number;
  /** most rounds started in the run; absent = until the horizon */
  readonly maxRounds?: number;
  readonly aggregation: FederatedAggregation;
}

export interface FederatedClients {
  readonly count: number;
  /** the (edge) site the clients sit at: bytes up leave it, bytes down arrive at it */
  readonly site: string;
  readonly device: ComputeDeviceProfile;
  /** bytes/s per client, drawn once per client for the run (constant = every client alike) */
  readonly uplink: DistributionSpec;
  readonly downlink: DistributionSpec;
  /** multiplier of the device's compute rate per client, drawn once per client (constant 1 = alike) */
  readonly speed: DistributionSpec;
  /** mean fraction of clients online at a round's start, in [0, 1] */
  readonly availability: number;
  /** a daily cycle of availability: online fraction = availability·(1 + amplitude·cos(2π(t/day − peakHour/24))), clipped to [0, 1] */
  readonly diurnal?: { readonly amplitude: number; readonly peakHour: number };
  /** probability a selected client drops before reporting (at a uniform point of its work) */
  readonly dropout: number;
  /** W a client device draws while it computes (the device profile's max power, or the scenario's) */
  readonly power?: number;
  /** USD per J of client energy, when the scenario prices it */
  readonly energyPrice?: number;
}

export interface FederatedAggregation {
  /** devices the aggregation job holds */
  readonly devices: number;
  /** FLOP per round plus FLOP per received update, at `precision` and `efficiency` of the pool device's usable peak */
  readonly flops: number;
  readonly flopsPerReport: number;
  readonly precision: Precision;
  readonly efficiency: number;
}

/**
 * One replication's federated figures for one workload, over the statistics window: rounds are
 * counted when they end (complete or fail) inside the window. Plain numbers: summarised across
 * replications like every other figure. Times in s, bytes in B.
 */
export interface FederatedMetrics {
  readonly rounds_started: number;
  readonly rounds_completed: number;
  /** rounds that ended with fewer than min_reports updates (or whose aggregation job was rejected) */
  readonly rounds_failed: number;
  /** completed (failed) rounds per day of window */
  readonly rounds_per_day: number;
  readonly failed_rounds_per_day: number;
  /** completed rounds: start to the end of their aggregation job (0 when none completed: read rounds_completed) */
  readonly round_time_mean: number;
  readonly round_time_p50: number;
  readonly round_time_p95: number;
  /** per round ended in the window: clients online at its start, selected, reported, dropped out, cut as stragglers */
  readonly online_per_round: number;
  readonly selected_per_round: number;
  readonly reports_per_round: number;
  readonly dropouts_per_round: number;
  readonly stragglers_per_round: number;
  /** bytes that crossed the clients' links: partial transfers of dropped and cut clients count what was sent */
  readonly bytes_up: number;
  readonly bytes_down: number;
  /** client device-hours computing (download and upload time excluded) */
  readonly client_device_hours: number;
  /** J the clients' devices drew computing (0 when the device has no power figure) */
  readonly client_energy_joules: number;
  /** device-hours of the aggregation jobs on the central pool, and their mean wait in its queue */
  readonly aggregation_device_hours: number;
  readonly aggregation_wait_mean: number;
}
