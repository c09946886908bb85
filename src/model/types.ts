/**
 * What the model runs: profiles, pools, workloads and the run's own settings (`RunInputs`). The cost
 * inputs (src/cost/costed-scenario.ts) and the scenario's name and description
 * (src/scenario/scenario.ts) extend it in the layers that own them. Produced once by `src/scenario/`
 * and frozen. Units: every number is in the canonical unit of its dimension — seconds, bytes, bytes/s, watts,
 * USD, USD/s, FLOP, FLOP/s (int8/int4 "ops" counted as FLOP/s of that precision), 1/s for rates.
 */

export const precisions = ['fp64', 'fp32', 'tf32', 'bf16', 'fp16', 'fp8', 'int8', 'int4'] as const;
export type Precision = (typeof precisions)[number];

export interface Source {
  readonly url: string;
  readonly title: string;
  readonly note?: string;
}

interface ProfileBase {
  readonly id: string;
  readonly name: string;
  readonly vendor: string;
  readonly released?: number;
  readonly sources: Readonly<Record<string, Source>>;
}

export interface Power {
  /** W */
  readonly idle?: number;
  /** W, TDP or maximum board/node power */
  readonly max: number;
}

export interface ComputeDeviceProfile extends ProfileBase {
  readonly kind: 'cpu' | 'gpu' | 'tpu' | 'fpga';
  /** Dense peak throughput per precision, FLOP/s (ops/s for integer precisions). */
  readonly peak: Readonly<Partial<Record<Precision, number>>>;
  readonly memory?: { readonly capacity?: number; readonly bandwidth: number };
  /** absent when the vendor publishes no figure */
  readonly power?: Power;
  /** USD per unit */
  readonly price?: number;
  /** Scale-up link bandwidth per device, bytes/s. */
  readonly interconnect?: { readonly bandwidth: number };
  readonly cores?: number;
  /** s, mean time between job-interrupting failures of one device in service (default for `failures`) */
  readonly mtbf?: number;
}

export interface StorageProfile extends ProfileBase {
  readonly kind: 'storage';
  readonly class: 'nvme' | 'parallel-fs' | 'object-store';
  readonly capacity?: number;
  readonly read_bandwidth: number;
  readonly write_bandwidth?: number;
  readonly latency?: number;
  readonly power?: Power;
  readonly price?: number;
  /** USD per byte per second (from USD/GB/month) */
  readonly price_per_gb_month?: number;
}

export interface NetworkProfile extends ProfileBase {
  readonly kind: 'network';
  readonly class: 'infiniband' | 'ethernet' | 'nvlink';
  /** bytes/s per port, one direction */
  readonly bandwidth: number;
  readonly latency?: number;
  readonly power?: Power;
  readonly price?: number;
}

export interface Component<P> {
  readonly profile: P;
  readonly count: number;
}

export interface NodeProfile extends ProfileBase {
  readonly kind: 'node' | 'cloud-instance';
  readonly accelerators?: Component<ComputeDeviceProfile>;
  /** CPU sockets; absent on accelerator nodes whose host CPU is not published */
  readonly cpus?: Component<ComputeDeviceProfile>;
  readonly memory?: { readonly capacity: number };
  readonly storage: readonly Component<StorageProfile>[];
  readonly network: readonly (Component<NetworkProfile> & { readonly role: 'compute' | 'storage' | 'management' })[];
  readonly scale_up?: { readonly profile: NetworkProfile };
  readonly power?: Power;
  readonly price?: number;
  /** why the price is what it is (required when it is 0: free hardware says why) */
  readonly price_reason?: string;
  readonly provider?: string;
  readonly region?: string;
  /** USD/s per instance */
  readonly pricing?: Readonly<Partial<Record<'on_demand' | 'reserved_1y' | 'reserved_3y' | 'spot', number>>>;
  readonly billing?: { readonly increment: number; readonly minimum: number };
  readonly price_as_of?: string;
}

export type DeviceProfile = ComputeDeviceProfile | StorageProfile | NetworkProfile;
export type Profile = DeviceProfile | NodeProfile;

import type { PricingModel } from './usage-ledger.js';

/** Distributions over canonical-unit numbers; the engine samples them. */
export type DistributionSpec =
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'exponential'; readonly mean: number }
  | { readonly kind: 'normal'; readonly mean: number; readonly sd: number }
  | { readonly kind: 'lognormal'; readonly mu: number; readonly sigma: number }
  | { readonly kind: 'gamma'; readonly shape: number; readonly scale: number }
  | { readonly kind: 'weibull'; readonly shape: number; readonly scale: number }
  | { readonly kind: 'pareto'; readonly shape: number; readonly scale: number }
  | { readonly kind: 'empirical'; readonly values: readonly number[]; readonly weights?: readonly number[] };

/**
 * Capacity bought over time: a tranche of `nodes` ordered at `orderedAt` s and usable from
 * `onlineAt` = orderedAt + lead time. The cost layer pays capex at the order date (cash) and
 * depreciates from the online date (accounting).
 */
export interface Tranche {
  readonly nodes: number;
  readonly orderedAt: number;
  readonly onlineAt: number;
}

/** A pool as the scenario describes it: hardware, capacity over time, power, failures. */
export interface PoolSpec {
  /** `site/pool`, unique in the scenario */
  readonly id: string;
  readonly site: string;
  readonly name: string;
  readonly node: NodeProfile;
  readonly nodeCount: number;
  /** The schedulable device: the node's accelerator, or its CPU socket when it has none. */
  readonly device: ComputeDeviceProfile;
  readonly devicesPerNode: number;
  readonly deviceCount: number;
  /** s, per-device MTBF used when the scenario has `failures` (its own mtbf, else the device profile's) */
  readonly mtbf?: number;
  /** spot/preemptible capacity: instances are reclaimed at this rate, after a warning */
  readonly spot?: { readonly interruptionRate: number /* 1/s per instance */; readonly warning: number /* s */ };
  /**
   * on-prem: when the nodes become usable. `nodeCount` is their sum; before a tranche's `onlineAt`
   * its nodes cannot run jobs (procurement lead time). Always at least one tranche.
   */
  readonly tranches: readonly Tranche[];
  /** cloud pools: how instances are priced, provisioned and scaled */
  readonly cloud?: CloudPoolSpec;
  /** node power, W: idle and maximum (absent when the node profile publishes none: energy is then 0) */
  readonly power?: { readonly idle: number; readonly max: number };
}

/** A pool the run can place jobs on: its description and the price cost-aware placement compares. */
export interface Pool extends PoolSpec {
  /**
   * USD per device-second this pool costs when used (cloud: the instance price of its pricing model /
   * devices per node; on-prem: the fully loaded owned cost per device-second at full use). Set by the
   * cost layer when the run is built (src/cost/price-scenario.ts), never by loading.
   */
  readonly placementPrice: number;
}

/**
 * A cloud pool: `committed` instances are provisioned for the whole run (reserved, or static
 * on-demand); with `autoscale`, up to `max` instances in total, more are requested when jobs wait and
 * released after `idleTimeout` without work. `nodeCount` = max.
 */
export interface CloudPoolSpec {
  readonly pricing: PricingModel;
  /** pricing of the instances autoscaling adds (on-demand unless spot) */
  readonly burstPricing: PricingModel;
  readonly committed: number;
  readonly max: number;
  /** s from request to a usable instance */
  readonly provisioningDelay: number;
  readonly autoscale?: {
    /** s an instance stays idle before it is released */
    readonly idleTimeout: number;
    /** request instances when a waiting job's expected wait reaches this many s (0 = as soon as a job waits) */
    readonly scaleUpWait: number;
  };
  /** s, billing increment and minimum charge per instance start (from the profile's billing) */
  readonly billing: { readonly increment: number; readonly minimum: number };
}

/** A site as the model sees it: its pools (what the site costs is the cost layer's, `CostedSite`). */
export interface Site<P extends PoolSpec = Pool> {
  readonly name: string;
  readonly kind: 'on-prem' | 'cloud';
  readonly pools: readonly P[];
}

/**
 * Where jobs run when more than one pool may take them (src/model/placement-policy.ts):
 * - `home`: every job runs on its workload's pool;
 * - `burst`: on the home pool unless its expected wait is ≥ `threshold` s, then on the first allowed
 *   burst pool (in `burstTo` order) that can take it;
 * - `cheapest`: the allowed pool with the lowest expected cost (placementPrice × devices × duration)
 *   whose expected completion meets the workload's deadline, else the earliest expected completion.
 * Residency (`Workload.allowedSites`) filters the candidates of every policy.
 */
export type PlacementPolicy =
  | { readonly kind: 'home' }
  | { readonly kind: 'burst'; readonly threshold: number; readonly burstTo: readonly string[] }
  | { readonly kind: 'cheapest' };

/** A wide-area link between two sites (data gravity): bytes move at `bandwidth` B/s after `latency` s. */
export interface SiteLink {
  readonly between: readonly [string, string];
  readonly bandwidth: number;
  readonly latency: number;
}

/**
 * Hardware-independent work of one job:
 * - `reference-time`: device-seconds on the scenario's reference device at the job's precision; on
 *   another device the time scales by reference peak / device peak at that precision.
 * - `flops`: floating-point operations at `precision`, run at `efficiency` × peak (model FLOPs utilisation).
 */
export type WorkSpec =
  | { readonly unit: 'reference-time'; readonly amount: DistributionSpec; readonly precision: Precision }
  | { readonly unit: 'flops'; readonly amount: DistributionSpec; readonly precision: Precision; readonly efficiency: number };

export type ArrivalSpec = (
  /** Open-loop renewal process: interarrival times drawn from a distribution (seconds); Poisson when exponential. */
  | { readonly kind: 'renewal'; readonly interarrival: DistributionSpec }
  /** Poisson with a daily cycle: λ(t) = rate·(1 + amplitude·cos(2π(t/day − peakHour/24)))·(weekendFactor on days 5, 6). */
  | { readonly kind: 'diurnal'; readonly rate: number; readonly amplitude: number; readonly peakHour: number; readonly weekendFactor: number }
  /** Poisson whose rate compounds by `perMonth` each month (month = 1/12 year). */
  | { readonly kind: 'growth'; readonly rate: number; readonly perMonth: number }
  /** Markov-modulated Poisson (bursty): rate `rates[i]` while in state i, exponential stays of mean `meanSojourn[i]`. */
  | { readonly kind: 'mmpp'; readonly rates: readonly number[]; readonly meanSojourn: readonly number[] }
) & { readonly maxJobs?: number };

export interface BatchWorkload extends WorkloadPlacement {
  readonly name: string;
  /** owning team (per-team statistics); absent = none */
  readonly team?: string;
  readonly tags: readonly string[];
  readonly kind: 'batch';
  /** Pool id (`site/pool`) the jobs run on. */
  readonly pool: string;
  readonly arrivals: ArrivalSpec;
  /** Devices per job (integers ≥ 1). */
  readonly devices: DistributionSpec;
  readonly work: WorkSpec;
  /** higher runs first under priority scheduling */
  readonly priority: number;
}

/**
 * Training jobs: each job trains a dense model of `params` parameters on `tokens` tokens; its duration
 * comes from the training performance model (compute at MFU, gradient all-reduce over the node's
 * fabric, overlap) on the pool's node profile.
 */
export interface TrainingWorkload extends WorkloadPlacement {
  readonly name: string;
  /** owning team (per-team statistics); absent = none */
  readonly team?: string;
  readonly tags: readonly string[];
  readonly kind: 'training';
  readonly pool: string;
  readonly arrivals: ArrivalSpec;
  readonly devices: DistributionSpec;
  readonly priority: number;
  readonly params: DistributionSpec;
  readonly tokens: DistributionSpec;
  readonly batch: { readonly tokens: number };
  readonly precision: Precision;
  /** model FLOPs utilisation; undefined = the device class default */
  readonly mfu?: number;
  readonly overlap?: number;
  readonly modelParallel: number;
  /** data read per step from storage; absent = data loading is not a limit */
  readonly data?: { readonly bytesPerToken: number; readonly storage: StorageAttachment };
}

/** Where a job's data lives. */
export type StorageAttachment =
  /** the nodes' own drives (`node.storage`); each node reads its share from its local drives */
  | { readonly kind: 'node-local' }
  /**
   * a managed parallel file system provisioned with `capacity` bytes; throughput scales per
   * provisioning unit (the profile's `capacity`, 1 TiB when absent) — see docs/hardware-profiles.md
   */
  | { readonly kind: 'parallel-fs'; readonly profile: StorageProfile; readonly capacity: number }
  /** an object store read over `connections` concurrent connections in total (per-connection bandwidth × connections) */
  | { readonly kind: 'object-store'; readonly profile: StorageProfile; readonly connections: number };

/**
 * Jobs replayed from a trace file. The model never reads the file: the caller feeds the rows
 * (`src/traces/` streams them). Runtimes were measured on `hardware` (default: the pool's own device)
 * and scale by the ratio of dense peaks at `precision` when the pool's device differs.
 */
export interface TraceWorkload extends WorkloadPlacement {
  readonly name: string;
  /** owning team (per-team statistics); absent = none */
  readonly team?: string;
  readonly tags: readonly string[];
  readonly kind: 'trace';
  readonly pool: string;
  readonly trace: TraceSource;
  readonly hardware?: ComputeDeviceProfile;
  readonly precision: Precision;
  readonly priority: number;
  /** what the scheduler plans with: the trace's requested time (when present) or the true runtime */
  readonly estimates: 'trace' | 'exact';
}

/** Where a trace workload's rows come from: resolved at the edge, opened by the caller. */
export interface TraceSource {
  /** absolute path, to open the file */
  readonly file: string;
  /** the path as the scenario wrote it (relative to the scenario file): what results record, so they do not depend on where the checkout lives */
  readonly declared: string;
  readonly format: string;
  /** format options and transformations, passed through to the trace reader */
  readonly options: TraceOptions;
}

/** A transformation of a trace's rows the scenario's trace block asks for, applied in order. */
export type TraceTransformSpec =
  | { readonly kind: 'shift'; readonly to: number }
  | { readonly kind: 'scale'; readonly factor: number }
  | { readonly kind: 'filter'; readonly minDevices?: number; readonly maxDevices?: number; readonly gpuOnly?: true };

/** How a trace's rows are read and transformed before the model sees them (src/trace-feed.ts applies them). */
export interface TraceOptions {
  /** refuse the trace at its first bad row instead of skipping it */
  readonly strict: boolean;
  /** job traces: keep each row's GPU model, for placement by model */
  readonly matchGpuModels?: boolean;
  readonly transforms: readonly TraceTransformSpec[];
  /** csv only: field → column name, index or {column, unit, scale, format}; checked when the scenario is loaded */
  readonly columns?: Readonly<Record<string, unknown>>;
  /** fraction of the rows kept, seeded by the scenario seed */
  readonly sample?: number;
  /** at most this many rows */
  readonly limit?: number;
}

/**
 * An inference service: `replicas` copies of a model, each on `tensorParallel` devices of the pool
 * (held for the whole run), serving requests from a Poisson/renewal process or a request trace with
 * continuous batching (src/model/inference-service.ts).
 */
export interface InferenceWorkload extends WorkloadPlacement {
  readonly name: string;
  /** owning team (per-team statistics); absent = none */
  readonly team?: string;
  readonly tags: readonly string[];
  readonly kind: 'inference';
  readonly pool: string;
  readonly priority: number;
  readonly model: {
    readonly params: number;
    readonly weightPrecision: Precision;
    readonly kvCache: { readonly layers: number; readonly kvHeads: number; readonly headDim: number } | { readonly bytesPerToken: number };
  };
  /** synthetic requests (absent with a trace) */
  readonly arrivals?: ArrivalSpec;
  readonly tokens?: { readonly input: DistributionSpec; readonly output: DistributionSpec };
  /** a request trace (azure-llm) instead of synthetic arrivals */
  readonly trace?: TraceSource;
  /** replicas at the start (the minimum when autoscaled) */
  readonly replicas: number;
  /**
   * replica autoscaling (src/model/run-replication.ts scaleService): every `interval` s, desired
   * replicas = ⌈requests in flight / targetLoad⌉ within [min, max] (one more when the last interval's
   * mean time to first token exceeds `ttftAbove`); up at once, down one replica at a time after the
   * load has stayed below the fleet for `scaleDownDelay` s (the replica drains first)
   */
  readonly autoscale?: { readonly min: number; readonly max: number; readonly targetLoad: number; readonly ttftAbove?: number; readonly scaleDownDelay: number; readonly interval: number };
  readonly tensorParallel: number;
  readonly maxBatch: number;
  /** s; targets for SLO attainment */
  readonly slo: { readonly ttft?: number; readonly tpot?: number };
}

/**
 * Data/ETL jobs: each reads and writes bytes on whole nodes; its time is the largest of the storage
 * read, storage write, network and processing bounds (src/model/performance/data-job.ts).
 */
export interface DataWorkload extends WorkloadPlacement {
  readonly name: string;
  /** owning team (per-team statistics); absent = none */
  readonly team?: string;
  readonly tags: readonly string[];
  readonly kind: 'data';
  readonly pool: string;
  readonly priority: number;
  readonly arrivals: ArrivalSpec;
  /** whole nodes per job */
  readonly nodes: number;
  /** bytes */
  readonly read: DistributionSpec;
  readonly write?: DistributionSpec;
  readonly storage: StorageAttachment;
  /** bytes/s of input one node can process; absent = not a limit */
  readonly processingRatePerNode?: number;
}

/**
 * Where a workload's jobs may run besides its home `pool`, resolved by the scenario layer (residency
 * applied: a pool of a site the workload's tags do not allow is never listed).
 */
export interface WorkloadPlacement {
  /** other pools a job may be placed on by the policy, in preference order; never includes `pool` */
  readonly alternatives: readonly string[];
  /** sites the workload's jobs may run on (residency), sorted */
  readonly allowedSites: readonly string[];
  /** s after submission by which a job should complete (cost-aware placement) */
  readonly deadline?: number;
  /** where each job's data lives: running elsewhere moves `input` bytes there first and `output` bytes back */
  readonly dataset?: { readonly site: string; readonly input: number; readonly output: number };
}

export type Workload = BatchWorkload | TrainingWorkload | TraceWorkload | InferenceWorkload | DataWorkload;

export interface SchedulerSpec {
  readonly kind: 'fcfs' | 'easy-backfill' | 'shortest-job-first' | 'priority-preemptive';
  /** synthetic jobs' runtime estimates = true runtime × factor (≥ 1: users overestimate) */
  readonly estimateFactor: number;
  /** most devices one job may ask for; larger jobs are rejected */
  readonly maxDevices?: number;
  /** s, longest estimate a job may declare; longer jobs are rejected */
  readonly maxRuntime?: number;
}

/**
 * Device failures during jobs: each device fails after an exponential lifetime of mean `mtbf`
 * (a job on n devices fails at rate n/mtbf); a failed job keeps the work of its last completed
 * checkpoint and waits again, paying `restartOverhead` when it restarts.
 */
export interface FailureSpec {
  /** s, mean time between failures of one device; absent = each pool's device profile MTBF */
  readonly mtbf?: number;
  /** s of work between checkpoints; Infinity = no checkpoints */
  readonly checkpointInterval: number;
  /** s to write one checkpoint */
  readonly checkpointCost: number;
  /** s to restart after a failure */
  readonly restartOverhead: number;
}

/** The run's own inputs: what `ReplicationRun` needs, and nothing about prices or reports. */
export interface RunInputs<P extends PoolSpec = Pool> {
  readonly seed: number;
  /** s */
  readonly horizon: number;
  /** s; statistics count jobs submitted at or after the warm-up */
  readonly warmup: number;
  readonly replications: number;
  readonly scheduler: SchedulerSpec;
  /** absent: devices never fail */
  readonly failures?: FailureSpec;
  readonly reference: { readonly device: ComputeDeviceProfile; readonly precision: Precision };
  readonly sites: readonly Site<P>[];
  readonly workloads: readonly Workload[];
  readonly policy: PlacementPolicy;
  readonly links: readonly SiteLink[];
  /** runaway bounds the scenario sets (absent: the defaults, or the command line's) */
  readonly limits?: RunLimits;
}

/** Bounds that stop an overloaded run cleanly instead of letting its queues exhaust memory. */
export interface RunLimits {
  /** jobs waiting in one pool, or requests queued at one inference service */
  readonly maxQueued?: number;
  /** bytes of JavaScript heap in use */
  readonly maxHeap?: number;
}
