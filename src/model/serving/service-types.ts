import type { SampleSummary } from '../../metrics/sample-summary.js';
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
  /** services with user regions: each region's requests, latencies including its round trip */
  readonly regions?: Record<string, RegionMetrics>;
  /** services on more than one pool: requests routed to each pool and its replicas started */
  readonly pools?: Record<string, ServicePoolMetrics>;
  /** services with a cold start: replica starts that paid it (started in the window) */
  readonly cold_starts?: number;
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
}
