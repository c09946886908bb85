import { positive } from './checks.js';
import { trainingStateBytes } from './training-memory.js';

/**
 * Fine-tuning from a base model: full fine-tuning (every weight trained, as pre-training) or low-rank
 * adaptation (LoRA, Hu et al. 2021, arXiv:2106.09685: the base weights frozen, a pair of rank-r matrices
 * A (r × d_in) and B (d_out × r) trained beside each adapted projection), optionally over a 4-bit base
 * (QLoRA, Dettmers et al. 2023, arXiv:2305.14314).
 */

/** The linear projections of a transformer layer an adapter may sit on, by their Hugging Face PEFT names. */
export const ADAPTABLE_PROJECTIONS = ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'] as const;
export type Projection = (typeof ADAPTABLE_PROJECTIONS)[number];

export type FineTuneMethod = 'full' | 'lora' | 'qlora';

/** The shapes adapters are sized from (a model card's). */
export interface TransformerShape {
  readonly layers: number;
  readonly hiddenSize: number;
  readonly attentionHeads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  /** MLP width: needed only for adapters on gate, up or down projections */
  readonly intermediateSize?: number;
}

/** [d_in, d_out] of one projection of one layer. */
function projectionShape(shape: TransformerShape, p: Projection): readonly [number, number] {
  const h = shape.hiddenSize;
  const q = shape.attentionHeads * shape.headDim;
  const kv = shape.kvHeads * shape.headDim;
  const mlp = (): number => {
    if (shape.intermediateSize === undefined) throw new RangeError(`an adapter on ${p} needs the model's intermediate_size`);
    return shape.intermediateSize;
  };
  switch (p) {
    case 'q_proj':
      return [h, q];
    case 'k_proj':
    case 'v_proj':
      return [h, kv];
    case 'o_proj':
      return [q, h];
    case 'gate_proj':
    case 'up_proj':
      return [h, mlp()];
    case 'down_proj':
      return [mlp(), h];
  }
}

/**
 * Trainable parameters of LoRA adapters of rank `rank` on `targets` in every layer: r × (d_in + d_out) per
 * projection (A and B; biases not adapted). For Llama 3.1 8B at rank 16 on all seven projections this is the
 * 41,943,040 Hugging Face PEFT prints (`print_trainable_parameters`).
 */
export function loraAdapterParams(shape: TransformerShape, rank: number, targets: readonly Projection[]): number {
  positive('rank', rank);
  let perLayer = 0;
  for (const p of new Set(targets)) {
    const [dIn, dOut] = projectionShape(shape, p);
    perLayer += rank * (dIn + dOut);
  }
  return perLayer * positive('layers', shape.layers);
}

/** Bytes per frozen base weight of QLoRA: 4-bit NormalFloat plus double-quantised block constants, 4.127 bits (QLoRA §3, "Double Quantization"). */
export const QLORA_BASE_BYTES_PER_PARAM = 4.127 / 8;

/** What a fine-tuning job trains and holds, resolved from the scenario (the base model's card and the method). */
export interface FineTuneSpec {
  readonly method: FineTuneMethod;
  /** the base model's card id */
  readonly base: string;
  /** LoRA and QLoRA: adapter parameters (0 for full fine-tuning) */
  readonly adapterParams: number;
  /** LoRA and QLoRA: bytes per frozen base weight (the compute precision's for LoRA, 4.127 bits for QLoRA) */
  readonly baseBytesPerParam: number;
  /** LoRA and QLoRA: the rank and the projections adapted (what the adapter count came from) */
  readonly rank?: number;
  readonly targets?: readonly Projection[];
}

/**
 * FLOP per trained token: forward 2 per weight used, the backward pass's input gradients 2 per weight used,
 * and the weight gradients 2 per trained weight. Full fine-tuning (every weight trained): 6·N, Kaplan et
 * al.'s figure. LoRA: the adapters join the forward and input-gradient passes and only they get weight
 * gradients, so 4·(N + N_a) + 2·N_a — about two thirds of full fine-tuning's compute. (LoRA §4.2 measured
 * 25 % higher training throughput than full fine-tuning on GPT-3 175B, below the 1.5× the FLOPs allow: the
 * rest is in the MFU.) QLoRA computes as LoRA; dequantising the 4-bit base each pass is overhead inside the
 * MFU, not extra FLOPs — give a measured `mfu` for QLoRA runs.
 * `activeParams`: weights one token uses (a mixture-of-experts model's active parameters).
 */
export function fineTuneFlopsPerToken(activeParams: number, spec: Pick<FineTuneSpec, 'method' | 'adapterParams'>): number {
  const n = positive('activeParams', activeParams);
  if (spec.method === 'full') return 6 * n;
  const a = positive('adapterParams', spec.adapterParams);
  return 4 * (n + a) + 2 * a;
}

/** Parameters whose gradients are all-reduced between data-parallel replicas: all of them, or only the adapters. */
export function trainableParams(params: number, spec: Pick<FineTuneSpec, 'method' | 'adapterParams'>): number {
  return spec.method === 'full' ? params : spec.adapterParams;
}

/** Bytes one device holds for the model's states during fine-tuning (activations not counted), and how they were formed. */
export interface FineTuneMemory {
  readonly bytes: number;
  readonly source: string;
}

/**
 * Model states per device. Full fine-tuning: mixed-precision Adam (ZeRO §3.1), 2 + 2 bytes of weights and
 * gradients over the model-parallel group and 12 of optimizer state over it and the data-parallel ranks too
 * (distributed optimizer), as `trainingMemory`. LoRA: the frozen base at its bytes per weight over the
 * model-parallel group, plus 16 bytes (weights, gradients, Adam states) per adapter parameter.
 */
export function fineTuneMemory(params: number, spec: FineTuneSpec, modelParallel: number, dataParallel: number): FineTuneMemory {
  const n = positive('params', params);
  const { weights, gradients, optimizer } = trainingStateBytes;
  if (spec.method === 'full') {
    const bytes = (n / modelParallel) * (weights + gradients + optimizer / dataParallel);
    return {
      bytes,
      source: `full fine-tuning: ${weights}+${gradients} B/param of weights and gradients over model_parallel ${modelParallel}, ${optimizer} B/param of Adam state also over ${dataParallel} data-parallel ranks`,
    };
  }
  const adapterBytes = weights + gradients + optimizer;
  const bytes = (n * spec.baseBytesPerParam + spec.adapterParams * adapterBytes) / modelParallel;
  const base = spec.method === 'qlora' ? '4-bit NF4 base (4.127 bits/param with double quantisation)' : `frozen base at ${spec.baseBytesPerParam} B/param`;
  return { bytes, source: `${spec.method === 'qlora' ? 'QLoRA' : 'LoRA'}: ${base} and ${adapterBytes} B per adapter parameter, over model_parallel ${modelParallel}; activations not counted` };
}
