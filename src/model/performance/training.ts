import type { ComputeDeviceProfile, NodeProfile, Precision } from '../types.js';
import { positive } from './checks.js';
import { hierarchicalAllReduce, type AllReduceEstimate, type Link } from './collectives.js';
import { atCollectiveEfficiency } from './collective-efficiency.js';
import { dataLoadingEstimate, type DataLoadingEstimate, type StepData } from './data-loading.js';
import { defaultMfu, defaultOverlap } from './defaults.js';
import { trainingAllToAll, trainingExpertShare, type TrainingExpertParallel, type TrainingExpertShare } from './expert-parallel-training.js';
import { fineTuneFlopsPerToken, trainableParams, type FineTuneSpec } from './fine-tuning.js';
import { nodeFabric } from './node-fabric.js';
import { parallelLayout } from './parallel-layout.js';
import { bytesPerElement, computeRate, type ComputeRate } from './precision.js';
import type { StorageAttachment } from './storage-bandwidth.js';

/** Global batch per optimizer step. */
export type GlobalBatch = { readonly tokens: number } | { readonly sequences: number; readonly sequenceLength: number };

export interface TrainingInput {
  /** model parameters N (all experts of a mixture-of-experts model: they set the gradient bytes) */
  readonly params: number;
  /**
   * parameters active per token, for a mixture-of-experts model: the FLOPs are 6 · active · D. Without
   * `expertParallel` any all-to-all sits inside the MFU, as tensor and pipeline traffic do. Default: params (a dense model).
   */
  readonly activeParams?: number;
  /** expert parallelism: its all-to-alls are charged per step outside the MFU (`trainingAllToAll`) */
  readonly expertParallel?: TrainingExpertParallel;
  /** training tokens D; gives the step count ⌈D / batch tokens⌉ and the FLOP count 6·N·D unless those are given */
  readonly tokens?: number;
  /** FLOP, total training compute; default 6·N·D (Kaplan et al. 2020, arXiv:2001.08361, §2.1) */
  readonly flops?: number;
  /** optimizer steps; default ⌈D / batch tokens⌉ (required when `tokens` is absent) */
  readonly steps?: number;
  readonly precision: Precision;
  readonly batch: GlobalBatch;
  /** devices the job runs on */
  readonly devices: number;
  readonly node: NodeProfile;
  /** model FLOPs utilisation in (0, 1]; default per device class (`defaultMfu`) */
  readonly mfu?: number;
  /** fraction in [0, 1] of per-step compute that communication can hide behind; default 2/3 (`defaultOverlap`) */
  readonly overlap?: number;
  /** bytes per gradient element; default by precision (bf16/fp16 2, fp32/tf32 4, fp8 1) */
  readonly gradientBytesPerParam?: number;
  /**
   * devices holding one model replica (tensor × pipeline parallel degree); each then all-reduces N/mp
   * gradients with its data-parallel peers. Default 1: pure data parallelism. Must divide `devices`.
   */
  readonly modelParallel?: number;
  /** see `computeRate`; default 1.35 */
  readonly lowPrecisionSpeedup?: number;
  /** fraction of the links' bandwidth the collectives reach; default the device profile's `efficiency.collective`, else the links as published */
  readonly collectiveEfficiency?: number;
  /** overrides of the node's links (bytes/s one direction per device, s per hop) */
  readonly fabric?: { readonly scaleUp?: Partial<Link>; readonly scaleOut?: Partial<Link> };
  /**
   * fine-tuning from a base model (fine-tuning.ts): LoRA trains only its adapters, so the FLOPs are
   * 4·(N + N_a) + 2·N_a per token and the all-reduce moves the adapters' gradients; full fine-tuning is training
   */
  readonly fineTune?: Pick<FineTuneSpec, 'method' | 'adapterParams'>;
  /** when given, data loading per step is checked against the step time */
  readonly data?: { readonly data: StepData; readonly storage: StorageAttachment };
}

export interface TrainingEstimate {
  /** FLOP, total */
  readonly flops: number;
  readonly flopsFrom: '6ND' | 'input' | 'lora';
  /** tokens per optimizer step (global batch) */
  readonly tokensPerStep: number;
  readonly steps: number;
  /** FLOP per step = flops / steps */
  readonly flopsPerStep: number;
  readonly devices: number;
  readonly devicesPerNode: number;
  readonly modelParallel: number;
  /** one replica's tensor × pipeline group fits in one scale-up domain (see `ParallelLayout`) */
  readonly modelParallelWithinDomain: boolean;
  readonly dataParallel: number;
  /** per-device compute: peak, usable peak, MFU and sustained FLOP/s */
  readonly perDevice: ComputeRate & { readonly mfuFrom: 'input' | 'fitted' | 'default'; readonly mfuSource: string };
  /** FLOP/s = devices × per-device sustained rate: total compute throughput, communication excluded */
  readonly computeRate: number;
  /** s per step = flopsPerStep / computeRate */
  readonly computeTime: number;
  /** data-parallel gradient all-reduce per step */
  readonly communication: AllReduceEstimate & {
    readonly gradientBytesPerParam: number;
    readonly scaleUp: Link;
    readonly scaleOut: Link;
    /** nodes per scale-up domain (the node profile's `scale_up.domainNodes`) */
    readonly domainNodes: number;
    readonly devicesPerDomain: number;
  };
  /** fraction of compute communication hides behind */
  readonly overlap: number;
  /** s per step = max(0, communication − overlap × compute) */
  readonly exposedCommunication: number;
  /** with expert parallelism: s per step of dispatch and combine all-to-alls, not overlapped, and how they were reached */
  readonly expertAllToAll?: { readonly time: number; readonly source: string };
  /** with expert parallelism: what one device holds (parameters, gradients, memory for weights, gradients and optimizer state) */
  readonly expertShare?: TrainingExpertShare;
  readonly dataLoading?: DataLoadingEstimate;
  /** s = computeTime + exposedCommunication, or the data-loading time when that is longer */
  readonly stepTime: number;
  /** s = steps × stepTime */
  readonly totalTime: number;
  /** what sets the step time */
  readonly bound: 'compute' | 'communication' | 'data';
  /** computeTime / stepTime ∈ (0, 1]: throughput relative to n × one device's (which has no communication) */
  readonly scalingEfficiency: number;
  /** FLOP/s over all devices = flopsPerStep / stepTime */
  readonly achievedFlopRate: number;
  /** achievedFlopRate / (devices × peak) */
  readonly achievedMfu: number;
}

export function batchTokens(batch: GlobalBatch): number {
  return 'tokens' in batch ? positive('batch.tokens', batch.tokens) : positive('batch.sequences', batch.sequences) * positive('batch.sequenceLength', batch.sequenceLength);
}

/**
 * Time to train a dense model with data parallelism (optionally over model-parallel replicas):
 *   compute per step   = FLOP per step / (n × usable peak × MFU)
 *   all-reduce per step = two-level ring over the scale-up domain then the compute fabric between
 *                         domains (`hierarchicalAllReduce`, `parallelLayout`) of N/mp × gradient
 *                         bytes per device among the n/mp data-parallel peers
 *   exposed            = max(0, all-reduce − overlap × compute)
 *   step               = max(compute + exposed, data loading per step)
 *   total              = steps × step.
 * Tensor/pipeline-parallel traffic and pipeline bubbles are not modelled separately: they are inside
 * the MFU, an end-to-end figure measured with the model-parallel group on the scale-up fabric;
 * `modelParallelWithinDomain` says whether the group fits in one domain.
 * @throws RangeError on invalid inputs or a node lacking a link the job needs
 */
export function trainingEstimate(input: TrainingInput): TrainingEstimate {
  const params = positive('params', input.params);
  const devices = input.devices;
  if (!Number.isInteger(devices) || devices < 1) throw new RangeError(`devices must be an integer ≥ 1, got ${devices}`);
  const mp = input.modelParallel ?? 1;
  if (!Number.isInteger(mp) || mp < 1 || devices % mp !== 0) throw new RangeError(`modelParallel must be an integer ≥ 1 dividing devices (${devices}), got ${mp}`);
  const tokensPerStep = batchTokens(input.batch);

  let steps: number;
  if (input.steps !== undefined) steps = positive('steps', input.steps);
  else if (input.tokens !== undefined) steps = Math.ceil(positive('tokens', input.tokens) / tokensPerStep);
  else throw new RangeError('give tokens or steps to count optimizer steps');
  let flops: number;
  let flopsFrom: TrainingEstimate['flopsFrom'];
  if (input.flops !== undefined) {
    flops = positive('flops', input.flops);
    flopsFrom = 'input';
  } else if (input.tokens !== undefined && input.fineTune && input.fineTune.method !== 'full') {
    flops = fineTuneFlopsPerToken(input.activeParams ?? params, input.fineTune) * input.tokens;
    flopsFrom = 'lora';
  } else if (input.tokens !== undefined) {
    flops = 6 * (input.activeParams === undefined ? params : positive('activeParams', input.activeParams)) * input.tokens;
    flopsFrom = '6ND';
  } else throw new RangeError('give tokens (for 6·N·D) or flops');
  const flopsPerStep = flops / steps;

  const fabric = nodeFabric(input.node);
  const mfuChoice = trainingMfu(input.mfu, fabric.device);
  // fp4 training keeps the 8-bit cap: the sub-8-bit scaling is validated on inference results only
  const rate = computeRate(fabric.device, input.precision, mfuChoice.value, input.lowPrecisionSpeedup, 'capped-like-8-bit');
  const perDevice = { ...rate, mfuFrom: mfuChoice.from, mfuSource: mfuChoice.source };
  const totalRate = devices * rate.rate;
  const computeTime = flopsPerStep / totalRate;

  const overlap = input.overlap ?? defaultOverlap.value;
  if (!(overlap >= 0 && overlap <= 1)) throw new RangeError(`overlap must be in [0, 1], got ${overlap}`);
  const gradientBytesPerParam = input.gradientBytesPerParam ?? bytesPerElement[input.precision];
  positive('gradientBytesPerParam', gradientBytesPerParam);

  const dp = devices / mp;
  const dpn = fabric.devicesPerNode;
  const layout = parallelLayout(devices, mp, dpn, fabric.domainNodes);
  const collective = input.collectiveEfficiency ?? fabric.device.efficiency?.collective;
  const scaleUp: Link = atCollectiveEfficiency(
    { bandwidth: input.fabric?.scaleUp?.bandwidth ?? fabric.scaleUp.bandwidth, latency: input.fabric?.scaleUp?.latency ?? fabric.scaleUp.latency },
    collective,
  );
  const scaleOut: Link = atCollectiveEfficiency(
    { bandwidth: input.fabric?.scaleOut?.bandwidth ?? fabric.scaleOut.bandwidth, latency: input.fabric?.scaleOut?.latency ?? fabric.scaleOut.latency },
    collective,
  );
  if (layout.peersPerDomain > 1 && !(scaleUp.bandwidth > 0))
    throw new RangeError(`node ${input.node.id} publishes no scale-up link for the all-reduce inside a scale-up domain; give fabric.scaleUp.bandwidth`);
  if (layout.domains > 1 && !(scaleOut.bandwidth > 0))
    throw new RangeError(`node ${input.node.id} has no NIC with role compute for the all-reduce between scale-up domains; give fabric.scaleOut.bandwidth`);
  // with expert parallelism a device holds and all-reduces only its share of the experts
  const expertShare = input.expertParallel && trainingExpertShare(input.expertParallel, params, input.activeParams ?? params, mp, dp, bytesPerElement[input.precision], gradientBytesPerParam);
  // LoRA all-reduces only its adapters' gradients
  const adapters = input.fineTune && input.fineTune.method !== 'full' ? trainableParams(params, input.fineTune) : undefined;
  const gradientBytes = adapters !== undefined ? (adapters / mp) * gradientBytesPerParam : expertShare ? expertShare.gradientBytes : (params / mp) * gradientBytesPerParam;
  const allReduce = hierarchicalAllReduce(gradientBytes, layout.peersPerDomain, layout.domains, scaleUp, scaleOut, layout.peersInSmallestDomain);
  const communication = { ...allReduce, gradientBytesPerParam, scaleUp, scaleOut, domainNodes: fabric.domainNodes, devicesPerDomain: layout.devicesPerDomain };

  const exposedCommunication = Math.max(0, allReduce.time - overlap * computeTime);
  const expertAllToAll = input.expertParallel && trainingAllToAll(input.expertParallel, tokensPerStep, devices, mp, layout.devicesPerDomain, { scaleUp, scaleOut }, input.precision);
  const trainStep = expertAllToAll ? computeTime + exposedCommunication + expertAllToAll.time : computeTime + exposedCommunication;
  let dataLoading: DataLoadingEstimate | undefined;
  if (input.data) dataLoading = dataLoadingEstimate({ ...input.data, node: input.node, nodes: devices / dpn, stepTime: trainStep });
  const stepTime = dataLoading ? dataLoading.effectiveStepTime : trainStep;
  const bound = dataLoading?.bound === 'data' ? 'data' : exposedCommunication > 0 || (expertAllToAll?.time ?? 0) > 0 ? 'communication' : 'compute';
  const achievedFlopRate = flopsPerStep / stepTime;

  return {
    flops,
    flopsFrom,
    tokensPerStep,
    steps,
    flopsPerStep,
    devices,
    devicesPerNode: dpn,
    modelParallel: mp,
    modelParallelWithinDomain: layout.modelParallelWithinDomain,
    dataParallel: dp,
    perDevice,
    computeRate: totalRate,
    computeTime,
    communication,
    overlap,
    exposedCommunication,
    ...(expertAllToAll && { expertAllToAll }),
    ...(expertShare && { expertShare }),
    ...(dataLoading && { dataLoading }),
    stepTime,
    totalTime: steps * stepTime,
    bound,
    scalingEfficiency: computeTime / stepTime,
    achievedFlopRate,
    achievedMfu: achievedFlopRate / (devices * rate.peak),
  };
}

/**
 * Which MFU a training job runs at: the caller's, else the device profile's fitted one (its source names the
 * published step time it was fitted on), else the default of the device kind (sourced or an ASSUMPTION).
 */
function trainingMfu(given: number | undefined, device: ComputeDeviceProfile): { readonly value: number; readonly from: 'input' | 'fitted' | 'default'; readonly source: string } {
  if (given !== undefined) return { value: given, from: 'input', source: 'input' };
  const fitted = device.efficiency?.trainingMfu;
  if (fitted !== undefined) {
    const src = device.sources['efficiency.training_mfu'] ?? device.sources['efficiency'];
    return { value: fitted, from: 'fitted', source: `fitted in profile ${device.id}${src ? ` on ${src.title}` : ''}` };
  }
  const fallback = defaultMfu[device.kind];
  return { value: fallback.value, from: 'default', source: fallback.source };
}
