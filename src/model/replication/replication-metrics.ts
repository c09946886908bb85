import type { JobMetrics } from '../../metrics/job-metrics.js';
import type { InferenceMetrics } from '../inference-service.js';
import type { OverloadReport } from '../overload-watch.js';
import type { LinkMetrics } from '../link-sharing.js';
import type { Job } from '../job.js';
import type { UsageLedger } from '../usage-ledger.js';
import type { GoodputMetrics } from './recovery.js';
import type { FederatedMetrics } from '../federated/federated-types.js';
import type { PipelineMetrics, PipelineRunRecord } from '../pipelines/pipeline-figures.js';
import type { StreamMetrics } from '../data/stream-metrics.js';

export interface PoolMetrics {
  /** devices the pool can ever have (on-prem: every tranche; cloud: the quota) */
  readonly devices: number;
  /** time-weighted mean of devices online (delivered, or provisioned) */
  readonly online_devices: number;
  /** busy device-seconds / online device-seconds over the window, in [0, 1] */
  readonly utilisation: number;
  /** time-weighted mean number of busy devices (shares of a device count as their fraction) */
  readonly mean_busy_devices: number;
  /** time-weighted mean number of jobs waiting */
  readonly mean_queue_length: number;
  readonly max_queue_length: number;
  /** jobs the placement policy sent to this pool during the window */
  readonly jobs_routed: number;
  /** pools with a leaf/spine `fabric` only: the jobs that crossed leaves and what sharing the uplinks cost them */
  readonly fabric?: FabricMetrics;
}

/** A pool's shared leaf uplinks over the window (src/model/replication/fabric-sharing.ts). */
export interface FabricMetrics {
  /** training-job runs whose nodes spanned leaves, started in the window */
  readonly cross_leaf_starts: number;
  /** time-weighted mean of such jobs running at once */
  readonly mean_cross_leaf_jobs: number;
  /** s of compute lost to shared uplinks: Σ over cross-leaf jobs of wall time × (1 − step alone ÷ step now) */
  readonly uplink_delay_seconds: number;
}

/** Pool state sampled at regular instants over the run, for charts (not summarised across replications). */
export interface PoolTimeSeries {
  /** s, sample instants: horizon / SAMPLES apart, from 0 */
  readonly t: readonly number[];
  readonly busy_devices: readonly number[];
  readonly queue_length: readonly number[];
  readonly online_devices: readonly number[];
}

/** Samples per time series. */
export const TIME_SERIES_SAMPLES = 200;

export interface ReplicationMetrics {
  readonly replication: number;
  /** engine events processed */
  readonly events: number;
  /** false when a limit (maxEvents) stopped the run before the horizon */
  readonly complete: boolean;
  readonly jobs: JobMetrics;
  readonly workloads: Readonly<Record<string, JobMetrics>>;
  /** per team (workloads with `team`): job statistics of its workloads together */
  readonly teams: Readonly<Record<string, JobMetrics>>;
  /** per inference workload: request latencies, tokens/s, SLO attainment */
  readonly inference: Readonly<Record<string, InferenceMetrics>>;
  readonly pools: Readonly<Record<string, PoolMetrics>>;
  /** per inter-site link ('a|b', site names sorted): how busy data staging kept it */
  readonly links: Readonly<Record<string, LinkMetrics>>;
  /** per pool: busy devices and jobs waiting over time */
  readonly timeseries: Readonly<Record<string, PoolTimeSeries>>;
  /** what the window consumed, for the cost model */
  readonly usage: UsageLedger;
  /** only when a runaway queue (or heap) stopped the run: where, how far and how overloaded */
  readonly overload?: OverloadReport;
  /** only with `streams:`: per stream, ingested bytes, consumer lag and broker storage over the window */
  readonly streams?: Readonly<Record<string, StreamMetrics>>;
  /** only with the goodput model (`failures` with spares, domains, repair or checkpoint_write): useful vs paid device-hours */
  readonly goodput?: GoodputMetrics;
  /** only with a federated workload: its rounds, clients and bytes per workload name (src/model/federated/) */
  readonly federated?: Readonly<Record<string, FederatedMetrics>>;
  /** only with pipelines: per pipeline, its runs, makespan, queueing, critical path and deadline misses over the window */
  readonly pipelines?: Readonly<Record<string, PipelineMetrics>>;
  /** only with pipelines: per pipeline, the first RECORDED_RUNS runs stage by stage (the report's Gantt chart; not summarised) */
  readonly pipeline_runs?: Readonly<Record<string, readonly PipelineRunRecord[]>>;
}

export interface ReplicationOptions {
  /** Stop after this many events; the result is then marked incomplete. */
  readonly maxEvents?: number;
  /**
   * Jobs waiting in one pool, or requests queued at one inference service, at which the run stops as
   * overloaded (result incomplete, `overload` says why). Default: the scenario's `limits.max_queued`,
   * else DEFAULT_MAX_QUEUED.
   */
  readonly maxQueued?: number;
  /**
   * Called at every job start and end of a run (tests use it to check invariants; the CLI writes the
   * per-job CSV from it); `outcome` says whether an end completed the job or interrupted it
   * (preemption, failure, spot reclaim). Keep it cheap.
   */
  readonly onJob?: JobObserver;
  /**
   * Called when an inference replica's devices are placed ('start', its cold start included) and when
   * the autoscaler retires it ('end'); the CLI draws replicas on the timeline from it. Keep it cheap.
   */
  readonly onReplica?: ReplicaObserver;
}

/** An inference replica on its devices: `deviceIds` are device indices within `pool`, 0-based. */
export interface ReplicaPlacement {
  readonly service: string;
  /** a disaggregated service's phase */
  readonly phase?: 'prefill' | 'decode';
  /** its index among the service's replicas on that pool */
  readonly replica: number;
  readonly pool: string;
  readonly deviceIds: Int32Array;
  /** device-equivalents held (a share of a device counts as its fraction) */
  readonly devices: number;
  /** s: when it was placed or retired */
  readonly at: number;
}

export type ReplicaObserver = (event: 'start' | 'end', replica: ReplicaPlacement) => void;

export type JobObserver = (event: 'start' | 'end', job: Job, pool: string, outcome?: 'completed' | 'interrupted') => void;
