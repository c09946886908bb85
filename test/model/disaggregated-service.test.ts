// Disaggregated prefill and decode (src/model/serving/disaggregated-service.ts): KV bytes and transfer times by hand,
// a one-request run timed by hand, conservation over P:D ratios, and the decode side's jumps.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation } from '../../src/engine/index.js';
import { nodeFabric, replicaModel, type ReplicaModel } from '../../src/model/performance/index.js';
import { DisaggregatedService, type DisaggregatedSpec } from '../../src/model/serving/disaggregated-service.js';
import { FabricTransport, fabricPath, kvTransferBytes } from '../../src/model/serving/kv-transport.js';
import type { Replica } from '../../src/model/serving/replica-state.js';
import { propertyRuns } from '../support/property-runs.js';
import { deviceProfile, nodeProfile } from '../performance/profiles.js';

const h100 = deviceProfile('h100-sxm-80gb');
const dgxH100 = nodeProfile('dgx-h100');
const llama70fp8 = (tp: number): ReplicaModel =>
  replicaModel({
    model: { params: 70.6e9, weightPrecision: 'fp8', kvCache: { layers: 80, kvHeads: 8, headDim: 128, precision: 'fp8' }, hiddenSize: 8192 },
    device: h100,
    tensorParallel: tp,
    scaleUp: nodeFabric(dgxH100).scaleUp,
  });

/**
 * A replica of round numbers, to time iterations by hand: 2 GFLOP per token at 1 PFLOP/s (2 ms a token), 1 GB of
 * weights and 1 MB of KV cache per token at 1 TB/s (1 ms, 1 µs), one device, no overhead, no all-reduces.
 */
const handModel: ReplicaModel = {
  ...llama70fp8(1),
  tensorParallel: 1,
  flopsPerToken: 2e9,
  computeRate: 1e12,
  weightBytes: 1e9,
  routedExpertBytes: 0,
  expertPick: 0,
  kvBytesPerToken: 1e6,
  kvShards: 1,
  memoryBandwidth: 1e12,
  memoryEfficiency: 1,
  kvCapacityBytes: 1e12,
  fits: true,
  iterationOverhead: 0,
  tensorParallelTraffic: { fixed: 0, perToken: 0, source: 'none' },
};

function spec(prefill: number, decode: number, extra: Partial<DisaggregatedSpec> = {}): DisaggregatedSpec {
  return { prefill: { replicas: prefill, maxBatch: 64 }, decode: { replicas: decode, maxBatch: 64 }, slo: {}, warmup: 0, ...extra };
}

/** A service on its own clock with every replica ready at time 0. */
function open(s: DisaggregatedSpec, path = { bandwidth: 1e10, latency: 1e-3 }, model = handModel) {
  const sim = new Simulation();
  const service = new DisaggregatedService(sim, model, model, s, new FabricTransport(sim, path, 0), 0);
  for (let i = 0; i < s.prefill.replicas; i++) service.prefill.replicaReady(i);
  for (let i = 0; i < s.decode.replicas; i++) service.decode.replicaReady(i);
  return { sim, service };
}

describe('KV cache moved between the phases', () => {
  it('is 80 layers × 8 KV heads × 128 × 2 (K and V) × 1 byte per token for Llama 3.1 70B in fp8', () => {
    expect(llama70fp8(4).kvBytesPerToken).toBe(163_840);
    expect(kvTransferBytes(llama70fp8(4), 2000)).toBe(2000 * 163_840);
  });

  it('goes at tp × the per-device compute NIC rate of the slower side (DGX H100: 8 × 400 Gb/s for 8 GPUs)', () => {
    const out = nodeFabric(dgxH100).scaleOut;
    expect(out.bandwidth).toBe(50e9);
    expect(fabricPath({ tensorParallel: 4, scaleOut: out }, { tensorParallel: 2, scaleOut: out }).bandwidth).toBe(100e9);
    // 2,000 tokens of Llama 3.1 70B fp8 from a TP4 to a TP4 replica: 327.68 MB at 200 GB/s = 1.6384 ms + latency
    const path = fabricPath({ tensorParallel: 4, scaleOut: out }, { tensorParallel: 4, scaleOut: out });
    const sim = new Simulation();
    let landed = NaN;
    new FabricTransport(sim, path, 0).send(0, kvTransferBytes(llama70fp8(4), 2000), () => (landed = sim.now));
    sim.run(10);
    expect(landed).toBeCloseTo(327.68e6 / 200e9 + out.latency, 12);
  });

  it('shares a prefill replica’s NICs between its transfers at once (processor sharing)', () => {
    const sim = new Simulation();
    const t = new FabricTransport(sim, { bandwidth: 1e9, latency: 0 }, 0);
    const ends: number[] = [];
    t.send(0, 1e9, () => ends.push(sim.now));
    t.send(0, 1e9, () => ends.push(sim.now));
    // another replica's NICs are its own
    t.send(1, 1e9, () => ends.push(sim.now));
    sim.run(10);
    expect(ends).toEqual([1, 2, 2]);
  });
});

describe('one request, timed by hand', () => {
  // prompt 100, output 3, one prefill and one decode replica of handModel, 10 GB/s + 1 ms between them
  const prefill = 0.2 + 1e-4; // compute 100 × 2 ms beats the 1 ms weight read; 100 MB of KV written
  const transfer = 1e8 / 1e10 + 1e-3; // the 100 prompt tokens' KV cache
  const firstStep = 0.002 + (100 + 1) * 1e-6; // feeds the first token: 2 ms, reads 100 cached tokens, writes 1
  const secondStep = 0.002 + (102 + 1) * 1e-6; // context: prompt + 2 tokens (the model's convention, as colocated)

  it('has TTFT = queue (0) + prefill + transfer, then decodes the other two tokens', () => {
    const { sim, service } = open(spec(1, 1));
    sim.scheduleAt(0, () => service.submit(100, 3), undefined, 1);
    sim.run(10);
    const r = service.result(10);
    expect(r.completed).toBe(1);
    expect(r.ttft.mean).toBeCloseTo(prefill + transfer, 12);
    expect(r.e2e.mean).toBeCloseTo(prefill + transfer + firstStep + secondStep, 12);
    expect(r.tpot.mean).toBeCloseTo((firstStep + secondStep) / 2, 12);
    const phases = r.disaggregated;
    expect(phases?.prefill.time.mean).toBeCloseTo(prefill, 12);
    expect(phases?.transfer.time.mean).toBeCloseTo(transfer, 12);
    expect(phases?.transfer.bytes).toBe(1e8);
    expect(phases?.decode.first_step.mean).toBeCloseTo(firstStep, 12);
    // 3 tokens in 10 s: the first counted by the prefill side, two by the decode side
    expect(r.tokens_per_second).toBeCloseTo(0.3, 12);
  });

  it('waits in the prefill queue behind an earlier prompt', () => {
    const { sim, service } = open({ ...spec(1, 1), prefill: { replicas: 1, maxBatch: 1 } });
    sim.scheduleAt(0, () => service.submit(100, 3), undefined, 1);
    sim.scheduleAt(0, () => service.submit(100, 3), undefined, 1);
    sim.run(10);
    const r = service.result(10);
    // the second prompt waits one prefill iteration, then both transfers go alone (the first has landed)
    expect(r.ttft.max).toBeCloseTo(2 * prefill + transfer, 9);
    expect(r.ttft.mean).toBeCloseTo(1.5 * prefill + transfer, 9);
  });

  it('ends a one-token request at its prefill: nothing to decode, no KV cache moved', () => {
    const { sim, service } = open(spec(1, 1));
    sim.scheduleAt(0, () => service.submit(100, 1), undefined, 1);
    sim.run(10);
    const r = service.result(10);
    expect(r.completed).toBe(1);
    expect(r.ttft.mean).toBeCloseTo(prefill, 12);
    expect(r.disaggregated?.transfer.bytes).toBe(0);
    expect(service.counts).toEqual({ prefilled: 1, landed: 0, decoded: 0 });
  });

  it('refuses a request that one side could never hold', () => {
    const small: ReplicaModel = { ...handModel, kvCapacityBytes: 150e6 }; // 150 tokens
    const sim = new Simulation();
    const service = new DisaggregatedService(sim, handModel, small, spec(1, 1), new FabricTransport(sim, { bandwidth: 1e10, latency: 0 }, 0), 0);
    service.prefill.replicaReady(0);
    service.decode.replicaReady(0);
    sim.scheduleAt(0, () => service.submit(100, 60), undefined, 1); // 160 tokens: too many for the decode side
    sim.scheduleAt(0, () => service.submit(100, 40), undefined, 1);
    sim.run(10);
    const r = service.result(10);
    expect(r.rejected).toBe(1);
    expect(r.completed).toBe(1);
  });
});

/** The KV tokens each replica of an InferenceService has reserved (a white-box look for the invariant). */
function reserved(s: DisaggregatedService['prefill']): number[] {
  return (s as unknown as { replicas: Replica[] }).replicas.map((r) => r.kvReserved);
}

describe('conservation over P:D ratios (property)', () => {
  it('prefills every request once, moves its KV cache once, decodes it once; KV reserved never exceeds a replica’s', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.record({ at: fc.double({ min: 0, max: 5, noNaN: true }), input: fc.integer({ min: 1, max: 3000 }), output: fc.integer({ min: 1, max: 300 }) }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 16 }),
        (p, d, requests, maxBatch) => {
          const capacityTokens = 4000;
          const model: ReplicaModel = { ...llama70fp8(2), kvCapacityBytes: capacityTokens * llama70fp8(2).kvBytesPerToken };
          const sim = new Simulation();
          const s: DisaggregatedSpec = { prefill: { replicas: p, maxBatch, maxBatchTokens: 2048 }, decode: { replicas: d, maxBatch }, slo: {}, warmup: 0 };
          const service = new DisaggregatedService(sim, model, model, s, new FabricTransport(sim, { bandwidth: 100e9, latency: 5e-6 }, 0), 0);
          for (let i = 0; i < p; i++) service.prefill.replicaReady(i);
          for (let i = 0; i < d; i++) service.decode.replicaReady(i);
          let worst = 0;
          const look = () => (worst = Math.max(worst, ...reserved(service.prefill), ...reserved(service.decode)));
          for (const q of requests) {
            sim.scheduleAt(q.at, () => service.submit(q.input, q.output), undefined, 1);
            sim.scheduleAt(q.at, look, undefined, 2);
          }
          sim.run(3600);
          look();
          const r = service.result(3600);
          const accepted = requests.filter((q) => q.input + q.output <= capacityTokens).length;
          const decoded = requests.filter((q) => q.input + q.output <= capacityTokens && q.output > 1).length;
          expect(r.submitted).toBe(requests.length);
          expect(r.rejected).toBe(requests.length - accepted);
          expect(r.completed).toBe(accepted);
          expect(service.counts).toEqual({ prefilled: accepted, landed: decoded, decoded });
          expect(r.queued_at_end + r.running_at_end).toBe(0);
          expect(worst).toBeLessThanOrEqual(capacityTokens);
          // every token of every accepted request, once
          const tokens = requests.reduce((n, q) => n + (q.input + q.output <= capacityTokens ? q.output : 0), 0);
          expect(r.tokens_per_second * 3600).toBeCloseTo(tokens, 6);
          // time to first token = (queue + prefill) + transfer, request by request, so in the means too
          if (decoded === accepted && accepted > 0) expect(r.ttft.mean).toBeCloseTo((r.disaggregated?.prefill.time.mean ?? NaN) + (r.disaggregated?.transfer.time.mean ?? NaN), 9);
        },
      ),
      { numRuns: propertyRuns(60) },
    );
  });
});

describe('speed', () => {
  it('jumps over the decode side’s pure-decode iterations: a few events per request, not one per token', () => {
    const { sim, service } = open(spec(1, 2), { bandwidth: 100e9, latency: 5e-6 }, llama70fp8(2));
    let x = 7;
    const u = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
    let t = 0;
    const n = 400;
    for (let i = 0; i < n; i++) {
      t += -Math.log(u()) / 2;
      sim.scheduleAt(t, () => service.submit(500 + 1000 * u(), 200 + 400 * u()), undefined, 1);
    }
    sim.run(100_000);
    const r = service.result(100_000);
    expect(r.completed).toBe(n);
    // ≈ 400 × 400 tokens decoded in iterations of a few sequences: tens of thousands of iterations, far fewer events
    expect(sim.eventsProcessed).toBeLessThan(12 * n);
  });
});
