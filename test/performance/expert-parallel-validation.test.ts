// Expert-parallel serving against a published measurement it was not fitted on (data/published/performance-points.yaml,
// vc-sglang-h100-72gpu-deepseek-v3-ep72-decode-in2000): SGLang's decode of DeepSeek-V3 over 72 H100 (9 nodes, EP72,
// attention data-parallel, 256 sequences per GPU at a KV length of 2,000). Nothing is fitted here: the H100's factors
// are those fitted on MLPerf Llama 2 70B (hardware-profiles/h100-sxm-80gb.yaml), the shape is the bundled card's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { iterationTime, nodeFabric, replicaModel } from '../../src/model/performance/index.js';
import { nodeProfile, relativeError } from './profiles.js';
import { publishedPoints } from './published-points.js';

const TOLERANCE = 0.15;
const ID = 'vc-sglang-h100-72gpu-deepseek-v3-ep72-decode-in2000';
const PREFILL_ID = 'vc-sglang-h100-32gpu-deepseek-v3-ep32-prefill-in4096';

interface Card {
  params: number;
  active_params: number;
  layers: number;
  hidden_size: number;
  experts: { routed: number; active: number; moe_layers: number };
  kv_cache_bytes_per_token_bf16: number;
}
const card = parse(readFileSync(join(import.meta.dirname, '..', '..', 'models', 'deepseek-v3.yaml'), 'utf8')) as Card;

interface EpLayout {
  expert_parallel: number;
  redundant_experts?: number;
  tensor_parallel: number;
  max_batch: number;
  max_batch_tokens?: number;
}

/** The published engine as a replica: the card's shape, the catalog's DGX H100 and its fitted H100 factors. */
function engine(id: string): { replica: ReturnType<typeof replicaModel>; layout: EpLayout; nodes: number } {
  const p = publishedPoints.get(id);
  const l = p?.layout as EpLayout | undefined;
  if (!p || !l) throw new Error(`no published point ${id}`);
  const fabric = nodeFabric(nodeProfile('dgx-h100'));
  const replica = replicaModel({
    // FP8 weights (DeepSeek's own checkpoint), BF16 KV cache (SGLang kv_cache_dtype auto)
    model: {
      params: card.params,
      weightPrecision: 'fp8',
      kvCache: { bytesPerToken: card.kv_cache_bytes_per_token_bf16 },
      hiddenSize: card.hidden_size,
      layers: card.layers,
      moe: { activeParams: card.active_params, experts: card.experts },
    },
    device: fabric.device,
    tensorParallel: l.tensor_parallel,
    scaleUp: fabric.scaleUp,
    expertParallel: {
      size: l.expert_parallel,
      redundantExperts: l.redundant_experts ?? 0,
      moeLayers: card.experts.moe_layers,
      devicesPerDomain: fabric.devicesPerNode * fabric.domainNodes,
      scaleOut: fabric.scaleOut,
    },
  });
  expect(replica.fits).toBe(true);
  return { replica, layout: l, nodes: p.accelerator_count / fabric.devicesPerNode };
}

/** Output tokens/s per node the model predicts for one decode step of the published engine. */
function predicted(): { perNode: number; allToAllShare: number } {
  const { replica, layout: l, nodes } = engine(ID);
  // the published KV cache length: 2,000 tokens of context for each of the 18,432 sequences
  const step = iterationTime(replica, { decodeSequences: l.max_batch, decodeContextTokens: l.max_batch * 2000 });
  const allToAll = replica.expertParallel!.allToAll;
  return { perNode: l.max_batch / step.duration / nodes, allToAllShare: (allToAll.fixed + allToAll.perToken * l.max_batch) / step.duration };
}

/** Prompt tokens/s per node the model predicts for one forward pass of the published prefill engine (whole prompts). */
function predictedPrefill(): { perNode: number; allToAllShare: number } {
  const { replica, layout: l, nodes } = engine(PREFILL_ID);
  const tokens = l.max_batch_tokens!;
  const step = iterationTime(replica, { decodeSequences: 0, decodeContextTokens: 0, prefillTokens: tokens });
  const allToAll = replica.expertParallel!.allToAll;
  return { perNode: tokens / step.duration / nodes, allToAllShare: (allToAll.fixed + allToAll.perToken * tokens) / step.duration };
}

describe('expert-parallel serving against a published measurement (not fitted)', () => {
  it('SGLang DeepSeek-V3 decode on 72 H100 (EP72): a known miss of +16 %, within 3 points', () => {
    const published = publishedPoints.get(ID)!.value;
    const { perNode, allToAllShare } = predicted();
    const error = relativeError(perNode, published);
    // Measured when this was written: 25,889 tokens/s per node predicted against 22,282 published (+16.2 %), the
    // all-to-all 57 % of the step. Over-predicted because the model routes tokens uniformly: the blog shows the
    // busiest GPU sets the pace (EPLB's "balancedness" below 1, its figure gives no number to use) and the MoE
    // kernels 25 % slower than DeepSeek's; against that, SGLang's two-batch overlap (+25.5 % at this batch) hides part
    // of the all-to-all, which the model charges in full. If the model improves, this fails and the miss is removed.
    expect(Math.abs(error - 0.162), `predicted ${perNode.toFixed(0)} tokens/s per node against ${published}`).toBeLessThan(0.03);
    expect(Math.abs(error), 'no longer a miss: assert it within the tolerance instead').toBeGreaterThan(TOLERANCE);
    expect(allToAllShare).toBeGreaterThan(0.4);
  });

  it('SGLang DeepSeek-V3 prefill on 32 H100 (EP32, 4,096-token prompts): a known miss of −28 %, within 3 points', () => {
    const published = publishedPoints.get(PREFILL_ID)!.value;
    const { perNode, allToAllShare } = predictedPrefill();
    const error = relativeError(perNode, published);
    // Measured when this was written: 36,140 tokens/s per node predicted against 50,302 published (−28.2 %), the
    // all-to-all 68 % of the step. Under-predicted because the model sends all k = 8 copies of a token over the NIC and
    // charges them in full: DeepEP's normal (prefill) kernels send a token once per remote node and forward it over
    // NVLink, and two-batch overlap hides part of it (+27-35 % in the blog's ablation). Attention FLOPs over the prompt,
    // not counted, would lower the prediction further. If the model improves, this fails and the miss is removed.
    expect(Math.abs(error - -0.282), `predicted ${perNode.toFixed(0)} tokens/s per node against ${published}`).toBeLessThan(0.03);
    expect(Math.abs(error), 'no longer a miss: assert it within the tolerance instead').toBeGreaterThan(TOLERANCE);
    expect(allToAllShare).toBeGreaterThan(0.5);
  });
});
