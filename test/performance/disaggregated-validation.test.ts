// Disaggregated serving against published measurements (data/published/disaggregated-points.yaml), none fitted on.
// Errors are (model − published) / published; a miss is asserted as a known miss with its reason, so that a change
// that moves it shows here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordValidation } from '../support/validation-ledger.js';
import { parse } from 'yaml';
import { Simulation } from '../../src/engine/index.js';
import { nodeFabric, replicaModel } from '../../src/model/performance/index.js';
import { InferenceService } from '../../src/model/inference-service.js';
import { DisaggregatedService } from '../../src/model/serving/disaggregated-service.js';
import { FabricTransport, fabricPath } from '../../src/model/serving/kv-transport.js';
import type { InferenceWorkload } from '../../src/model/types.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { disaggregatedServer, type DisaggregatedLayout } from './disaggregated-server.js';
import { deviceProfile, nodeProfile, relativeError } from './profiles.js';

interface Point {
  readonly id: string;
  readonly value?: number;
  readonly setup: Record<string, unknown>;
  readonly metrics?: Record<string, number>;
  readonly validation?: Record<string, unknown>;
}
const points = new Map((parse(readFileSync(join(import.meta.dirname, '..', '..', 'data', 'published', 'disaggregated-points.yaml'), 'utf8')) as { points: Point[] }).points.map((p) => [p.id, p]));
/** The point's source address, as the data file gives it. */
const sourceOf = (p: Point): string => {
  const source = (p as unknown as { source?: { url?: string } | string }).source;
  return typeof source === 'string' ? source : (source?.url ?? p.id);
};
const point = (id: string): Point => {
  const p = points.get(id);
  if (!p) throw new Error(`no published point ${id}`);
  return p;
};

/**
 * The model's bandwidth for moving `bytes` between two replicas whose devices each own one of the `nics` NICs (the
 * transfer engines spread a KV cache over every NIC of the node): the time FabricTransport takes, alone on the path.
 */
function modelBandwidth(bytes: number, nics: number, nicBandwidth: number): number {
  const each = { tensorParallel: nics, scaleOut: { bandwidth: nicBandwidth, latency: 0 } };
  const sim = new Simulation();
  let landed = NaN;
  new FabricTransport(sim, fabricPath(each, each), 0).send(0, bytes, () => (landed = sim.now));
  sim.run(1e6);
  return bytes / landed;
}

describe('KV-cache transfer (Mooncake Transfer Engine, 40 GB = 128k tokens of Llama 3 70B)', () => {
  it('4 × 200 Gb/s RoCE: 100 GB/s at wire rate against 87 GB/s measured, +14.9 % (time −13.0 %): within ±15 %', () => {
    const p = point('mooncake-transfer-engine-4x200g');
    const ours = modelBandwidth(40e9, 4, 25e9) / 1e9;
    const error = relativeError(ours, p.value ?? NaN);
    recordValidation({
      area: 'Serving: disaggregated',
      check: `${p.id}: KV-cache transfer bandwidth (a bandwidth, not a serving figure)`,
      reference: p.value ?? NaN,
      source: sourceOf(p),
      basis: 'published, predicted',
      ours,
      unit: 'GB/s',
      bound: '±15 %',
      pass: Math.abs(error) <= 0.15,
    });
    expect(error).toBeCloseTo(100 / 87 - 1, 9);
    expect(Math.abs(error)).toBeLessThanOrEqual(0.15);
  });

  it('8 × 400 Gb/s RoCE: KNOWN MISS, 400 GB/s at wire rate against 190 GB/s measured (+111 %)', () => {
    // The path is charged at the NICs' wire rate; this engine reached 48 % of it on eight 400 Gb/s NICs (87 % on
    // four 200 Gb/s ones). What held it back (PCIe, memory registration, the switch) is not published, and no
    // efficiency is fitted to it: a KV transfer over fast NICs is modelled up to 2× too fast.
    const p = point('mooncake-transfer-engine-8x400g');
    const ours = modelBandwidth(40e9, 8, 50e9) / 1e9;
    const error = relativeError(ours, p.value ?? NaN);
    recordValidation({
      area: 'Serving: disaggregated',
      check: `${p.id}: KV-cache transfer bandwidth`,
      reference: p.value ?? NaN,
      source: sourceOf(p),
      basis: 'published, predicted',
      ours,
      unit: 'GB/s',
      bound: '±15 %',
      pass: Math.abs(error) <= 0.15,
      note: 'the path is charged at the NICs wire rate; the engine reached 48 % of it on eight 400 Gb/s NICs',
    });
    expect(error).toBeCloseTo(400 / 190 - 1, 9);
    expect(error).toBeGreaterThan(0.15);
  });
});

interface ClosedLoopSetup {
  model: string;
  node: string;
  accelerator: string;
  /** as published: mxfp4 (MXFP4 experts) is modelled as fp4 weights */
  precision: 'mxfp4' | 'fp8';
  concurrency: number;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  /** a disaggregated service: prefill and decode replicas */
  prefill?: { replicas: number; tensor_parallel: number };
  decode?: { replicas: number; tensor_parallel: number };
  /** a colocated service (the same harness's baseline): replicas, tensor parallel, tokens per iteration */
  colocated?: { replicas: number; tensor_parallel: number; max_batch_tokens?: number };
}

/**
 * A closed loop (vllm bench serve --max-concurrency): `concurrency` requests in flight, a new one as each ends, until
 * `requests` have been submitted; every request of the published mean prompt and output lengths. The service is
 * disaggregated (`prefill`, `decode`) or colocated (`colocated`), on the setup's node, with the card's shape: MXFP4
 * experts as fp4 weights (a Hopper GPU has no FP4 math: bf16 compute), a bf16 KV cache (SGLang's and vLLM's default).
 */
function closedLoop(p: Point): { ttft: number; tpot: number } {
  const s = p.setup as unknown as ClosedLoopSetup;
  const served = parseScenario(`
name: card
horizon: 1 h
costs: none
sites: { dc: { nodes: { type: ${s.node}, count: 1 } } }
workloads:
  - { name: s, kind: inference, model: { card: ${s.model}, precision: ${s.precision === 'mxfp4' ? 'fp4' : s.precision}, kv_cache_precision: bf16 }, arrivals: { rate: 1 /s }, tokens: { input: 10, output: 10 }, replicas: 1 }
`).workloads[0] as InferenceWorkload;
  const fabric = nodeFabric(nodeProfile(s.node));
  const modelOf = (tp: number) => replicaModel({ model: served.model, device: deviceProfile(s.accelerator), tensorParallel: tp, scaleUp: fabric.scaleUp });
  const sim = new Simulation();
  let submitted = 0;
  let submit: (input: number, output: number) => void;
  let result: () => { completed: number; ttft: { mean: number }; tpot: { mean: number } };
  const next = () => {
    if (submitted++ < s.requests) submit(s.input_tokens, s.output_tokens);
  };
  if (s.colocated) {
    const c = s.colocated;
    const spec = { replicas: c.replicas, maxBatch: 256, ...(c.max_batch_tokens !== undefined && { maxBatchTokens: c.max_batch_tokens }), slo: {}, warmup: 0 };
    const service = new InferenceService(sim, modelOf(c.tensor_parallel), spec, 0, () => sim.scheduleAt(sim.now, next, undefined, 1));
    for (let i = 0; i < c.replicas; i++) service.replicaReady(i);
    submit = (i, o) => service.submit(i, o);
    result = () => service.result(1e6);
  } else {
    const pre = s.prefill!;
    const dec = s.decode!;
    const path = fabricPath({ tensorParallel: pre.tensor_parallel, scaleOut: fabric.scaleOut }, { tensorParallel: dec.tensor_parallel, scaleOut: fabric.scaleOut });
    const service = new DisaggregatedService(
      sim,
      modelOf(pre.tensor_parallel),
      modelOf(dec.tensor_parallel),
      { prefill: { replicas: pre.replicas, maxBatch: 256 }, decode: { replicas: dec.replicas, maxBatch: 256 }, slo: {}, warmup: 0 },
      new FabricTransport(sim, path, 0),
      0,
    );
    for (let i = 0; i < pre.replicas; i++) service.prefill.replicaReady(i);
    for (let i = 0; i < dec.replicas; i++) service.decode.replicaReady(i);
    service.onCompleted = next;
    submit = (i, o) => service.submit(i, o);
    result = () => service.result(1e6);
  }
  sim.scheduleAt(0, () => Array.from({ length: s.concurrency }, next), undefined, 1);
  sim.run(1e6);
  const r = result();
  expect(r.completed).toBe(s.requests);
  return { ttft: r.ttft.mean * 1e3, tpot: r.tpot.mean * 1e3 };
}

interface Recorded {
  readonly model: number;
  readonly error: number;
  readonly status: 'pass' | 'known-miss';
  readonly reason?: string;
}

/** The model's figure against the published one, and against what the point's `validation` block recorded. */
function check(p: Point, metric: 'mean_ttft_ms' | 'mean_tpot_ms', model: number): void {
  const recorded = (p.validation as Record<string, Recorded> | undefined)?.[metric];
  if (!recorded) throw new Error(`${p.id}: no recorded ${metric}`);
  const published = p.metrics?.[metric] ?? NaN;
  const error = relativeError(model, published);
  recordValidation({
    area: 'Serving: disaggregated',
    check: `${p.id}: ${metric === 'mean_ttft_ms' ? 'mean time to first token' : 'mean time per output token'}`,
    reference: published,
    source: sourceOf(p),
    basis: 'published, predicted',
    ours: model,
    unit: 'ms',
    bound: '±15 %',
    pass: Math.abs(error) <= 0.15,
    ...(recorded.reason !== undefined && { note: recorded.reason }),
  });
  const why = `${p.id} ${metric}: model ${model.toFixed(2)} against ${published.toFixed(2)} published (${(error * 100).toFixed(1)} %)`;
  expect(Math.abs(error - recorded.error), why).toBeLessThan(0.03);
  if (recorded.status === 'pass') expect(Math.abs(error), why).toBeLessThanOrEqual(0.15);
  else expect(Math.abs(error), `${why}: no longer a miss`).toBeGreaterThan(0.15);
}

describe('gpt-oss-120b on one 8 × H200 node, SGLang 1 prefill : 3 decode servers of TP 2, 32 in flight (dstack)', () => {
  const p = point('dstack-gpt-oss-120b-h200-1p3d-c32-2048-2048');
  const model = closedLoop(p);

  it('time per output token: KNOWN MISS, just outside (−18 %)', () => {
    // The iteration model reads the weights of the experts the batch routes to at the profile's memory efficiency
    // times the MoE factor (the H100's, an assumption for the H200) and charges no fixed cost per iteration: 6.6 ms
    // for ~11 sequences of gpt-oss-120b (5.1 B active parameters) on two H200s, where SGLang took 8.07 ms (scheduling,
    // MXFP4 dequantisation on a GPU without FP4 math). Not a disaggregation figure: the decode replicas only run what
    // a colocated replica would.
    check(p, 'mean_tpot_ms', model.tpot);
  });

  it('time to first token: KNOWN MISS (+176 %): the closed loop prefills its clients in large batches', () => {
    // The 32 clients start together and every output is the published mean (725 tokens, stopped at EOS), so they
    // come back close together; the one prefill replica, given no prefill token budget, prefills them in large
    // batches whose every prompt waits for the whole batch, each batch 2.4 times longer with the MoE factor.
    check(p, 'mean_ttft_ms', model.ttft);
  });
});

describe('gpt-oss-120b on 8 × H100 (AWS p5.48xlarge), vLLM through Ray Serve, 5,000 → 250 tokens, 4 in flight (Anyscale)', () => {
  // The same harness ran the disaggregated service (1 prefill : 1 decode server of TP 4 on one node) and its colocated
  // baseline (2 servers of TP 4): both are modelled, so what the disaggregation adds can be told from what the
  // iteration model misses on either.
  const pd = point('anyscale-gpt-oss-120b-h100-1p1d-tp4-c4-5000-250');
  const colocated = point('anyscale-gpt-oss-120b-h100-colocated-2xtp4-c4-5000-250');
  const pdModel = closedLoop(pd);
  const colocatedModel = closedLoop(colocated);

  it('time per output token, disaggregated and colocated: KNOWN MISSES of −65 % and −74 %', () => {
    // The iteration model charges a few sequences of gpt-oss-120b on four H100s only the weights of the experts they
    // route to, 1.4-2 ms a step at the MoE factor, and no fixed cost per iteration; vLLM took 5.4-5.7 ms either way.
    check(pd, 'mean_tpot_ms', pdModel.tpot);
    check(colocated, 'mean_tpot_ms', colocatedModel.tpot);
  });

  it('time to first token, disaggregated and colocated: KNOWN MISSES (−56 %, −60 %); the split adds less than was measured', () => {
    check(pd, 'mean_ttft_ms', pdModel.ttft);
    check(colocated, 'mean_ttft_ms', colocatedModel.ttft);
    // What the disaggregation adds to TTFT, published 216.0 − 177.1 = 38.9 ms over 20 prompts: the model adds 23.1 ms
    // (a second prompt queues on the one prefill replica where the colocated service had two, and the KV transfer),
    // −41 %. A difference of two misses, not a validation point of its own: pinned within 3 points like the others.
    const published = (pd.metrics?.['mean_ttft_ms'] ?? NaN) - (colocated.metrics?.['mean_ttft_ms'] ?? NaN);
    const added = relativeError(pdModel.ttft - colocatedModel.ttft, published);
    expect(Math.abs(added - -0.406), `model adds ${(pdModel.ttft - colocatedModel.ttft).toFixed(1)} ms`).toBeLessThan(0.03);
  });
});

interface MlperfSetup {
  readonly node: string;
  readonly accelerator: string;
  /** a model card, or (a model with no card) its shape */
  readonly model: string;
  readonly shape?: { params: number; hidden_size: number; layers: number; kv_heads: number; head_dim: number };
  readonly precision: 'fp4';
  readonly kv_cache: 'fp8';
  readonly prefill: { replicas: number; tensor_parallel: number; max_batch: number; max_batch_tokens: number };
  readonly decode: { replicas: number; tensor_parallel: number; max_batch: number; max_batch_tokens: number };
  /** the scenario's p99 limits, s */
  readonly limits: { ttft_p99: number; tpot_p99: number };
  readonly input_tokens: number;
  readonly output_tokens: number;
}

/**
 * MLPerf Server or Interactive (the point's p99 TTFT and TPOT limits) on the point's layout, half of it simulated:
 * each run here is two identical halves (half the prefill and half the decode replicas), independent in the model,
 * the arrivals split evenly between them; × 2 for the system. `horizon` s per trial rate.
 */
function mlperfServer(p: Point, horizon: number): ReturnType<typeof disaggregatedServer> {
  const s = p.setup as unknown as MlperfSetup;
  const half = (x: MlperfSetup['prefill']) => ({ replicas: x.replicas / 2, tensorParallel: x.tensor_parallel, maxBatch: x.max_batch, maxBatchTokens: x.max_batch_tokens });
  const m = s.shape;
  const model = m
    ? `{ params: ${m.params}, precision: ${s.precision}, hidden_size: ${m.hidden_size}, kv_cache: { layers: ${m.layers}, kv_heads: ${m.kv_heads}, head_dim: ${m.head_dim}, precision: ${s.kv_cache} } }`
    : `{ card: ${s.model}, precision: ${s.precision}, kv_cache_precision: ${s.kv_cache} }`;
  const layout: DisaggregatedLayout = { node: s.node, accelerator: s.accelerator, model, prefill: half(s.prefill), decode: half(s.decode), input: s.input_tokens, output: s.output_tokens };
  const found = disaggregatedServer(layout, { ttft: s.limits.ttft_p99, tpot: s.limits.tpot_p99 }, horizon);
  return { ...found, tokensPerSecond: 2 * found.tokensPerSecond, capacity: 2 * found.capacity };
}

/** The model's tokens/s against the published figure and the point's recorded validation. */
function checkThroughput(p: Point, model: number): void {
  const recorded = p.validation as unknown as Recorded;
  const published = p.value ?? NaN;
  const error = relativeError(model, published);
  recordValidation({
    area: 'Serving: disaggregated',
    check: `${p.id}: output tokens/s at the MLPerf latency limits`,
    reference: published,
    source: sourceOf(p),
    basis: 'published, predicted',
    ours: model,
    unit: 'tokens/s',
    bound: '±15 %',
    pass: Math.abs(error) <= 0.15,
    ...(recorded.reason !== undefined && { note: recorded.reason }),
  });
  const why = `${p.id}: model ${model.toFixed(0)} against ${published} tokens/s published (${(error * 100).toFixed(1)} %)`;
  expect(Math.abs(error - recorded.error), why).toBeLessThan(0.03);
  if (recorded.status === 'pass') expect(Math.abs(error), why).toBeLessThanOrEqual(0.15);
  else expect(Math.abs(error), `${why}: no longer a miss`).toBeGreaterThan(0.15);
}

describe('MLPerf Inference v5.1 Llama 3.1 405B Interactive on a GB200 NVL72, disaggregated (dense, large batch)', () => {
  it('closed, TensorRT-LLM: 14 prefill servers of TP 4 : 2 decode servers of TP 8: KNOWN MISS, +59 %', () => {
    // 15.18 prompts of 9,400 tokens a second were prefilled on 56 GPUs (2,548 prompt tokens/s per GPU); the model
    // drains 24.6 a second at the b200-gb200 efficiency fitted on Llama 2 70B's 300-token prompts, and its decode
    // servers stay near 11 ms a token, so the prefill side sets its figure. The colocated Server run of the same rack
    // misses the same way (+34 %, mlperf-validation.test.ts): long prompts, not the split.
    const p = point('mlperf-v5.1-nvidia-gb200-nvl72-llama3.1-405b-interactive-14p-tp4-2d-tp8');
    const found = mlperfServer(p, 200);
    checkThroughput(p, found.tokensPerSecond);
    // the reason, asserted: at the rate found the decode side is far inside its limit (p99 under 20 ms a token, against
    // 80 ms allowed and 72 ms measured) and every step of the search met the limits: the rate found is the top of
    // the bracket, 1/64 under what the service drains saturated, which its prefill side sets
    expect(found.atRate?.tpot.p99).toBeLessThan(0.02);
    expect(found.tokensPerSecond / found.capacity).toBeGreaterThan(0.98);
  });

  it('open, NVIDIA Dynamo: 14 prefill workers of TP 4 : 4 decode workers of TP 4: KNOWN MISS, +58 %', () => {
    // The same prefill side, so the same figure within 1 %: the model cannot tell the decode layouts apart while the
    // prefill binds, where the real runs differed by 59 against 72 ms p99 a token at the same throughput.
    const p = point('mlperf-v5.1-nvidia-gb200-nvl72-llama3.1-405b-interactive-dynamo-14p-tp4-4d-tp4');
    checkThroughput(p, mlperfServer(p, 200).tokensPerSecond);
  });
});

describe('MLPerf Inference v6.1 Llama 2 70B Server on 16 B300 (Cisco), disaggregated: short prompts, large batch', () => {
  it('6 context : 10 generation workers of one GPU: −0.8 %, within ±15 %', () => {
    // The short-prompt regime the dense profiles are fitted in. b300-sxm-288gb's inference_compute is FITTED on a
    // colocated run of the same round and stack (NVIDIA's DGX B300 Llama 2 70B Offline), not on this point: the split,
    // the 16-GPU layout and the Server limits are predicted. The prefill side binds (the decode workers stay near 8 ms
    // a token against 200 ms allowed): the six context GPUs prefilled 110 prompts a second each, the model 109.
    const p = point('mlperf-v6.1-cisco-b300x16-llama2-70b-server-6p-10d');
    const found = mlperfServer(p, 20);
    checkThroughput(p, found.tokensPerSecond);
    // the reason, asserted: the decode side is far inside its limit and the rate found is the top of the bracket, what
    // the service drains saturated, which its prefill side sets
    expect(found.atRate?.tpot.p99).toBeLessThan(0.02);
    expect(found.tokensPerSecond / found.capacity).toBeGreaterThan(0.98);
  });
});
