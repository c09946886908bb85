// The expert-parallel engine points of data/published/performance-points.yaml as the model runs them: shared by the
// validation test (expert-parallel-validation.test.ts) and the fit of a device's MoE factor (fit-moe-efficiency.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { iterationTime, nodeFabric, replicaModel, twoBatchOverlapTime, type ExpertDispatch, type IterationBatch } from '../../src/model/performance/index.js';
import type { ComputeDeviceProfile, Precision } from '../../src/model/types.js';
import { nodeProfile } from './profiles.js';
import { publishedPoints } from './published-points.js';

interface Card {
  params: number;
  active_params: number;
  layers: number;
  hidden_size: number;
  experts: { routed: number; active: number; moe_layers: number };
  kv_cache_bytes_per_token_bf16: number;
}
const card = parse(readFileSync(join(import.meta.dirname, '..', '..', 'models', 'deepseek-v3.yaml'), 'utf8')) as Card;

/**
 * An H800 node as DeepSeek ran it: H100 SXM silicon (compute and HBM3 as the catalog's H100, whose fitted efficiencies
 * it keeps) with NVLink cut to 400 GB/s (200 GB/s a direction; DeepSeek-V3 Technical Report §3.2.2 reaches 160 GB/s),
 * one 400 Gb/s CX7 NIC a GPU (50 GB/s; same report, and DeepEP's README). The catalog has no H800 profile: adding one
 * changes the sweep digest (the catalog fingerprint), which this work may not re-pin.
 */
function fabricOf(node: string) {
  if (node !== 'h800') return nodeFabric(nodeProfile(node));
  const h100 = nodeFabric(nodeProfile('dgx-h100'));
  return { ...h100, scaleUp: { ...h100.scaleUp, bandwidth: 200e9 } };
}

export interface EngineCase {
  readonly id: string;
  readonly node: 'dgx-h100' | 'dgx-h200' | 'dgx-b200' | 'h800';
  readonly precision: Precision;
  /** KV-cache bytes per token: the card's BF16 latent, or half of it in FP8 */
  readonly kvBytes: number;
  /** one iteration of the whole engine */
  readonly batch: IterationBatch;
  /** tokens the published metric counts per iteration */
  readonly tokens: number;
  /** the metric is per node (nodes of the engine) or for the whole system (1) */
  readonly per: number;
  readonly dispatch?: ExpertDispatch;
  /** two-batch overlap on, as published */
  readonly overlap: boolean;
}

const bf16 = card.kv_cache_bytes_per_token_bf16;
const decode = (sequences: number, context: number): IterationBatch => ({ decodeSequences: sequences, decodeContextTokens: sequences * context });
const prefill = (tokens: number): IterationBatch => ({ decodeSequences: 0, decodeContextTokens: 0, prefillTokens: tokens });
/**
 * A closed loop of `concurrency` requests of `input` prompt and `output` tokens in its steady state: every iteration
 * decodes all of them at a mean context of input + output/2 and prefills the prompts of the concurrency/output that
 * finished (trtllm-bench throughput --concurrency).
 */
const closedLoop = (concurrency: number, input: number, output: number): IterationBatch => ({
  decodeSequences: concurrency,
  decodeContextTokens: concurrency * (input + output / 2),
  prefillTokens: (concurrency * input) / output,
});

export const cases: readonly EngineCase[] = [
  // LMSYS, 96 H100: decode EP72 (256 sequences per GPU, KV 2,000), prefill EP32 (16,384 tokens per GPU of 4,096-token prompts)
  { id: 'vc-sglang-h100-72gpu-deepseek-v3-ep72-decode-in2000', node: 'dgx-h100', precision: 'fp8', kvBytes: bf16, batch: decode(18432, 2000), tokens: 18432, per: 9, overlap: true },
  {
    id: 'vc-sglang-h100-32gpu-deepseek-v3-ep32-prefill-in4096',
    node: 'dgx-h100',
    precision: 'fp8',
    kvBytes: bf16,
    batch: prefill(524288),
    tokens: 524288,
    per: 4,
    dispatch: 'per-domain',
    overlap: true,
  },
  {
    id: 'vc-sglang-h100-32gpu-deepseek-v3-ep32-prefill-in4096-uniform',
    node: 'dgx-h100',
    precision: 'fp8',
    kvBytes: bf16,
    batch: prefill(524288),
    tokens: 524288,
    per: 4,
    dispatch: 'per-domain',
    overlap: true,
  },
  // DeepSeek's profile (H800): prefill EP32 16,384 tokens per GPU of 4K prompts; decode EP128 128 requests per GPU at 4K
  {
    id: 'vc-deepseek-profile-h800-32gpu-deepseek-v3-ep32-prefill-in4096',
    node: 'h800',
    precision: 'fp8',
    kvBytes: bf16,
    batch: prefill(524288),
    tokens: 524288,
    per: 4,
    dispatch: 'per-domain',
    overlap: true,
  },
  { id: 'vc-deepseek-profile-h800-128gpu-deepseek-v3-ep128-decode-in4096', node: 'h800', precision: 'fp8', kvBytes: bf16, batch: decode(128 * 128, 4096), tokens: 128 * 128, per: 16, overlap: true },
  // DeepSeek's online service (H800): decode EP144, 128 sequences per GPU at the day's mean KV length of 4,989
  { id: 'vc-deepseek-online-h800-144gpu-deepseek-v3-ep144-decode', node: 'h800', precision: 'fp8', kvBytes: bf16, batch: decode(144 * 128, 4989), tokens: 144 * 128, per: 18, overlap: true },
  // TensorRT-LLM's DeepSeek-R1 max-throughput runs on one node: attention data-parallel, EP8 over NVLink, no overlap
  { id: 'vc-trtllm-h200-8gpu-deepseek-r1-ep8-in1024-out2048-c1024', node: 'dgx-h200', precision: 'fp8', kvBytes: bf16, batch: closedLoop(1024, 1024, 2048), tokens: 1024, per: 1, overlap: false },
  { id: 'vc-trtllm-b200-8gpu-deepseek-r1-fp4-ep8-in1024-out2048-c3072', node: 'dgx-b200', precision: 'fp4', kvBytes: bf16, batch: closedLoop(3072, 1024, 2048), tokens: 3072, per: 1, overlap: false },
  {
    id: 'vc-trtllm-b200-8gpu-deepseek-r1-fp4-fp8kv-ep8-in1024-out2048-c7168',
    node: 'dgx-b200',
    precision: 'fp4',
    kvBytes: bf16 / 2,
    batch: closedLoop(7168, 1024, 2048),
    tokens: 7168,
    per: 1,
    overlap: false,
  },
];

/** The engine's metric as the model predicts it: with the published overlap, and without it. */
export function predict(c: EngineCase, device?: ComputeDeviceProfile): { asPublished: number; sequential: number; fits: boolean } {
  const p = publishedPoints.get(c.id) as unknown as { layout: { expert_parallel: number; redundant_experts?: number; tensor_parallel: number } } | undefined;
  if (!p) throw new Error(`no published point ${c.id}`);
  const fabric = fabricOf(c.node);
  const replica = replicaModel({
    model: {
      params: card.params,
      weightPrecision: c.precision,
      kvCache: { bytesPerToken: c.kvBytes },
      hiddenSize: card.hidden_size,
      layers: card.layers,
      moe: { activeParams: card.active_params, experts: card.experts },
    },
    device: device ?? fabric.device,
    tensorParallel: p.layout.tensor_parallel,
    scaleUp: fabric.scaleUp,
    expertParallel: {
      size: p.layout.expert_parallel,
      redundantExperts: p.layout.redundant_experts ?? 0,
      moeLayers: card.experts.moe_layers,
      devicesPerDomain: fabric.devicesPerNode * fabric.domainNodes,
      scaleOut: fabric.scaleOut,
      ...(c.dispatch && { dispatch: c.dispatch }),
    },
  });
  const sequential = c.tokens / iterationTime(replica, c.batch).duration / c.per;
  const asPublished = c.overlap ? c.tokens / twoBatchOverlapTime(replica, c.batch).duration / c.per : sequential;
  return { asPublished, sequential, fits: replica.fits };
}
