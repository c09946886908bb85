// The serving model jumps over pure-decode iterations (src/model/inference-service.ts, DecodeRun); the
// iteration-by-iteration model it replaced (test/support/iteration-by-iteration-service.ts) is the oracle.
// Both are fed the same requests on their own clocks; every per-request figure must agree up to rounding
// (the jump sums iteration times in closed form, the oracle adds them one by one).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation } from '../../src/engine/index.js';
import { InferenceService, type InferenceMetrics, type ServiceSpec } from '../../src/model/inference-service.js';
import { decodeGrowth, iterationDuration, iterationTime, nodeFabric, replicaModel, type ReplicaModel } from '../../src/model/performance/index.js';
import { DecodeRun } from '../../src/model/serving/decode-run.js';
import { IterationByIterationService } from '../support/iteration-by-iteration-service.js';
import { propertyRuns } from '../support/property-runs.js';
import { deviceProfile, nodeProfile } from '../performance/profiles.js';

const h100 = deviceProfile('h100-sxm-80gb');
const llama70: ReplicaModel = replicaModel({
  model: { params: 70.6e9, weightPrecision: 'fp8', kvCache: { layers: 80, kvHeads: 8, headDim: 128, precision: 'fp8' }, hiddenSize: 8192 },
  device: h100,
  tensorParallel: 2,
  scaleUp: nodeFabric(nodeProfile('dgx-h100')).scaleUp,
});

interface Arrival {
  readonly time: number;
  readonly input: number;
  readonly output: number;
}

/** A small linear congruential stream: the same requests for both models, independent of the product's RNG. */
function requests(seed: number, count: number, rate: number, meanIn: number, meanOut: number): Arrival[] {
  let x = seed >>> 0 || 1;
  const u = (): number => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return (x + 0.5) / 2 ** 32;
  };
  const out: Arrival[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) {
    t += -Math.log(u()) / rate;
    out.push({ time: t, input: Math.ceil(-Math.log(u()) * meanIn), output: Math.ceil(-Math.log(u()) * meanOut) });
  }
  return out;
}

type Service = Pick<InferenceService, 'submit' | 'replicaReady' | 'result'>;

function run(make: (sim: Simulation) => Service, arrivals: readonly Arrival[], replicas: number, horizon: number, window: number): { metrics: InferenceMetrics; events: number } {
  const sim = new Simulation();
  const service = make(sim);
  for (let i = 0; i < replicas; i++) service.replicaReady(i);
  for (const a of arrivals) sim.scheduleAt(a.time, () => service.submit(a.input, a.output), undefined, 1);
  sim.run(horizon);
  return { metrics: service.result(window), events: sim.eventsProcessed };
}

function compare(arrivals: readonly Arrival[], spec: ServiceSpec, horizon: number, model = llama70): { fast: number; slow: number } {
  const window = horizon - spec.warmup;
  const fast = run((sim) => new InferenceService(sim, model, spec, 0), arrivals, spec.replicas, horizon, window);
  const slow = run((sim) => new IterationByIterationService(sim, model, spec, 0), arrivals, spec.replicas, horizon, window);
  const a = fast.metrics;
  const b = slow.metrics;
  for (const key of ['submitted', 'completed', 'rejected', 'queued_at_end', 'running_at_end'] as const) expect(a[key], key).toBe(b[key]);
  expect(a.tokens_per_second).toBeCloseTo(b.tokens_per_second, 9);
  expect(a.slo_attainment).toBe(b.slo_attainment);
  for (const key of ['ttft', 'tpot', 'e2e'] as const) {
    expect(a[key].count, `${key}.count`).toBe(b[key].count);
    for (const stat of ['mean', 'p50', 'p95', 'p99', 'max'] as const) {
      const x = a[key][stat];
      const y = b[key][stat];
      if (typeof x === 'number' && typeof y === 'number') expect(Math.abs(x - y), `${key}.${stat}: ${x} vs ${y}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(y)));
      else expect(x).toEqual(y);
    }
  }
  if (spec.offline) {
    expect(a.offline?.unfinished).toBe(b.offline?.unfinished);
    expect(a.offline?.tokens_per_second).toBeCloseTo(b.offline?.tokens_per_second ?? NaN, 6);
  }
  return { fast: fast.events, slow: slow.events };
}

describe('jumping over pure-decode iterations gives the iteration-by-iteration results', () => {
  it('a chat service at about 70 % load, with a warm-up and requests still running at the horizon: same figures, far fewer events', () => {
    const arrivals = requests(7, 3000, 4, 1000, 250);
    const events = compare(arrivals, { replicas: 2, maxBatch: 256, slo: { ttft: 0.5, tpot: 0.05 }, warmup: 60 }, 600);
    // the jump needs an event per admission and per completion, not one per iteration
    expect(events.fast * 5).toBeLessThan(events.slow);
  });

  it('a saturated service whose batch and KV cache are full, so arrivals wait for completions', () => {
    compare(requests(11, 4000, 40, 2000, 400), { replicas: 1, maxBatch: 64, slo: {}, warmup: 0 }, 300);
  });

  it('an offline batch drained, one-token outputs among the requests', () => {
    const arrivals = requests(3, 500, 1e6, 300, 3).map((a) => ({ ...a, time: 0 }));
    compare(arrivals, { replicas: 2, maxBatch: 128, slo: {}, warmup: 0, offline: true }, 3600);
  });

  it('chunked prefill: long prompts in chunks of what 1,536 tokens an iteration leave, at 70 % load and saturated', () => {
    compare(requests(5, 1500, 1.5, 6000, 300), { replicas: 2, maxBatch: 128, maxBatchTokens: 1536, slo: { ttft: 6, tpot: 0.175 }, warmup: 60 }, 900);
    compare(requests(9, 3000, 30, 3000, 200), { replicas: 1, maxBatch: 64, maxBatchTokens: 512, slo: {}, warmup: 0 }, 300);
  });

  it('an expert-parallel replica: DeepSeek-V3 over 16 H200 of two nodes, its all-to-alls in every iteration', () => {
    const fabric = nodeFabric(nodeProfile('dgx-h200'));
    const deepseek = replicaModel({
      model: { params: 671e9, weightPrecision: 'fp8', kvCache: { bytesPerToken: 35136 }, hiddenSize: 7168, layers: 61, moe: { activeParams: 37e9, experts: { routed: 256, active: 8 } } },
      device: deviceProfile('h200-sxm-141gb'),
      tensorParallel: 1,
      scaleUp: fabric.scaleUp,
      expertParallel: { size: 16, moeLayers: 58, devicesPerDomain: 8, scaleOut: fabric.scaleOut },
    });
    compare(requests(13, 3000, 20, 1500, 300), { replicas: 1, maxBatch: 512, maxBatchTokens: 8192, slo: {}, warmup: 30 }, 300, deepseek);
  });

  it('chunked prefill: a budget smaller than the decoding batch stalls prefill until sequences finish', () => {
    compare(requests(13, 400, 20, 200, 100), { replicas: 1, maxBatch: 32, maxBatchTokens: 8, slo: {}, warmup: 0 }, 200);
  });

  it('property: any request mix, batch limit, token budget, warm-up and horizon', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 4096 }),
        fc.double({ min: 0.5, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        (seed, replicas, maxBatch, maxBatchTokens, rate, warmup) => {
          compare(requests(seed, 150, rate, 1500, 60), { replicas, maxBatch, maxBatchTokens, slo: { tpot: 0.03 }, warmup }, 40);
        },
      ),
      { numRuns: propertyRuns(25) },
    );
  });

  it('property: any request mix, batch limit, warm-up and horizon', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 64 }),
        fc.double({ min: 0.5, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        (seed, replicas, maxBatch, rate, warmup) => {
          compare(requests(seed, 150, rate, 400, 60), { replicas, maxBatch, slo: { tpot: 0.03 }, warmup }, 40);
        },
      ),
      { numRuns: propertyRuns(25) },
    );
  });
});

describe('DecodeRun: iteration ends in closed form', () => {
  it('the k-th end is the sum of k durations growing by a constant step, and the searches invert it', () => {
    const run = new DecodeRun(10, 0.02, 0.0001);
    let t = 10;
    for (let k = 1; k <= 50; k++) {
      t += 0.02 + (k - 1) * 0.0001;
      expect(run.endOf(k)).toBeCloseTo(t, 12);
    }
    expect(run.endedBy(run.endOf(7), 50)).toBe(7);
    expect(run.endedBefore(run.endOf(7), 50)).toBe(6);
    expect(run.endedBy(9, 50)).toBe(0);
    expect(run.endedBy(1e9, 50)).toBe(50);
    const later = new DecodeRun(10, 0.02, 0.0001);
    later.advance(5);
    expect(later.endOf(3)).toBeCloseTo(run.endOf(8), 12);
  });

  it("iterationDuration is iterationTime's duration, bit for bit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4096 }), fc.integer({ min: 0, max: 50_000_000 }), fc.integer({ min: 0, max: 100_000 }), (n, context, prefill) => {
        expect(iterationDuration(llama70, n, context, prefill)).toBe(iterationTime(llama70, { decodeSequences: n, decodeContextTokens: context, prefillTokens: prefill }).duration);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('the growth per iteration is what iterationTime says one iteration later', () => {
    for (const n of [1, 7, 256]) {
      const at = (context: number) => iterationTime(llama70, { decodeSequences: n, decodeContextTokens: context }).duration;
      expect(decodeGrowth(llama70, n)).toBeCloseTo(at(5000 + n) - at(5000), 15);
      expect(decodeGrowth(llama70, n)).toBeGreaterThan(0);
    }
  });
});
