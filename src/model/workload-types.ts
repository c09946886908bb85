import type { CarbonAwareSpec } from './carbon/carbon-aware-release.js';
import type { FineTuneSpec } from './performance/fine-tuning.js';
import type { MoeSpec } from './performance/mixture-of-experts.js';
import type { ComputeDeviceProfile, PartitionProfile, Precision, StorageProfile } from './profile-types.js';
import type { ApiOffering, OverflowRule } from './serving/api-offering.js';
import type { ServiceReach } from './serving/service-reach.js';
import type { FederatedWorkload } from './federated/federated-types.js';

export type { FederatedWorkload, FederatedSpec, FederatedClients, FederatedAggregation, FederatedMetrics } from './federated/federated-types.js';

/** What a scenario's workloads ask of the model: arrivals, job sizes, work, data and services, in canonical units. */

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
 * Hardware-independent work of one job:
 * - `reference-time`: device-seconds on the scenario's reference device at the job's precision; on
 *   another device the time scales by reference peak / device peak at that precision.
 * - `flops`: floating-point operations at `precision`, run at `efficiency` × peak (model FLOPs utilisation).
 */
export type WorkSpec =
  | { readonly unit: 'reference-time'; readonly amount: DistributionSpec; readonly precision: Precision }
  | { readonly unit: 'flops'; readonly amount: DistributionSpec; readonly precision: Precision; readonly efficiency: number };

/**
 * Part of one accelerator that a job or an inference replica runs on, instead of whole devices
 * (src/model/device-slice.ts turns it into a device and a scheduling request):
 * - `share`: time-slicing (or MPS); `fraction` of the device's compute and memory bandwidth, and
 *   `memory` bytes of its memory (default: the same fraction of its capacity).
 * - `mig`: `count` NVIDIA Multi-Instance GPU instances of `profile`; each gets its compute slices out
 *   of the GPU's `totalCompute`, its memory slices out of `totalMemory` of the memory bandwidth, and
 *   the profile's `memory`.
 */
export type DeviceSlice =
  | { readonly kind: 'share'; readonly fraction: number; readonly memory?: number }
  | { readonly kind: 'mig'; readonly profile: PartitionProfile; readonly count: number; readonly totalCompute: number; readonly totalMemory: number };

export type ArrivalSpec =
  /** Open-loop renewal process: interarrival times drawn from a distribution (seconds); Poisson when exponential. */
  (
    | { readonly kind: 'renewal'; readonly interarrival: DistributionSpec }
    /** Poisson with a daily cycle: λ(t) = rate·(1 + amplitude·cos(2π(t/day − peakHour/24)))·(weekendFactor on days 5, 6). */
    | { readonly kind: 'diurnal'; readonly rate: number; readonly amplitude: number; readonly peakHour: number; readonly weekendFactor: number }
    /** Poisson whose rate compounds by `perMonth` each month (month = 1/12 year). */
    | { readonly kind: 'growth'; readonly rate: number; readonly perMonth: number }
    /** Markov-modulated Poisson (bursty): rate `rates[i]` while in state i, exponential stays of mean `meanSojourn[i]`. */
    | { readonly kind: 'mmpp'; readonly rates: readonly number[]; readonly meanSojourn: readonly number[] }
    /** Offline (MLPerf's Offline scenario): `maxJobs` submissions all at time 0, then none — a finite batch the pool drains. */
    | { readonly kind: 'offline' }
    /** A pipeline's stage: no arrivals of its own; each run of `pipeline` submits one job when the stage's predecessors are done. */
    | { readonly kind: 'pipeline-stage'; readonly pipeline: string }
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
  /** Devices per job (integers ≥ 1), or with `slice` the constant device-equivalents of the slice. */
  readonly devices: DistributionSpec;
  /** each job runs on part of one device (or on MIG instances) */
  readonly slice?: DeviceSlice;
  readonly work: WorkSpec;
  /** higher runs first under priority scheduling */
  readonly priority: number;
  /** jobs wait for a cleaner grid hour within a deadline before they queue (absent: they queue on arrival) */
  readonly carbonAware?: CarbonAwareSpec;
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
  /** devices per job, or with `slice` the constant device-equivalents of the slice */
  readonly devices: DistributionSpec;
  /** each job runs on part of one device (a share or one MIG instance) */
  readonly slice?: DeviceSlice;
  readonly priority: number;
  readonly params: DistributionSpec;
  /** parameters active per token of a mixture-of-experts model (its card); absent: dense, all params active */
  readonly activeParams?: number;
  /** the model card the parameters come from (models/<id>.yaml), when the scenario named one */
  readonly card?: string;
  /** expert parallelism of a mixture-of-experts card: EP size and the shape its all-to-alls move (charged per step outside the MFU) */
  readonly expertParallel?: { readonly size: number; readonly routedExperts: number; readonly activeExperts: number; readonly moeLayers: number; readonly hiddenSize: number };
  readonly tokens: DistributionSpec;
  /** fine-tuning from a base model's card (src/model/performance/fine-tuning.ts); absent = training from scratch */
  readonly fineTune?: FineTuneSpec;
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
    readonly kvCache: { readonly layers: number; readonly kvHeads: number; readonly headDim: number; readonly precision?: Precision } | { readonly bytesPerToken: number };
    /** model width (d_model); estimated from params and layers when absent */
    readonly hiddenSize?: number;
    /** the model card these figures come from (models/<id>.yaml), when the scenario named one */
    readonly card?: string;
    /** a mixture-of-experts model (from its card): active parameters and experts */
    readonly moe?: MoeSpec;
    /** transformer layers (from a card), for the tensor-parallel all-reduces when the KV cache is given as bytes */
    readonly layers?: number;
  };
  /** synthetic requests (absent with a trace) */
  readonly arrivals?: ArrivalSpec;
  readonly tokens?: { readonly input: DistributionSpec; readonly output: DistributionSpec };
  /** a request trace (azure-llm) instead of synthetic arrivals */
  readonly trace?: TraceSource;
  /** multi-turn conversations instead of independent requests (src/model/arrivals/conversations.ts) */
  readonly sessions?: ConversationsSpec;
  /** prefix caching with offload tiers (src/model/serving/prefix-caching.ts); absent = every prompt prefilled whole */
  readonly prefixCache?: PrefixCacheWorkloadSpec;
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
  /**
   * expert parallelism: each replica holds `size` devices (a multiple of tensorParallel, which is then the
   * attention group of each data-parallel rank) and spreads routed + `redundantExperts` experts over them
   * (src/model/performance/expert-parallel.ts) over `moeLayers` MoE layers (the card's; absent = every layer);
   * absent = every expert split by tensor parallelism
   */
  readonly expertParallel?: { readonly size: number; readonly redundantExperts?: number; readonly moeLayers?: number };
  /** each replica runs on part of one device (a share or one MIG instance); tensorParallel is then 1 */
  readonly slice?: DeviceSlice;
  readonly maxBatch: number;
  /** chunked prefill: tokens one iteration processes at most; absent = a whole prompt in one iteration */
  readonly maxBatchTokens?: number;
  /**
   * speculative decoding: each decode step `draft` guesses `draftTokens` tokens, each accepted with probability
   * `acceptance`, and the target verifies them in one pass (src/model/performance/speculative-decoding.ts)
   */
  readonly speculative?: {
    readonly method: 'draft' | 'mtp' | 'eagle';
    readonly draft: InferenceWorkload['model'];
    readonly draftTokens: number;
    readonly acceptance: number;
  };
  /** s; targets for SLO attainment */
  readonly slo: { readonly ttft?: number; readonly tpot?: number };
  /** prefill and decode on separate replicas, the KV cache sent between them (src/model/serving/disaggregated-service.ts); absent = colocated */
  readonly disaggregated?: DisaggregatedServing;
  /** every request goes to this managed API (replicas is then 0) */
  readonly api?: ApiOffering;
  /** requests go to a managed API when the replicas' queue is longer than the rule allows */
  readonly overflow?: OverflowRule;
  /** other pools, burst, user regions, routing and cold starts; absent = one set of replicas on `pool` */
  readonly reach?: ServiceReach;
}

/** One phase of a disaggregated service: its replicas, on which pool, with which batch limits. */
export interface ServingPhase {
  readonly pool: string;
  readonly replicas: number;
  /** devices per replica, or per attention rank with `expertParallel` */
  readonly tensorParallel: number;
  readonly maxBatch: number;
  readonly maxBatchTokens?: number;
  /** the phase's replicas spread their experts over `size` devices each (as `InferenceWorkload.expertParallel`) */
  readonly expertParallel?: InferenceWorkload['expertParallel'];
}

export interface DisaggregatedServing {
  readonly prefill: ServingPhase;
  readonly decode: ServingPhase;
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

export type Workload = BatchWorkload | TrainingWorkload | TraceWorkload | InferenceWorkload | DataWorkload | FederatedWorkload;

/** Multi-turn conversations of an inference service: starts, turns, gaps, shared system prompts, tokens per turn. */
export interface ConversationsSpec {
  /** when conversations start */
  readonly arrivals: ArrivalSpec;
  readonly turns: DistributionSpec;
  /** s from one turn's arrival to the next */
  readonly gap: DistributionSpec;
  /** `count` system prompts of `tokens` each (drawn once), prompt k (from 1) picked ∝ 1/k^popularity */
  readonly systemPrompts: { readonly count: number; readonly tokens: DistributionSpec; readonly popularity: number };
  readonly userTokens: DistributionSpec;
  readonly output: DistributionSpec;
}

/** A service's prefix cache as the scenario gives it (bytes; the service turns them into tokens of its model's KV). */
export interface PrefixCacheWorkloadSpec {
  /** HBM set aside per replica: bytes, or a fraction of the KV memory; absent = what running sequences leave */
  readonly hbm?: { readonly bytes: number } | { readonly fraction: number };
  readonly blockTokens: number;
  /** offload tiers, fastest first: bytes each replica may use, and bytes/s into HBM; `fromNode` names the figures taken from the node profile */
  readonly tiers: readonly { readonly name: string; readonly capacity: number; readonly bandwidth: number; readonly fromNode?: readonly ('capacity' | 'bandwidth')[] }[];
  readonly routing: 'cache_aware' | 'least_loaded';
  readonly routeSlack: number;
}
