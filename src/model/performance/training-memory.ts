import { positive } from './checks.js';

/**
 * Memory one device needs to train its share of a model, for the layout search (`simulate plan`).
 *
 * Model states, mixed-precision Adam (Rajbhandari et al., "ZeRO", SC 2020, §3.1): 2 bytes of bf16/fp16
 * weights, 2 of gradients and K = 12 of optimizer states (fp32 master weights, momentum, variance) per
 * parameter, split over the tensor × pipeline group; with the distributed optimizer (ZeRO stage 1, Megatron-LM's
 * `--use-distributed-optimizer`) the 12 bytes are split over the data-parallel ranks too.
 *
 * Activations (Korthikanti et al., "Reducing Activation Recomputation in Large Transformer Models", MLSys 2023,
 * §4.2 and eq. 5): with tensor and sequence parallelism and selective recomputation, one layer keeps
 * 34·s·b·h/t bytes for a micro-batch of b sequences of s tokens; under the 1F1B pipeline schedule the first stage
 * holds p micro-batches of L/p layers, so L·34·s·b·h/t in all, whatever p is. A micro-batch of one sequence.
 */
export interface TrainingMemoryInput {
  readonly params: number;
  readonly tensorParallel: number;
  readonly pipelineParallel: number;
  readonly dataParallel: number;
  /** shard the optimizer states over the data-parallel ranks (ZeRO-1); default true */
  readonly distributedOptimizer?: boolean;
  /** layers, width and sequence length for the activations; without them activations are not counted */
  readonly shape?: { readonly layers: number; readonly hiddenSize: number; readonly sequenceLength: number };
}

export interface TrainingMemory {
  /** bytes per device of weights, gradients and optimizer states */
  readonly states: number;
  /** bytes per device of activations kept for the backward pass (undefined: not counted, no shape given) */
  readonly activations: number | undefined;
  readonly total: number;
}

/** bytes per parameter: weights, gradients (mixed precision), optimizer states (Adam: fp32 master, m, v) */
export const trainingStateBytes = { weights: 2, gradients: 2, optimizer: 12 } as const;

/** Selective recomputation with sequence parallelism: 34 bytes per token per unit of width per layer (Korthikanti et al.). */
export const activationBytesPerTokenWidthLayer = 34;

export function trainingMemory(input: TrainingMemoryInput): TrainingMemory {
  const params = positive('params', input.params);
  const mp = positive('tensorParallel', input.tensorParallel) * positive('pipelineParallel', input.pipelineParallel);
  const dp = positive('dataParallel', input.dataParallel);
  const optimizerShards = input.distributedOptimizer === false ? 1 : dp;
  const { weights, gradients, optimizer } = trainingStateBytes;
  const states = (params / mp) * (weights + gradients + optimizer / optimizerShards);
  const s = input.shape;
  const activations = s ? (s.layers * activationBytesPerTokenWidthLayer * s.sequenceLength * s.hiddenSize) / input.tensorParallel : undefined;
  return { states, activations, total: states + (activations ?? 0) };
}
