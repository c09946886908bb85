// Disaggregated serving against published measurements (data/published/disaggregated-points.yaml), none fitted on.
// Errors are (model − published) / published; a miss is asserted as a known miss with its reason, so that a change
// that moves it shows here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Simulation } from '../../src/engine/index.js';
import { nodeFabric, replicaModel } from '../../src/model/performance/index.js';
import { DisaggregatedService } from '../../src/model/serving/disaggregated-service.js';
import { FabricTransport, fabricPath } from '../../src/model/serving/kv-transport.js';
import type { InferenceWorkload } from '../../src/model/types.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { deviceProfile, nodeProfile, relativeError } from './profiles.js';

interface Point {
  readonly id: string;
  readonly value?: number;
  readonly setup: Record<string, unknown>;
  readonly metrics?: Record<string, number>;
}
const points = new Map((parse(readFileSync(join(import.meta.dirname, '..', '..', 'data', 'published', 'disaggregated-points.yaml'), 'utf8')) as { points: Point[] }).points.map((p) => [p.id, p]));
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
    const error = relativeError(modelBandwidth(40e9, 4, 25e9) / 1e9, p.value ?? NaN);
    expect(error).toBeCloseTo(100 / 87 - 1, 9);
    expect(Math.abs(error)).toBeLessThanOrEqual(0.15);
  });

  it('8 × 400 Gb/s RoCE: KNOWN MISS, 400 GB/s at wire rate against 190 GB/s measured (+111 %)', () => {
    // The path is charged at the NICs' wire rate; this engine reached 48 % of it on eight 400 Gb/s NICs (87 % on
    // four 200 Gb/s ones). What held it back (PCIe, memory registration, the switch) is not published, and no
    // efficiency is fitted to it: a KV transfer over fast NICs is modelled up to 2× too fast.
    const p = point('mooncake-transfer-engine-8x400g');
    const error = relativeError(modelBandwidth(40e9, 8, 50e9) / 1e9, p.value ?? NaN);
    expect(error).toBeCloseTo(400 / 190 - 1, 9);
    expect(error).toBeGreaterThan(0.15);
  });
});

/**
 * A closed loop (vllm bench serve --max-concurrency): `concurrency` requests in flight, a new one as each ends, until
 * `requests` have been submitted; every request of the published mean prompt and output lengths.
 */
function closedLoop(p: Point): { ttft: number; tpot: number } {
  const s = p.setup as {
    model: string;
    node: string;
    accelerator: string;
    concurrency: number;
    requests: number;
    input_tokens: number;
    output_tokens: number;
    prefill: { replicas: number; tensor_parallel: number };
    decode: { replicas: number; tensor_parallel: number };
  };
  // MXFP4 experts as fp4 weights (the H200 has no FP4 math: bf16 compute), SGLang's default bf16 KV cache
  const served = parseScenario(`
name: card
horizon: 1 h
costs: none
sites: { dc: { nodes: { type: ${s.node}, count: 1 } } }
workloads:
  - { name: s, kind: inference, model: { card: ${s.model}, precision: fp4, kv_cache_precision: bf16 }, arrivals: { rate: 1 /s }, tokens: { input: 10, output: 10 }, replicas: 1 }
`).workloads[0] as InferenceWorkload;
  const fabric = nodeFabric(nodeProfile(s.node));
  const modelOf = (tp: number) => replicaModel({ model: served.model, device: deviceProfile(s.accelerator), tensorParallel: tp, scaleUp: fabric.scaleUp });
  const sim = new Simulation();
  const path = fabricPath({ tensorParallel: s.prefill.tensor_parallel, scaleOut: fabric.scaleOut }, { tensorParallel: s.decode.tensor_parallel, scaleOut: fabric.scaleOut });
  const service = new DisaggregatedService(
    sim,
    modelOf(s.prefill.tensor_parallel),
    modelOf(s.decode.tensor_parallel),
    { prefill: { replicas: s.prefill.replicas, maxBatch: 256 }, decode: { replicas: s.decode.replicas, maxBatch: 256 }, slo: {}, warmup: 0 },
    new FabricTransport(sim, path, 0),
    0,
  );
  for (let i = 0; i < s.prefill.replicas; i++) service.prefill.replicaReady(i);
  for (let i = 0; i < s.decode.replicas; i++) service.decode.replicaReady(i);
  let submitted = 0;
  const next = () => {
    if (submitted++ < s.requests) service.submit(s.input_tokens, s.output_tokens);
  };
  service.onCompleted = next;
  sim.scheduleAt(0, () => Array.from({ length: s.concurrency }, next), undefined, 1);
  sim.run(1e6);
  const r = service.result(1e6);
  expect(r.completed).toBe(s.requests);
  return { ttft: r.ttft.mean * 1e3, tpot: r.tpot.mean * 1e3 };
}

describe('gpt-oss-120b on one 8 × H200 node, SGLang 1 prefill : 3 decode servers of TP 2, 32 in flight (dstack)', () => {
  const p = point('dstack-gpt-oss-120b-h200-1p3d-c32-2048-2048');
  const model = closedLoop(p);

  it('time per output token: KNOWN MISS, the model decodes about 3× as fast as SGLang did (−66 %)', () => {
    // The iteration model reads the weights of the experts the batch routes to at the profile's memory efficiency
    // and charges no fixed cost per iteration: about 2.8 ms for ~11 sequences of gpt-oss-120b (5.1 B active
    // parameters) on two H200s, where SGLang took 8.07 ms (scheduling, MoE dispatch, MXFP4 dequantisation on a GPU
    // without FP4 math). Not a disaggregation figure: the decode replicas only run what a colocated replica would.
    const error = relativeError(model.tpot, p.metrics?.['mean_tpot_ms'] ?? NaN);
    expect(error, `model ${model.tpot.toFixed(2)} ms`).toBeLessThan(-0.5);
    expect(error).toBeGreaterThan(-0.8);
  });

  it('time to first token: KNOWN MISS (+64 %), which follows from the fast decode in a closed loop', () => {
    // With decodes ~3× too fast each of the 32 clients comes back sooner, so the one prefill server gets prompts
    // about twice as often as it did and they queue: the model's TTFT (queue + prefill + KV transfer) is too long.
    // Outputs are the published mean (725 tokens, stopped at EOS) for every request.
    const error = relativeError(model.ttft, p.metrics?.['mean_ttft_ms'] ?? NaN);
    expect(error, `model ${model.ttft.toFixed(1)} ms`).toBeGreaterThan(0.15);
    expect(error).toBeLessThan(1);
  });
});
