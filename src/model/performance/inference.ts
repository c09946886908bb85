import type { ComputeDeviceProfile, Precision } from '../types.js';
import { fraction, positive } from './checks.js';
import { defaultMemoryUtilization } from './defaults.js';
import { inferenceEfficiencies } from './inference-efficiency.js';
import type { Link } from './collectives.js';
import { bytesPerElement, computeRate, type ComputeRate } from './precision.js';
import { deviceWeightReadBytes, expertParallelReplica, iterationCommunication, type ExpertParallelModel, type ExpertParallelSpec } from './expert-parallel.js';
import { routedExperts, type MoeSpec } from './mixture-of-experts.js';
import { tensorParallelTraffic, type TensorParallelTraffic } from './tensor-parallel-traffic.js';
import { atCollectiveEfficiencyOf } from './collective-efficiency.js';

/**
 * KV-cache size per token: from the architecture, 2 (K and V) × layers × KV heads × head dim × bytes
 * per element (default fp16/bf16, 2 bytes), or given directly.
 */
export type KvCacheSpec = { readonly layers: number; readonly kvHeads: number; readonly headDim: number; readonly precision?: Precision } | { readonly bytesPerToken: number };

export interface InferenceModelSpec {
  /** parameters N */
  readonly params: number;
  /** weight storage precision: bf16/fp16 2 bytes per parameter, fp8/int8 1, int4 0.5 */
  readonly weightPrecision: Precision;
  /**
   * precision of the matrix math; default the weight precision when the device has a peak for it
   * (fp8 weights use the fp8 peak), else bf16, fp16, fp32 — the first the device lists
   * (weight-only quantisation, e.g. int4 weights on a device without int4 math)
   */
  readonly computePrecision?: Precision;
  readonly kvCache: KvCacheSpec;
  /** model width (d_model), for the tensor-parallel all-reduces; estimated from params and layers when absent */
  readonly hiddenSize?: number;
  /** transformer layers, for the tensor-parallel all-reduces when the KV cache is given as bytes per token (a card's latent attention) */
  readonly layers?: number;
  /**
   * a mixture-of-experts model: `activeParams` of `params` work on each token (2·active FLOP), and each MoE
   * layer routes a token to `experts.active` of its `experts.routed` experts (shared experts count as dense)
   */
  readonly moe?: MoeSpec;
}

export interface ReplicaSpec {
  readonly model: InferenceModelSpec;
  readonly device: ComputeDeviceProfile;
  /** devices per replica (tensor-parallel degree); default 1 */
  readonly tensorParallel?: number;
  /** fraction of the usable compute peak achieved; default per device class (`defaultComputeEfficiency`) */
  readonly computeEfficiency?: number;
  /** fraction of memory bandwidth achieved (MBU); default per device class (`defaultMemoryEfficiency`) */
  readonly memoryEfficiency?: number;
  /** bytes per replica kept free for activations and workspace; default (1 − 0.9) × memory (vLLM's default) */
  readonly activationReserve?: number;
  /** s added to every iteration (scheduling, kernel launches, tensor-parallel synchronisation); default 0 */
  readonly iterationOverhead?: number;
  /** see `computeRate`; default 1.35 */
  readonly lowPrecisionSpeedup?: number;
  /** the scale-up link between the replica's devices (`nodeFabric(node).scaleUp`); without it tensor-parallel traffic is not charged, and says so */
  readonly scaleUp?: Link & { readonly from?: string };
  /** expert parallelism (`expert-parallel.ts`): the replica spans `size` devices, tensorParallel is its attention group */
  readonly expertParallel?: ExpertParallelSpec;
  /** fraction of the links' bandwidth the collectives reach; default the profile's `efficiency.collective`, else the links as published */
  readonly collectiveEfficiency?: number;
}

/** Everything an iteration needs about one replica, computed once (`replicaModel`). */
export interface ReplicaModel {
  readonly deviceId: string;
  readonly tensorParallel: number;
  readonly params: number;
  /** FLOP per token through the model = 2·N (Kaplan et al. 2020; attention FLOPs over the context are not counted) */
  readonly flopsPerToken: number;
  readonly weightPrecision: Precision;
  readonly computePrecision: Precision;
  /** bytes = N × bytes per parameter (every expert of a mixture-of-experts model: they all sit in memory) */
  readonly weightBytes: number;
  /**
   * mixture of experts: bytes of the routed experts, and the chance one token picks a given expert (active ÷
   * routed); 0 and 0 for a dense model. An iteration of T tokens reads each expert with probability
   * 1 − (1 − p)^T, so a small batch reads a fraction of the experts and a large one all of them.
   */
  readonly routedExpertBytes: number;
  readonly expertPick: number;
  /** bytes of KV cache per token of context, whole replica */
  readonly kvBytesPerToken: number;
  /** ways the KV cache is split over the replica's devices: min(tp, KV heads), or tp when only bytes/token is given */
  readonly kvShards: number;
  /** per-device compute at `computePrecision` */
  readonly compute: ComputeRate & { readonly efficiencySource: string };
  /** FLOP/s of the replica = tp × sustained per-device rate */
  readonly computeRate: number;
  /** bytes/s per device, peak */
  readonly memoryBandwidth: number;
  readonly memoryEfficiency: number;
  readonly memoryEfficiencySource: string;
  /** bytes per device; Infinity when the profile publishes no capacity */
  readonly memoryCapacity: number;
  /** bytes per replica kept free */
  readonly activationReserve: number;
  /** bytes of KV cache the replica can hold = Σ devices (capacity − weights/tp − reserve/tp), ≥ 0 */
  readonly kvCapacityBytes: number;
  /** whether weights and reserve fit in the replica's memory */
  readonly fits: boolean;
  /** s per iteration */
  readonly iterationOverhead: number;
  /** the all-reduces of tensor parallelism: s per iteration = fixed + perToken × tokens */
  readonly tensorParallelTraffic: TensorParallelTraffic;
  /** present with expert parallelism: devices, experts and weights per device, the all-to-alls */
  readonly expertParallel?: ExpertParallelModel;
}

export function kvBytesPerToken(kv: KvCacheSpec): number {
  if ('bytesPerToken' in kv) return positive('kvCache.bytesPerToken', kv.bytesPerToken);
  return 2 * positive('kvCache.layers', kv.layers) * positive('kvCache.kvHeads', kv.kvHeads) * positive('kvCache.headDim', kv.headDim) * bytesPerElement[kv.precision ?? 'fp16'];
}

function resolveComputePrecision(model: InferenceModelSpec, device: ComputeDeviceProfile): Precision {
  if (model.computePrecision) return model.computePrecision;
  for (const p of [model.weightPrecision, 'bf16', 'fp16', 'fp32'] as const) if (device.peak[p] !== undefined) return p;
  throw new RangeError(`device ${device.id} has no ${model.weightPrecision}, bf16, fp16 or fp32 peak`);
}

/** @throws RangeError on invalid inputs or a device without a memory bandwidth */
export function replicaModel(given: ReplicaSpec): ReplicaModel {
  const spec = atCollectiveEfficiencyOf(given);
  const { model, device } = spec;
  const tp = spec.tensorParallel ?? 1;
  if (!Number.isInteger(tp) || tp < 1) throw new RangeError(`tensorParallel must be an integer ≥ 1, got ${tp}`);
  const params = positive('params', model.params);
  if (!device.memory) throw new RangeError(`device ${device.id} publishes no memory bandwidth`);
  const computePrecision = resolveComputePrecision(model, device);
  const { compute: ceChoice, memory: meChoice } = inferenceEfficiencies(device, { compute: spec.computeEfficiency, memory: spec.memoryEfficiency }, model.moe !== undefined);
  const compute = { ...computeRate(device, computePrecision, ceChoice.value, spec.lowPrecisionSpeedup), efficiencySource: ceChoice.source };
  const memoryEfficiency = fraction('memoryEfficiency', meChoice.value);
  const weightBytes = params * bytesPerElement[model.weightPrecision];
  const moe = model.moe;
  const { routedExpertBytes, expertPick } = routedExperts(moe, params, bytesPerElement[model.weightPrecision]);
  const kvPerToken = kvBytesPerToken(model.kvCache);
  const kvShards = 'kvHeads' in model.kvCache ? Math.min(tp, model.kvCache.kvHeads) : tp;
  const memoryCapacity = device.memory.capacity ?? Infinity;
  const activationReserve = spec.activationReserve ?? (Number.isFinite(memoryCapacity) ? (1 - defaultMemoryUtilization.value) * tp * memoryCapacity : 0);
  if (!(activationReserve >= 0)) throw new RangeError(`activationReserve must be ≥ 0 bytes, got ${activationReserve}`);
  const perDeviceFree = memoryCapacity - (weightBytes + activationReserve) / tp;
  const iterationOverhead = spec.iterationOverhead ?? 0;
  if (!(iterationOverhead >= 0)) throw new RangeError(`iterationOverhead must be ≥ 0 s, got ${iterationOverhead}`);
  const replica: ReplicaModel = {
    deviceId: device.id,
    tensorParallel: tp,
    params,
    flopsPerToken: 2 * (moe ? moe.activeParams : params),
    weightPrecision: model.weightPrecision,
    computePrecision,
    weightBytes,
    routedExpertBytes,
    expertPick,
    kvBytesPerToken: kvPerToken,
    kvShards,
    compute,
    computeRate: tp * compute.rate,
    memoryBandwidth: device.memory.bandwidth,
    memoryEfficiency,
    memoryEfficiencySource: meChoice.source,
    memoryCapacity,
    activationReserve,
    // the KV budget is set by the fullest device: each holds 1/kvShards of every token's KV
    kvCapacityBytes: Math.max(0, perDeviceFree) * kvShards,
    fits: perDeviceFree >= 0,
    iterationOverhead,
    tensorParallelTraffic: tensorParallelTraffic({
      tensorParallel: tp,
      params,
      ...('layers' in model.kvCache ? { layers: model.kvCache.layers } : model.layers !== undefined && { layers: model.layers }),
      ...(model.hiddenSize !== undefined && { hiddenSize: model.hiddenSize }),
      ...(spec.scaleUp && { link: spec.scaleUp }),
    }),
  };
  return spec.expertParallel ? expertParallelReplica(replica, spec, kvShards) : replica;
}

/**
 * Largest number of sequences of `averageContext` tokens whose KV cache fits in the replica
 * (continuous batching, vLLM-style paged KV cache without fragmentation):
 *   ⌊(tp × capacity − weights − activation reserve) / (KV bytes per token × average context)⌋
 * (per device when the KV cache is split over fewer devices than tp). 0 when the weights do not fit.
 */
export function maxConcurrentSequences(replica: ReplicaModel, averageContext: number): number {
  positive('averageContext', averageContext);
  if (!replica.fits) return 0;
  return Math.floor(replica.kvCapacityBytes / (replica.kvBytesPerToken * averageContext));
}

/** The work of one engine iteration (Orca/vLLM iteration-level scheduling), as sums the simulator keeps. */
export interface IterationBatch {
  /** sequences producing one decode token this iteration */
  readonly decodeSequences: number;
  /** Σ context length (tokens already cached) over those sequences */
  readonly decodeContextTokens: number;
  /** prompt tokens prefilled this iteration (whole prompts or chunks); default 0 */
  readonly prefillTokens?: number;
  /** Σ tokens already cached before the prefilled chunks (chunked prefill of long prompts); default 0 */
  readonly prefillContextTokens?: number;
}

/**
 * Builds an `IterationBatch` from per-sequence lists: the context length (tokens cached) of every
 * decoding sequence, and the prefill chunks scheduled this iteration with the tokens already cached
 * before each. O(sequences); a simulator that keeps running sums can build the batch directly.
 */
export function iterationBatch(decodeContexts: readonly number[], prefills: readonly { readonly tokens: number; readonly context?: number }[] = []): IterationBatch {
  let decodeContextTokens = 0;
  for (const c of decodeContexts) decodeContextTokens += c;
  let prefillTokens = 0;
  let prefillContextTokens = 0;
  for (const p of prefills) {
    prefillTokens += p.tokens;
    prefillContextTokens += p.context ?? 0;
  }
  return { decodeSequences: decodeContexts.length, decodeContextTokens, prefillTokens, prefillContextTokens };
}

export interface IterationEstimate {
  /** FLOP = 2·N × (decode sequences + prefill tokens) */
  readonly flops: number;
  /** s = flops / (tp × usable peak × compute efficiency) */
  readonly computeTime: number;
  /** bytes read once per iteration for the weights (whole replica) */
  readonly weightBytes: number;
  /** bytes of KV cache read: (decode contexts + prefill contexts) × KV bytes per token */
  readonly kvReadBytes: number;
  /** bytes of KV cache written: new tokens × KV bytes per token */
  readonly kvWriteBytes: number;
  /** s = max over devices of bytes moved (weights and KV cache) / (bandwidth × memory efficiency) */
  readonly memoryTime: number;
  /** s, the KV-cache part of `memoryTime`: attention reads and writes, after the matrix work */
  readonly attentionTime: number;
  /** s, the tensor-parallel all-reduces between the blocks (`TensorParallelTraffic`) */
  readonly communicationTime: number;
  /** s */
  readonly overhead: number;
  /** s = max(computeTime, memoryTime − attentionTime) + attentionTime + communicationTime + overhead (roofline per operator); 0 for an empty batch */
  readonly duration: number;
  readonly bound: 'compute' | 'memory' | 'idle';
  /** tokens emitted: one per decoding sequence (a prefill that completes its prompt emits its first token too, counted by the caller) */
  readonly decodeTokens: number;
}

/**
 * Duration of one iteration of a continuous-batching replica: one decode token for every active
 * sequence plus optional prefill chunks (Orca, Yu et al. OSDI 2022; vLLM, Kwon et al. SOSP 2023;
 * chunked prefill as in Sarathi, Agrawal et al. 2023). Roofline per operator, summed over the
 * operators that run one after the other (as in Yuan et al. 2024, "LLM Inference Unveiled: Survey
 * and Roofline Model Insights", arXiv:2402.16363): the matrix multiplications take the longer of
 * 2·N FLOP per processed token and one read of the weights; attention then reads every decoding
 * sequence's KV cache (and writes the new tokens'), memory-bound, and cannot hide behind the matrix
 * work. The KV term is what makes a large decode batch cost more per token on a device with less
 * bandwidth. A tensor-parallel replica then waits on its all-reduces between the blocks
 * (`tensorParallelTraffic`). Pure: the same batch always gives the same duration.
 */
export function iterationTime(replica: ReplicaModel, batch: IterationBatch): IterationEstimate {
  const decode = batch.decodeSequences;
  const prefill = batch.prefillTokens ?? 0;
  const contexts = batch.decodeContextTokens + (batch.prefillContextTokens ?? 0);
  // checked one by one: this runs once per batch iteration, and a list of pairs would be built each time
  checkCount('decodeSequences', decode);
  checkCount('decodeContextTokens', batch.decodeContextTokens);
  checkCount('prefillTokens', prefill);
  checkCount('prefillContextTokens', batch.prefillContextTokens ?? 0);
  const tokens = decode + prefill;
  if (tokens === 0) {
    return {
      flops: 0,
      computeTime: 0,
      weightBytes: 0,
      kvReadBytes: 0,
      kvWriteBytes: 0,
      memoryTime: 0,
      attentionTime: 0,
      communicationTime: 0,
      overhead: 0,
      duration: 0,
      bound: 'idle',
      decodeTokens: 0,
    };
  }
  const flops = replica.flopsPerToken * tokens;
  const computeTime = flops / replica.computeRate;
  const kvReadBytes = contexts * replica.kvBytesPerToken;
  const kvWriteBytes = tokens * replica.kvBytesPerToken;
  const bandwidth = replica.memoryBandwidth * replica.memoryEfficiency;
  const weightTime = deviceWeightReadBytes(replica, tokens) / bandwidth;
  const attentionTime = (kvReadBytes + kvWriteBytes) / replica.kvShards / bandwidth;
  const overhead = replica.iterationOverhead;
  const communicationTime = iterationCommunication(replica, tokens);
  return {
    flops,
    computeTime,
    weightBytes: replica.weightBytes,
    kvReadBytes,
    kvWriteBytes,
    memoryTime: weightTime + attentionTime,
    attentionTime,
    communicationTime,
    overhead,
    duration: Math.max(computeTime, weightTime) + attentionTime + communicationTime + overhead,
    bound: computeTime >= weightTime ? 'compute' : 'memory',
    decodeTokens: decode,
  };
}

function checkCount(name: string, v: number): void {
  if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number ≥ 0, got ${v}`);
}

/** The physical floor of one decode step: weight and KV bytes / peak bandwidth, no efficiency, no overhead. */
export function decodeStepLowerBound(replica: ReplicaModel, batch: number, averageContext: number): number {
  const kv = batch * (averageContext + 1) * replica.kvBytesPerToken;
  return (deviceWeightReadBytes(replica, batch) + kv / replica.kvShards) / replica.memoryBandwidth;
}

export interface InferenceInput extends ReplicaSpec {
  /** prompt tokens per request */
  readonly inputTokens: number;
  /** generated tokens per request */
  readonly outputTokens: number;
  /** concurrent sequences decoding together; default 1 */
  readonly batch?: number;
}

export interface InferenceEstimate {
  readonly replica: ReplicaModel;
  /** one request's prompt processed alone: time to first token without queueing */
  readonly prefill: IterationEstimate;
  /** tokens: input + output/2, the mean context over a request's decode steps */
  readonly averageContext: number;
  readonly maxConcurrentSequences: number;
  readonly batch: number;
  /** whether `batch` sequences of `averageContext` fit in the KV budget */
  readonly batchFits: boolean;
  /** one decode step at `batch` and `averageContext` */
  readonly decode: IterationEstimate;
  /** s per output token per sequence at `batch` (time per output token) */
  readonly timePerOutputToken: number;
  /** output tokens/s of the replica = batch / timePerOutputToken */
  readonly tokensPerSecond: number;
  /** s = prefill + (outputTokens − 1) × timePerOutputToken (static batch, no queueing) */
  readonly requestLatency: number;
  /** s, the bytes/bandwidth floor of one decode step at `batch` */
  readonly decodeLowerBound: number;
}

/**
 * Closed-form serving estimate for one replica: prefill = max(2·N·input / (tp × usable peak × eff),
 * weights / (tp × bandwidth × MBU)) + its KV writes; decode per token = max(weights/tp / (bandwidth × MBU),
 * 2·N·batch / (tp × usable peak × eff)) + KV of the batch / (kvShards × bandwidth × MBU); the
 * continuous-batching limit from memory.
 */
export function inferenceEstimate(input: InferenceInput): InferenceEstimate {
  const replica = replicaModel(input);
  const inputTokens = positive('inputTokens', input.inputTokens);
  const outputTokens = positive('outputTokens', input.outputTokens);
  const batch = input.batch ?? 1;
  if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`batch must be an integer ≥ 1, got ${batch}`);
  const averageContext = inputTokens + outputTokens / 2;
  const prefill = iterationTime(replica, { decodeSequences: 0, decodeContextTokens: 0, prefillTokens: inputTokens });
  const decode = iterationTime(replica, { decodeSequences: batch, decodeContextTokens: batch * averageContext });
  const maxSeqs = maxConcurrentSequences(replica, averageContext);
  return {
    replica,
    prefill,
    averageContext,
    maxConcurrentSequences: maxSeqs,
    batch,
    batchFits: batch <= maxSeqs,
    decode,
    timePerOutputToken: decode.duration,
    tokensPerSecond: batch / decode.duration,
    requestLatency: prefill.duration + (outputTokens - 1) * decode.duration,
    decodeLowerBound: decodeStepLowerBound(replica, batch, averageContext),
  };
}
