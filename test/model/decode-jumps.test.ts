// The serving model jumps over pure-decode iterations (src/model/inference-service.ts, DecodeRun); the
// iteration-by-iteration model it replaced (test/support/iteration-by-iteration-service.ts) is the oracle.
// Both are fed the same requests on their own clocks; every per-request figure must agree up to rounding
// (the jump sums iteration times in closed form, the oracle adds them one by one).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RandomStreams, Simulation } from '../../src/engine/index.js';
import { InferenceService, type InferenceMetrics, type ServiceSpec } from '../../src/model/inference-service.js';
import {
  decodeGrowth,
  drawDecodeSteps,
  iterationDuration,
  iterationTime,
  nodeFabric,
  replicaModel,
  speculativeGrowth,
  speculativeIterationDuration,
  speculativeStep,
  type ReplicaModel,
} from '../../src/model/performance/index.js';
import { DecodeRun } from '../../src/model/serving/decode-run.js';
import type { PrefixRef } from '../../src/model/serving/prefix-cache.js';
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
  readonly prefix?: PrefixRef;
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
  for (const a of arrivals) sim.scheduleAt(a.time, () => service.submit(a.input, a.output, a.prefix), undefined, 1);
  sim.run(horizon);
  return { metrics: service.result(window), events: sim.eventsProcessed };
}

/** `spec`, or a maker of it: each model gets its own (a spec that draws carries its own random stream) */
function compare(
  arrivals: readonly Arrival[],
  specOrMaker: ServiceSpec | (() => ServiceSpec),
  horizon: number,
  model = llama70,
): { fast: number; slow: number; cache: InferenceMetrics['prefix_cache'] } {
  const make = typeof specOrMaker === 'function' ? specOrMaker : () => specOrMaker;
  const spec = make();
  const window = horizon - spec.warmup;
  const fast = run((sim) => new InferenceService(sim, model, spec, 0), arrivals, spec.replicas, horizon, window);
  const slow = run((sim) => new IterationByIterationService(sim, model, make(), 0), arrivals, spec.replicas, horizon, window);
  const a = fast.metrics;
  const b = slow.metrics;
  for (const key of ['submitted', 'completed', 'rejected', 'queued_at_end', 'running_at_end'] as const) expect(a[key], key).toBe(b[key]);
  // relative: with speculative decoding tokens come E (fractional) at a time and the two sum them in different orders
  expect(Math.abs(a.tokens_per_second - b.tokens_per_second), `tokens_per_second: ${a.tokens_per_second} vs ${b.tokens_per_second}`).toBeLessThanOrEqual(1e-9 * Math.max(1, b.tokens_per_second));
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
  if (spec.prefixCache) {
    const { load_seconds: loadA, ...hitsA } = a.prefix_cache ?? { load_seconds: NaN };
    const { load_seconds: loadB, ...hitsB } = b.prefix_cache ?? { load_seconds: NaN };
    expect(hitsA).toEqual(hitsB);
    expect(loadA).toBeCloseTo(loadB, 9);
  }
  if (spec.offline) {
    expect(a.offline?.unfinished).toBe(b.offline?.unfinished);
    expect(a.offline?.tokens_per_second).toBeCloseTo(b.offline?.tokens_per_second ?? NaN, 6);
  }
  return { fast: fast.events, slow: slow.events, cache: a.prefix_cache };
}

/**
 * Multi-turn conversations over `systems` system prompts of 500–1,500 tokens: each request continues one of 20
 * open conversations (a new one a third of the time), its prompt what the conversation sent and got + new tokens.
 */
function conversations(seed: number, count: number, rate: number, systems: number): Arrival[] {
  let x = seed >>> 0 || 1;
  const u = (): number => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return (x + 0.5) / 2 ** 32;
  };
  const systemTokens = Array.from({ length: systems }, () => 500 + Math.floor(u() * 1000));
  const open: { session: number; system: number; sent: number }[] = [];
  const out: Arrival[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) {
    t += -Math.log(u()) / rate;
    let c = open[Math.floor(u() * 20)];
    if (!c || u() < 1 / 3) {
      const system = Math.floor(u() * systems);
      c = { session: i, system, sent: systemTokens[system] as number };
      open[Math.floor(u() * 20)] = c;
    }
    const input = c.sent + Math.ceil(-Math.log(u()) * 150);
    const output = Math.ceil(-Math.log(u()) * 150);
    out.push({ time: t, input, output, prefix: { system: c.system, systemTokens: systemTokens[c.system] as number, session: c.session, reusableTokens: c.sent } });
    c.sent = input + output;
  }
  return out;
}

describe('jumping over pure-decode iterations gives the iteration-by-iteration results', () => {
  it('prefix caching: conversations over shared system prompts, cache in free memory or set aside, a DRAM tier, cache-aware routing', () => {
    const dram = { name: 'dram', capacityTokens: 200_000, secondsPerToken: llama70.kvBytesPerToken / 50e9 };
    const arrivals = conversations(17, 2000, 6, 5);
    const free = compare(arrivals, { replicas: 3, maxBatch: 128, slo: { ttft: 0.5 }, warmup: 30, prefixCache: { blockTokens: 16, tiers: [dram], routeSlack: 4 } }, 400).cache;
    const aside = compare(
      arrivals,
      { replicas: 2, maxBatch: 64, maxBatchTokens: 2048, slo: {}, warmup: 0, prefixCache: { hbmTokens: 20_000, blockTokens: 16, tiers: [dram], routeSlack: 32 } },
      400,
    ).cache;
    // the cases exercise what they say: hits in HBM, and in DRAM once the 20,000 tokens set aside overflow
    expect(free?.token_hit_rate).toBeGreaterThan(0.5);
    expect(aside?.hit_tokens_by_tier['dram']).toBeGreaterThan(0);
    expect(aside?.evictions).toBeGreaterThan(0);
  });

  it('property: prefix caching with any conversations, cache size, tier, block, batch and token budget', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 64 }),
        fc.option(fc.integer({ min: 64, max: 4096 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 50_000 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 50_000 }), { nil: undefined }),
        fc.constantFrom(1, 16),
        fc.double({ min: 0.5, max: 30, noNaN: true }),
        (seed, replicas, maxBatch, maxBatchTokens, hbmTokens, dramTokens, blockTokens, rate) => {
          const tiers = dramTokens === undefined ? [] : [{ name: 'dram', capacityTokens: dramTokens, secondsPerToken: 1e-7 }];
          const prefixCache = { blockTokens, tiers, routeSlack: 8, ...(hbmTokens !== undefined && { hbmTokens }) };
          compare(conversations(seed, 150, rate, 3), { replicas, maxBatch, ...(maxBatchTokens !== undefined && { maxBatchTokens }), slo: { tpot: 0.03 }, warmup: 5, prefixCache }, 40);
        },
      ),
      { numRuns: propertyRuns(25) },
    );
  });

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

// a Llama 3.2 1B-class draft (1.24e9 parameters, 16 layers, 8 KV heads of 64) beside the 70B target, split the same way
const draft1b: ReplicaModel = replicaModel({
  model: { params: 1.24e9, weightPrecision: 'bf16', kvCache: { layers: 16, kvHeads: 8, headDim: 64 }, hiddenSize: 2048 },
  device: h100,
  tensorParallel: 2,
  scaleUp: nodeFabric(nodeProfile('dgx-h100')).scaleUp,
});

describe('speculative decoding: the jumps still give the iteration-by-iteration results', () => {
  it('k = 4 guesses accepted at α = 0.7 (E = 2.77 tokens a step), chat at moderate load with a warm-up', () => {
    const speculative = speculativeStep(draft1b, 4, 0.7);
    compare(requests(17, 2000, 4, 1000, 250), { replicas: 2, maxBatch: 256, slo: { ttft: 0.5, tpot: 0.02 }, warmup: 60, speculative }, 400);
  });

  it('each request’s accepted tokens drawn from a seeded stream (the same draws for both models): bursts, same figures', () => {
    const speculative = speculativeStep(draft1b, 4, 0.7);
    const drawing = (): ServiceSpec => {
      const stream = new RandomStreams(5).stream('speculative-acceptance');
      return { replicas: 2, maxBatch: 128, maxBatchTokens: 4096, slo: { tpot: 0.01 }, warmup: 30, speculative, drawDecodeSteps: (n) => drawDecodeSteps(n, speculative, () => stream.uniformOpen()) };
    };
    compare(requests(23, 2000, 6, 1000, 250), drawing, 300);
  });

  it('saturated with chunked prefill, and α = 1 (k + 1 tokens every step) and α = 0 (one token, the draft wasted)', () => {
    for (const alpha of [1, 0]) {
      const speculative = speculativeStep(draft1b, 3, alpha);
      compare(requests(19, 2500, 30, 2000, 300), { replicas: 1, maxBatch: 64, maxBatchTokens: 2048, slo: {}, warmup: 0, speculative }, 200);
    }
  });

  it('property: any acceptance, draft length, request mix, batch limit, token budget, warm-up and horizon', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 64 }),
        fc.option(fc.integer({ min: 1, max: 4096 }), { nil: undefined }),
        fc.double({ min: 0.5, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.boolean(),
        (seed, alpha, k, maxBatch, maxBatchTokens, rate, warmup, drawn) => {
          const speculative = speculativeStep(draft1b, k, alpha);
          const spec = (): ServiceSpec => {
            const stream = new RandomStreams(seed).stream('speculative-acceptance');
            const draws = drawn && { drawDecodeSteps: (n: number) => drawDecodeSteps(n, speculative, () => stream.uniformOpen()) };
            return { replicas: 2, maxBatch, slo: { tpot: 0.01 }, warmup, speculative, ...draws, ...(maxBatchTokens !== undefined && { maxBatchTokens }) };
          };
          compare(requests(seed, 150, rate, 1000, 80), spec, 40);
        },
      ),
      { numRuns: propertyRuns(25) },
    );
  });

  it('a step is linear in the context: its growth is the difference of two steps E tokens per sequence apart', () => {
    for (const [k, alpha] of [
      [1, 0.9],
      [4, 0.6],
      [8, 0.3],
    ] as const) {
      const step = speculativeStep(draft1b, k, alpha);
      for (const n of [1, 7, 256]) {
        const at = (context: number) => speculativeIterationDuration(llama70, step, n, context, 0);
        const grown = at(5000 + n * step.tokensPerStep) - at(5000);
        expect(Math.abs(speculativeGrowth(llama70, step, n) - grown)).toBeLessThanOrEqual(1e-12 * at(5000));
        expect(at(9000) - at(5000)).toBeCloseTo(((at(13000) - at(5000)) * 4000) / 8000, 12);
      }
    }
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
