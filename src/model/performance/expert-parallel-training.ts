import type { Precision } from '../types.js';
import type { Link } from './collectives.js';
import { expertAllToAll } from './expert-parallel.js';

/** Expert parallelism in training (`trainingEstimate`): the all-to-alls per step and what one device holds. */

/** Expert parallelism of a mixture-of-experts training job: its EP size and the model shape its all-to-alls move. */
export interface TrainingExpertParallel {
  readonly size: number;
  readonly routedExperts: number;
  readonly activeExperts: number;
  readonly moeLayers: number;
  readonly hiddenSize: number;
}

/**
 * s per optimizer step a training job waits on expert parallelism's all-to-alls, charged outside the MFU. Each
 * device processes tokens/devices tokens of the step (a model-parallel group splits its tokens, as Megatron's
 * sequence parallelism does); an EP group is `size` data-parallel peers, one from each of `size` replicas, so
 * it moves size × tokens/devices tokens; the forward and the backward pass each dispatch and combine at every
 * MoE layer (`expertAllToAll`: 2 × that). Peers of one EP group sharing a scale-up domain: ⌊devicesPerDomain /
 * modelParallel⌋ (at least 1). Not overlapped with compute; micro-batches add no latency terms here.
 * @throws RangeError when `size` does not divide the data-parallel replicas, or a link the group needs is missing
 */
export function trainingAllToAll(
  ep: TrainingExpertParallel,
  tokensPerStep: number,
  devices: number,
  modelParallel: number,
  devicesPerDomain: number,
  links: { readonly scaleUp: Link; readonly scaleOut: Link },
  precision: Precision,
): { readonly time: number; readonly source: string } {
  const dp = devices / modelParallel;
  if (!Number.isInteger(ep.size) || ep.size < 1 || dp % ep.size !== 0) throw new RangeError(`expert_parallel ${ep.size} must divide the ${dp} data-parallel replicas of a ${devices}-device job`);
  const peersPerDomain = Math.max(1, Math.min(ep.size, Math.floor(devicesPerDomain / modelParallel)));
  const a = expertAllToAll({
    devices: ep.size,
    devicesPerDomain: peersPerDomain,
    moeLayers: ep.moeLayers,
    hiddenSize: ep.hiddenSize,
    activeExperts: ep.activeExperts,
    computePrecision: precision,
    ...links,
  });
  const groupTokens = (ep.size * tokensPerStep) / devices;
  return { time: 2 * (a.fixed + a.perToken * groupTokens), source: `forward and backward: ${a.source}` };
}

/** Bytes of fp32 master weights and Adam's two moments per parameter (mixed-precision Adam; Rajbhandari et al. 2020, ZeRO, §3.1). */
const OPTIMIZER_BYTES = 12;

/** What one device of an expert-parallel training job holds and all-reduces (`trainingExpertShare`). */
export interface TrainingExpertShare {
  /** parameters on each device: dense / model parallel + routed experts / (model parallel × EP) */
  readonly paramsPerDevice: number;
  /** bytes of gradients each device all-reduces with its data-parallel peers */
  readonly gradientBytes: number;
  /** bytes per device of weights, gradients and optimizer state (activations not counted) */
  readonly memoryBytes: number;
  readonly source: string;
}

/**
 * One device's share of an expert-parallel training job: the dense parameters (those every token uses) split over
 * the model-parallel group, the routed experts over model parallel × EP. It holds weights and gradients of its
 * share at `weightBytes` and `gradientBytes` per parameter, and fp32 master weights and Adam moments (12 bytes)
 * sharded over the peers that hold the same parameters (Megatron's distributed optimizer, ZeRO stage 1): the dense
 * part over the dp data-parallel replicas, the experts over the dp / EP that hold the same experts. Activations and
 * workspace are not counted: the check is a floor.
 */
export function trainingExpertShare(
  ep: TrainingExpertParallel,
  params: number,
  activeParams: number,
  modelParallel: number,
  dataParallel: number,
  weightBytes: number,
  gradientBytes: number,
): TrainingExpertShare {
  const pick = ep.activeExperts / ep.routedExperts;
  const experts = pick < 1 ? (params - activeParams) / (1 - pick) : 0;
  const dense = params - experts;
  const denseShare = dense / modelParallel;
  const expertShare = experts / (modelParallel * ep.size);
  const expertPeers = dataParallel / ep.size;
  const memoryBytes = denseShare * (weightBytes + gradientBytes + OPTIMIZER_BYTES / dataParallel) + expertShare * (weightBytes + gradientBytes + OPTIMIZER_BYTES / expertPeers);
  return {
    paramsPerDevice: denseShare + expertShare,
    gradientBytes: (denseShare + expertShare) * gradientBytes,
    memoryBytes,
    source: `${(dense / 1e9).toFixed(1)} B dense parameters over model_parallel ${modelParallel}, ${(experts / 1e9).toFixed(1)} B of routed experts over model_parallel × expert_parallel ${modelParallel * ep.size}; ${weightBytes} + ${gradientBytes} bytes per parameter, 12 bytes of optimizer state sharded over ${dataParallel} (dense) and ${expertPeers} (experts) peers; activations not counted`,
  };
}
