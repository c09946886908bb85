import { positive } from './checks.js';
import type { Link } from './collectives.js';

/**
 * What a tensor-parallel replica spends each iteration on its all-reduces, as a line in the tokens the
 * iteration processes: time = fixed + perToken × tokens.
 *
 * Megatron-style tensor parallelism (Shoeybi et al. 2019, "Megatron-LM", arXiv:1909.08053, §3) splits
 * every attention and MLP block over the replica's devices and ends each with an all-reduce of the
 * block's output activations: 2 all-reduces per layer in the forward pass, each of tokens × hidden size
 * elements. Inference engines (TensorRT-LLM, vLLM) do these in 16-bit, and they sit on the critical path
 * between the blocks: nothing else of the same layer can run while they do. Each is a ring all-reduce
 * over the scale-up link (Patarasuk & Yuan 2009): 2(tp−1)/tp × bytes / bandwidth + 2(tp−1) × α.
 */
export interface TensorParallelTraffic {
  /** s per iteration whatever its size: 2·layers × 2(tp−1) × α (0 when the link publishes no latency) */
  readonly fixed: number;
  /** s per token processed: 2·layers × 2(tp−1)/tp × hidden × 2 bytes / bandwidth */
  readonly perToken: number;
  /** how the figures were reached (hidden size from the model or estimated, the link), or why none is charged */
  readonly source: string;
}

/** Bytes per activation element the all-reduces move: bf16/fp16, as TensorRT-LLM and vLLM reduce them. */
const ACTIVATION_BYTES = 2;

export const NO_TENSOR_PARALLEL_TRAFFIC: TensorParallelTraffic = { fixed: 0, perToken: 0, source: 'one device per replica: no tensor-parallel all-reduce' };

export interface TensorParallelInputs {
  readonly tensorParallel: number;
  readonly params: number;
  /** transformer layers; undefined when the model gives its KV cache only as bytes per token */
  readonly layers?: number;
  /** model (embedding) width; estimated from params and layers when not given */
  readonly hiddenSize?: number;
  /** the scale-up link of one device, bytes/s one direction; undefined or 0 bandwidth when none is published */
  readonly link?: Link & { readonly from?: string };
}

/**
 * The all-reduce cost of a tensor-parallel replica. When the hidden size is not given it is estimated
 * from N ≈ 12 · layers · hidden² (Kaplan et al. 2020, arXiv:2001.08361, §2.1; Llama 2 70B: √(69e9 / 960)
 * = 8,478 against its 8,192), and the source says so. Nothing is charged, and the source says why, when
 * the model gives no layer count or the node publishes no scale-up link.
 */
export function tensorParallelTraffic(input: TensorParallelInputs): TensorParallelTraffic {
  const tp = input.tensorParallel;
  if (tp <= 1) return NO_TENSOR_PARALLEL_TRAFFIC;
  if (input.layers === undefined) {
    return { fixed: 0, perToken: 0, source: 'NOT CHARGED: the model gives its KV cache as bytes per token, without a layer count (give kv_cache.layers, kv_heads and head_dim)' };
  }
  const link = input.link;
  if (!link || !(link.bandwidth > 0)) return { fixed: 0, perToken: 0, source: 'NOT CHARGED: the node publishes no scale-up link between its devices' };
  const layers = positive('kvCache.layers', input.layers);
  const hidden = input.hiddenSize === undefined ? Math.sqrt(input.params / (12 * layers)) : positive('hiddenSize', input.hiddenSize);
  const allReduces = 2 * layers;
  const perToken = (allReduces * ((2 * (tp - 1)) / tp) * hidden * ACTIVATION_BYTES) / link.bandwidth;
  const fixed = allReduces * 2 * (tp - 1) * (link.latency ?? 0);
  const hiddenText = input.hiddenSize === undefined ? `hidden size ${Math.round(hidden)} ESTIMATED as √(params / 12·layers) (give model.hidden_size)` : `hidden size ${hidden}`;
  const latencyText = link.latency > 0 ? `${(link.latency * 1e6).toFixed(2)} µs per hop` : 'no published latency (α not charged)';
  const linkText = `${(link.bandwidth / 1e9).toFixed(0)} GB/s per device one way${link.from ? ` (${link.from})` : ''}, ${latencyText}`;
  return {
    fixed,
    perToken,
    source: `2 × ${layers} ring all-reduces of tokens × ${hiddenText} × ${ACTIVATION_BYTES} bytes over tensor_parallel ${tp}, link ${linkText} (Megatron-LM, Shoeybi et al. 2019)`,
  };
}
