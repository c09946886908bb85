// Disaggregated serving from the scenario file to the result: how the phases resolve, what the result carries, KV
// caches over an inter-site link (shared with staging, counted as bytes moved), and a sweep over the P:D split.
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';
import { resolvePath, setAt } from '../../src/sweep/parameter-path.js';
import type { InferenceWorkload } from '../../src/model/types.js';

const service = (phases: string, extra = '') => `
name: pd
seed: 4
horizon: 10 min
warmup: 1 min
replications: 1
costs: none
sites:
  dc: { nodes: { type: dgx-h100, count: 2 } }
workloads:
  - name: chat
    kind: inference
    model: { card: llama-3.1-70b, precision: fp8, kv_cache_precision: fp8 }
    arrivals: { rate: 2 /s }
    tokens: { input: { kind: lognormal, mean: 1500, sd: 500 }, output: { kind: lognormal, mean: 150, sd: 100 } }
    tensor_parallel: 4
    max_batch: 128${extra}
    disaggregated:
${phases}
`;

const defaultPhases = `      prefill: { replicas: 1, max_batch_tokens: 4096 }
      decode: { replicas: 2, tensor_parallel: 2, max_batch: 64 }`;

describe('a disaggregated service in the scenario', () => {
  it('resolves each phase on the workload pool, with the workload’s batch limits unless the phase sets its own', () => {
    const w = parseScenario(service(defaultPhases)).workloads[0] as InferenceWorkload;
    expect(w.disaggregated).toEqual({
      prefill: { pool: 'dc/main', replicas: 1, tensorParallel: 4, maxBatch: 128, maxBatchTokens: 4096 },
      decode: { pool: 'dc/main', replicas: 2, tensorParallel: 2, maxBatch: 64 },
    });
    // what describes one replica of the service (replicas, tensor_parallel) is the decode phase
    expect(w.replicas).toBe(2);
    expect(w.tensorParallel).toBe(2);
  });

  it('runs to a result with per-phase figures; a colocated service has none', () => {
    const yaml = `${service(defaultPhases)}
  - name: plain
    kind: inference
    model: { card: llama-3.1-70b, precision: fp8, kv_cache_precision: fp8 }
    arrivals: { rate: 1 /s }
    tokens: { input: 1000, output: 100 }
    replicas: 1
    tensor_parallel: 4
`;
    const r = simulate(parseScenario(yaml)).replications[0];
    const chat = r?.inference['chat'];
    expect(chat?.completed).toBeGreaterThan(900);
    const d = chat?.disaggregated;
    expect(d?.prefill.replicas).toBe(1);
    expect(d?.decode.replicas).toBe(2);
    // every measured transfer moved 163,840 bytes per prompt token over min(4, 2) × 50 GB/s = 100 GB/s
    expect(d?.transfer.time.count).toBeGreaterThan(900);
    expect(d?.transfer.bytes).toBeGreaterThan(d!.transfer.time.count * 163_840 * 500);
    expect(d!.transfer.time.p10).toBeGreaterThanOrEqual((163_840 * 100) / 100e9);
    // the first token counts when its KV cache has landed
    expect(chat!.ttft.mean).toBeGreaterThan(d!.transfer.time.mean);
    expect(r?.inference['plain']).not.toHaveProperty('disaggregated');
    expect(JSON.parse(JSON.stringify(chat))).toEqual(chat);
  });

  it('sends KV caches between sites over their link, shared and counted with the bytes moved between sites', () => {
    const yaml = `
name: pd-sites
seed: 4
horizon: 10 min
warmup: 1 min
replications: 1
costs: none
sites:
  east: { nodes: { type: dgx-h100, count: 1 } }
  west: { nodes: { type: dgx-h100, count: 1 } }
links:
  - { between: [east, west], bandwidth: 100 Gbit/s, latency: 20 ms }
workloads:
  - name: chat
    kind: inference
    site: east
    model: { card: llama-3.1-70b, precision: fp8, kv_cache_precision: fp8 }
    arrivals: { rate: 1 /s }
    tokens: { input: 1000, output: 100 }
    tensor_parallel: 4
    disaggregated:
      prefill: { replicas: 1 }
      decode: { site: west, replicas: 2 }
`;
    const r = simulate(parseScenario(yaml)).replications[0]!;
    const d = r.inference['chat']!.disaggregated!;
    // 1,000 tokens × 163,840 bytes at 12.5 GB/s + 20 ms, longer when two transfers share the link
    expect(d.transfer.time.p10).toBeGreaterThanOrEqual((1000 * 163_840) / 12.5e9 + 0.02 - 1e-9);
    expect(r.usage.transfers['east->west']).toBe(d.transfer.bytes);
    expect(r.links['east|west']!.busy_fraction).toBeGreaterThan(0);
  });

  it('lets a sweep set a phase’s replicas by path (the P:D split)', () => {
    const base = parse(service(defaultPhases)) as Record<string, unknown>;
    for (const [prefill, decode] of [
      [2, 1],
      [1, 2],
    ] as const) {
      const doc = structuredClone(base);
      setAt(doc, resolvePath(doc, 'workloads.chat.disaggregated.prefill.replicas'), prefill);
      setAt(doc, resolvePath(doc, 'workloads.chat.disaggregated.decode.replicas'), decode);
      const w = parseScenario(stringify(doc)).workloads[0] as InferenceWorkload;
      expect([w.disaggregated?.prefill.replicas, w.disaggregated?.decode.replicas]).toEqual([prefill, decode]);
    }
    const zero = structuredClone(base);
    setAt(zero, resolvePath(zero, 'workloads.chat.disaggregated.prefill.replicas'), 0);
    expect(() => parseScenario(stringify(zero), 'pd.yaml')).toThrow(/disaggregated\.prefill\.replicas: is 0: the prefill phase needs at least one replica/);
  });

  it('refuses offline batches and device slices for a disaggregated service', () => {
    expect(() => parseScenario(service(defaultPhases).replace('arrivals: { rate: 2 /s }', 'arrivals: { kind: offline, requests: 100 }'), 'pd.yaml')).toThrow(
      /arrivals: offline batches are not modelled/,
    );
    expect(() => parseScenario(service(defaultPhases, '\n    devices: 0.5'), 'pd.yaml')).toThrow(/devices: a disaggregated service runs its phases on whole devices/);
  });
});

describe('a disaggregated service with expert parallelism per phase (SGLang: EP32 prefill, EP72 decode)', () => {
  const pdEp = (decodeTail = '', rate = '40 /s', tokens = '{ input: { kind: lognormal, mean: 2000, sd: 1000 }, output: { kind: lognormal, mean: 300, sd: 200 } }') => `
name: pd-ep
seed: 5
horizon: 5 min
warmup: 1 min
replications: 1
costs: none
sites:
  dc: { nodes: { type: dgx-h100, count: 13 } }
workloads:
  - name: chat
    kind: inference
    model: { card: deepseek-v3, precision: fp8 }
    arrivals: { rate: ${rate} }
    tokens: ${tokens}
    tensor_parallel: 1
    max_batch: 256
    disaggregated:
      prefill: { replicas: 1, expert_parallel: 32, max_batch_tokens: 16384 }
      decode: { replicas: 1, expert_parallel: 72, redundant_experts: 32, max_batch: 18432${decodeTail} }
`;

  it('resolves each phase with its own expert-parallel width and redundant experts', () => {
    const w = parseScenario(pdEp()).workloads[0] as InferenceWorkload;
    expect(w.disaggregated?.prefill.expertParallel).toEqual({ size: 32, moeLayers: 58 });
    expect(w.disaggregated?.decode.expertParallel).toEqual({ size: 72, redundantExperts: 32, moeLayers: 58 });
    // the phase replicas hold 32 + 72 devices of the pool's 104
    expect(() => parseScenario(pdEp().replace('count: 13', 'count: 12'), 'pd.yaml')).toThrow(/need 104 devices but pool 'dc\/main' has 96/);
  });

  it('runs: each phase holds its expert-parallel devices, and the result describes the decode replica', () => {
    const result = simulate(parseScenario(pdEp()));
    const r = result.replications[0]!;
    const chat = r.inference['chat']!;
    expect(chat.completed).toBeGreaterThan(8000);
    expect(r.pools['dc/main']!.mean_busy_devices).toBeCloseTo(104, 6);
    const performance = result.performance['chat'];
    expect(performance?.kind === 'inference' && performance.expert_parallel?.devices).toBe(72);
    expect(performance?.kind === 'inference' && performance.expert_parallel?.experts_per_device).toBe(4);
  });

  it('decodes one request alone exactly as the same expert-parallel replica serving colocated does', () => {
    // A request every 1,000 s of 2,000 prompt tokens and 101 output tokens: it decodes alone, so its time per output
    // token is the decode replica's own step, which must be the colocated EP72 replica's (same model, same fabric).
    const tokens = '{ input: 2000, output: 101 }';
    const disaggregated = simulate(parseScenario(pdEp('', '0.001 /s', tokens).replace('horizon: 5 min', 'horizon: 3 h'))).replications[0]!.inference['chat']!;
    const colocated = `
name: colocated-ep
seed: 5
horizon: 3 h
warmup: 1 min
replications: 1
costs: none
sites:
  dc: { nodes: { type: dgx-h100, count: 9 } }
workloads:
  - name: chat
    kind: inference
    model: { card: deepseek-v3, precision: fp8 }
    arrivals: { rate: 0.001 /s }
    tokens: ${tokens}
    replicas: 1
    tensor_parallel: 1
    expert_parallel: 72
    redundant_experts: 32
    max_batch: 18432
`;
    const alone = simulate(parseScenario(colocated)).replications[0]!.inference['chat']!;
    expect(disaggregated.tpot.count).toBeGreaterThan(3);
    expect(disaggregated.tpot.mean).toBeCloseTo(alone.tpot.mean, 9);
  });
});
