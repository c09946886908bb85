import { distributionMean } from '../../engine/index.js';
import type { DurationFactors } from '../job-duration.js';
import { dataJob, trainingExamples } from '../job-factory.js';
import { iterationTime, maxConcurrentSequences, speculativeIterationDuration, speculativeKvTokens, type ReplicaModel, type SpeculativeStep } from '../performance/index.js';
import { fineTuneMemory, trainableParams } from '../performance/fine-tuning.js';
import type { Pool, Workload } from '../types.js';
import { describeFederated, type FederatedPerformance } from '../federated/federated-performance.js';

/** The training model's breakdown (src/model/performance/training.ts) for a job of mean size on `devices` devices; times in s. */
export interface TrainingExample {
  readonly devices: number;
  /** FLOP of the whole job */
  readonly flops: number;
  readonly steps: number;
  readonly mfu: number;
  readonly mfu_source: string;
  readonly compute_time_per_step: number;
  readonly communication_per_step: number;
  readonly exposed_communication_per_step: number;
  /** with expert parallelism only */
  readonly expert_all_to_all_per_step?: number;
  readonly step_time: number;
  readonly total_time: number;
  readonly bound: 'compute' | 'communication' | 'data';
  readonly scaling_efficiency: number;
  /** fine-tuning only: bytes of model states each device holds (fineTuneMemory; activations not counted) */
  readonly state_memory_per_device?: number;
}

/** What a fine-tuning workload trains (src/model/performance/fine-tuning.ts). */
export interface FineTuneDescription {
  readonly method: 'full' | 'lora' | 'qlora';
  readonly base: string;
  /** parameters that get gradients: all of them, or the adapters */
  readonly trainable_params: number;
  readonly rank?: number;
  readonly target_modules?: readonly string[];
  /** how the per-device state memory was formed */
  readonly memory_source: string;
}

/** How a workload's work becomes time on its pool's devices: what a report shows beside the results. */
export type WorkloadPerformance =
  | FederatedPerformance
  | {
      readonly kind: 'batch';
      readonly pool: string;
      readonly device: string;
      readonly precision: string;
      /** FLOP/s of one device at that precision */
      readonly device_peak: number;
      readonly speed_vs_reference: number;
      readonly efficiency: number;
    }
  | {
      readonly kind: 'training';
      readonly pool: string;
      readonly device: string;
      /** the training model's breakdown for a job of mean size at each device count */
      readonly examples: readonly TrainingExample[];
      readonly fine_tune?: FineTuneDescription;
    }
  | {
      readonly kind: 'data';
      readonly pool: string;
      readonly nodes: number;
      /** how the storage bandwidth was formed */
      readonly storage: string;
      /** s, a job of mean size */
      readonly mean_job_time: number;
      /** s per bound for a job of mean size */
      readonly bounds: Readonly<Record<string, number>>;
      readonly binding: string;
    }
  | {
      readonly kind: 'inference';
      readonly pool: string;
      readonly device: string;
      readonly replicas: number;
      readonly tensor_parallel: number;
      /** bytes of weights per replica */
      readonly weight_bytes: number;
      readonly compute_precision: string;
      readonly fits_in_memory: boolean;
      /** tokens of KV cache one replica holds (without a speculative draft: see `speculative`) */
      readonly kv_cache_tokens: number;
      readonly max_sequences_at_mean_context: number;
      /** s, one decode step of a single sequence at the mean context (the time-per-output-token floor) */
      readonly decode_step_batch_1: number;
      /** prompt tokens per second one replica can prefill (compute-bound) */
      readonly prefill_tokens_per_second: number;
      /** fractions of the usable compute peak and of the memory bandwidth achieved, and where they come from */
      readonly compute_efficiency: number;
      readonly memory_efficiency: number;
      /** 'fitted in profile … on <published result>', the kind default's source (or ASSUMPTION), or 'input' */
      readonly efficiency_source: string;
      /** s each iteration spends in tensor-parallel all-reduces = per_iteration + per_token × tokens processed, and how they were reached */
      readonly tensor_parallel_all_reduce: { readonly per_iteration: number; readonly per_token: number; readonly source: string };
      /** speculative decoding only: the draft's share of memory and what a step costs and yields */
      readonly speculative?: {
        readonly draft_weight_bytes: number;
        readonly draft_kv_bytes_per_token: number;
        /** tokens of KV cache one replica holds with the draft beside the target (both caches per token) */
        readonly kv_cache_tokens: number;
        /** E, tokens per sequence per step on average */
        readonly tokens_per_step: number;
        /** s, one speculative step (k draft passes, one verification) of a single sequence at the mean context */
        readonly step_batch_1: number;
        /** s per output token at batch 1 = step_batch_1 / E, against `decode_step_batch_1` without speculation */
        readonly time_per_output_token_batch_1: number;
      };
      /** present only with expert_parallel: the replica's devices, what one of them holds, and the all-to-alls (s = per_iteration + per_token × tokens) */
      readonly expert_parallel?: {
        readonly devices: number;
        readonly attention_data_parallel: number;
        readonly experts_per_device: number;
        readonly weight_bytes_per_device: number;
        readonly all_to_all: { readonly per_iteration: number; readonly per_token: number; readonly source: string };
      };
    }
  | {
      readonly kind: 'trace';
      readonly pool: string;
      readonly device: string;
      /** device the trace ran on; runtimes × speed_factor on the pool's device */
      readonly hardware: string | null;
      readonly speed_factor: number;
    };

/** What the run fixed for a workload when it set it up, which its description reuses instead of computing again. */
export interface WorkloadModelling {
  /** a batch workload's factors from work to time on its pool */
  readonly factors: DurationFactors | undefined;
  /** an inference workload's replica model */
  readonly replica: ReplicaModel | undefined;
  /** an inference workload's speculative decoding, when it speculates */
  readonly speculative?: SpeculativeStep | undefined;
  /** a trace workload's runtime on its pool ÷ on the trace's hardware */
  readonly traceSpeed: number;
}

/**
 * Describes workload `w` on its home pool `pool`: the batch factors and replica model the run uses,
 * and for training and data jobs the performance models' breakdown of a job of mean size.
 */
export function describeWorkload(w: Workload, pool: Pool, modelling: WorkloadModelling): WorkloadPerformance {
  switch (w.kind) {
    case 'batch': {
      const f = modelling.factors;
      if (!f) throw new Error(`batch workload ${w.name} has no duration factors`);
      return {
        kind: 'batch',
        pool: pool.id,
        device: pool.device.id,
        precision: w.work.precision,
        device_peak: f.devicePeak,
        speed_vs_reference: f.speedVsReference,
        efficiency: f.efficiency,
      };
    }
    case 'training': {
      const tune = w.fineTune;
      const params = distributionMean(w.params);
      const examples = trainingExamples(w, pool);
      return {
        kind: 'training',
        pool: pool.id,
        device: pool.device.id,
        ...(tune && {
          fine_tune: {
            method: tune.method,
            base: tune.base,
            trainable_params: trainableParams(params, tune),
            ...(tune.rank !== undefined && { rank: tune.rank }),
            ...(tune.targets && { target_modules: [...tune.targets] }),
            memory_source: fineTuneMemory(params, tune, examples[0]?.modelParallel ?? 1, examples[0]?.dataParallel ?? 1).source,
          },
        }),
        examples: examples.map((e): TrainingExample => ({
          devices: e.devices,
          flops: e.flops,
          steps: e.steps,
          mfu: e.perDevice.efficiency,
          mfu_source: e.perDevice.mfuSource,
          compute_time_per_step: e.computeTime,
          communication_per_step: e.communication.time,
          exposed_communication_per_step: e.exposedCommunication,
          ...(e.expertAllToAll && { expert_all_to_all_per_step: e.expertAllToAll.time }),
          step_time: e.stepTime,
          total_time: e.totalTime,
          bound: e.bound,
          scaling_efficiency: e.scalingEfficiency,
          ...(tune && { state_memory_per_device: fineTuneMemory(params, tune, e.modelParallel, e.dataParallel).bytes }),
        })),
      };
    }
    case 'inference': {
      const m = modelling.replica;
      if (!m) throw new Error(`inference workload ${w.name} has no replica model`);
      const meanContext = w.tokens ? distributionMean(w.tokens.input) + distributionMean(w.tokens.output) / 2 : 1024;
      return {
        kind: 'inference',
        pool: pool.id,
        device: pool.device.id,
        replicas: w.replicas,
        tensor_parallel: w.tensorParallel,
        weight_bytes: m.weightBytes,
        compute_precision: m.computePrecision,
        fits_in_memory: m.fits,
        kv_cache_tokens: Math.floor(m.kvCapacityBytes / m.kvBytesPerToken),
        max_sequences_at_mean_context: maxConcurrentSequences(m, meanContext),
        decode_step_batch_1: iterationTime(m, { decodeSequences: 1, decodeContextTokens: meanContext }).duration,
        prefill_tokens_per_second: m.computeRate / m.flopsPerToken,
        compute_efficiency: m.compute.efficiency,
        memory_efficiency: m.memoryEfficiency,
        efficiency_source: m.compute.efficiencySource === m.memoryEfficiencySource ? m.compute.efficiencySource : `compute: ${m.compute.efficiencySource}; memory: ${m.memoryEfficiencySource}`,
        tensor_parallel_all_reduce: { per_iteration: m.tensorParallelTraffic.fixed, per_token: m.tensorParallelTraffic.perToken, source: m.tensorParallelTraffic.source },
        ...(modelling.speculative && { speculative: speculativeFigures(m, modelling.speculative, meanContext) }),
        ...(m.expertParallel && {
          expert_parallel: {
            devices: m.expertParallel.devices,
            attention_data_parallel: m.expertParallel.attentionDataParallel,
            experts_per_device: m.expertParallel.expertsPerDevice,
            weight_bytes_per_device: m.expertParallel.weightBytesPerDevice,
            all_to_all: { per_iteration: m.expertParallel.allToAll.fixed, per_token: m.expertParallel.allToAll.perToken, source: m.expertParallel.allToAll.source },
          },
        }),
      };
    }
    case 'data': {
      const e = dataJob(w, pool, distributionMean(w.read), w.write ? distributionMean(w.write) : 0);
      return {
        kind: 'data',
        pool: pool.id,
        nodes: w.nodes,
        storage: e.source.formula,
        mean_job_time: e.time,
        bounds: e.bounds,
        binding: e.binding,
      };
    }
    case 'trace':
      return {
        kind: 'trace',
        pool: pool.id,
        device: pool.device.id,
        hardware: w.hardware?.id ?? null,
        speed_factor: modelling.traceSpeed,
      };
    case 'federated':
      return describeFederated(w, pool);
  }
}

/** What speculative decoding takes and gives on one replica, at batch 1 and the mean context. */
function speculativeFigures(m: ReplicaModel, step: SpeculativeStep, meanContext: number): NonNullable<Extract<WorkloadPerformance, { kind: 'inference' }>['speculative']> {
  const stepTime = speculativeIterationDuration(m, step, 1, meanContext, 0);
  return {
    draft_weight_bytes: step.draft.weightBytes,
    draft_kv_bytes_per_token: step.draft.kvBytesPerToken,
    kv_cache_tokens: speculativeKvTokens(m, step.draft),
    tokens_per_step: step.tokensPerStep,
    step_batch_1: stepTime,
    time_per_output_token_batch_1: stepTime / step.tokensPerStep,
  };
}
