import type { ServiceVersions, VersionMetrics } from './service-versions.js';
import type { SampleSummary } from '../../metrics/sample-summary.js';
import type { SpeculativeStep } from '../performance/speculative-decoding.js';
import type { PrefixCacheMetrics, PrefixCacheSpec } from './prefix-caching.js';
import type { RegionMetrics } from './region-figures.js';

/** What an inference service reports (src/model/inference-service.ts). */
export interface InferenceMetrics {
  /** requests submitted in the window */
  readonly submitted: number;
  /** requests that finished in the window */
  readonly completed: number;
  /** requests the service refused: prompt + output larger than a replica's KV cache */
  readonly rejected: number;
  readonly queued_at_end: number;
  readonly running_at_end: number;
  /** output tokens per second over the window */
  readonly tokens_per_second: number;
  /** s, requests submitted in the window */
  readonly ttft: SampleSummary;
  readonly tpot: SampleSummary;
  readonly e2e: SampleSummary;
  /** fraction of completed requests meeting every SLO target set (1 when none is set) */
  readonly slo_attainment: number;
  /** offline arrivals only: the batch submitted at time 0, measured over its drain time */
  readonly offline?: OfflineDrain;
  /** disaggregated serving only: the prefill replicas, the KV-cache transfers and the decode replicas */
  readonly disaggregated?: DisaggregatedPhases;
  /** speculative decoding only: what a decode step yields */
  readonly speculative?: SpeculativeFigures;
  /** prefix caching only: hits, per tier, evictions (src/model/serving/prefix-caching.ts) */
  readonly prefix_cache?: PrefixCacheMetrics;
  /** a service with a managed API (all its requests, or its overflow): what it sent there (serving/managed-api.ts) */
  readonly api?: ApiMetrics;
  /** services with user regions: each region's requests, latencies including its round trip */
  readonly regions?: Record<string, RegionMetrics>;
  /** services on more than one pool: requests routed to each pool and its replicas started */
  readonly pools?: Record<string, ServicePoolMetrics>;
  /** services with a cold start: replica starts that paid it (started in the window) */
  readonly cold_starts?: number;
  /** services a pipeline deploys to: each model version's requests (per replication only, not summarised) */
  readonly versions?: readonly VersionMetrics[];
}

/** The phases of a disaggregated service (src/model/serving/disaggregated-service.ts). */
export interface DisaggregatedPhases {
  readonly prefill: {
    readonly replicas: number;
    readonly queued_at_end: number;
    /** s, arrival → end of the iteration that finished its prompt (queueing + prefill), requests submitted in the window */
    readonly time: SampleSummary;
    /** prompt tokens prefilled per second over the window */
    readonly prompt_tokens_per_second: number;
  };
  readonly transfer: {
    /** bytes of KV cache moved from prefill to decode replicas, transfers started in the window */
    readonly bytes: number;
    /** s, end of the prefill → the KV cache landed on the decode side (latency + bytes at the shared bandwidth) */
    readonly time: SampleSummary;
    readonly in_flight_at_end: number;
  };
  readonly decode: {
    readonly replicas: number;
    readonly queued_at_end: number;
    /** s, KV landed → end of the first decode iteration (waiting for room in a decode batch + one iteration) */
    readonly first_step: SampleSummary;
  };
}

/** Decode steps and the output tokens after the first that they yielded, over the requests of the window completed so far. */
export class StepTally {
  steps = 0;
  tokens = 0;
}

/** A speculative service's decode steps (`ServiceSpec.speculative`). */
export interface SpeculativeFigures {
  /** E, the mean tokens each decode step yields per sequence: (1 − α^(k+1)) / (1 − α) */
  readonly tokens_per_step: number;
  /** k, tokens the draft guesses per step */
  readonly draft_tokens: number;
  /** α, the chance each guess is accepted */
  readonly acceptance: number;
  /** output tokens after the first ÷ decode steps, over the requests completed in the window (what the draws gave) */
  readonly measured_tokens_per_step: number;
}

/** One pool of a service that runs on several (ServiceReach). */
export interface ServicePoolMetrics {
  /** requests routed to this pool in the window */
  readonly requests: number;
  /** replicas that started on this pool in the window (asked for devices) */
  readonly replicas_started: number;
  /** s of cold start one replica pays here (container start + weights ÷ read bandwidth); 0 without cold starts */
  readonly cold_start: number;
}

/** How an offline batch (every request submitted at time 0) drained. */
export interface OfflineDrain {
  /** s from time 0 to the last completion; the window's end when requests were left unfinished */
  readonly drain_time: number;
  /** output tokens / drain_time: the figure MLPerf's Offline scenario reports */
  readonly tokens_per_second: number;
  /** requests not finished by the end of the run (0 when the batch drained) */
  readonly unfinished: number;
}

export interface ServiceSpec {
  readonly replicas: number;
  readonly maxBatch: number;
  /**
   * tokens one iteration processes at most (vLLM max_num_batched_tokens, TensorRT-LLM max_num_tokens): each
   * decoding sequence counts one, prompts are prefilled in chunks of what is left, first come first served;
   * default unlimited (a whole prompt in one iteration)
   */
  readonly maxBatchTokens?: number;
  readonly slo: { readonly ttft?: number; readonly tpot?: number };
  readonly warmup: number;
  /** requests arrive as one batch at time 0 (offline arrivals): report the drain (`InferenceMetrics.offline`) */
  readonly offline?: boolean;
  /** speculative decoding: a draft (or MTP/EAGLE head) guesses tokens the target verifies, E per step on average */
  readonly speculative?: SpeculativeStep;
  /**
   * with `speculative`: the decode steps of a request of n output tokens, drawn per request (`drawDecodeSteps`);
   * absent, every request takes the expected ⌈(n − 1) / E⌉
   */
  readonly drawDecodeSteps?: (outputTokens: number) => number;
  /** with `speculative`: where the steps and tokens of the window's completed requests are counted; absent, the service's own (a service on several pools shares one) */
  readonly stepTally?: StepTally;
  /** prefix caching with its offload tiers and cache-aware routing; absent = none (every prompt prefilled whole) */
  readonly prefixCache?: PrefixCacheSpec;
  /** a pipeline's deploy stage updates this service: its requests are counted per model version (one bookkeeper per service) */
  readonly versions?: ServiceVersions;
}

/** What a service sent to a managed API over the window (InferenceMetrics.api). */
export interface ApiMetrics {
  readonly offering: string;
  /** api: every request goes to the API; overflow: those the overflow rule sends */
  readonly mode: 'api' | 'overflow';
  /** requests the API admitted (submitted in the window) */
  readonly requests: number;
  /** requests refused with HTTP 429 (over a rate limit): not retried; an overflow request stays on the replicas */
  readonly rate_limited: number;
  /** prompt and output tokens of the admitted requests: what is billed */
  readonly input_tokens: number;
  readonly output_tokens: number;
  /** admitted requests that finished in the window */
  readonly completed: number;
  /** of the requests that arrived in the window and finished, those meeting every SLO target */
  readonly slo_met: number;
  /** output tokens/s the API delivered over the window (in the service's tokens_per_second) */
  readonly tokens_per_second: number;
  /** s, of the API's requests alone (the service's figures include them) */
  readonly ttft: SampleSummary;
  readonly tpot: SampleSummary;
  readonly e2e: SampleSummary;
}
