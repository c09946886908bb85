// Prefix caching in the serving model (src/model/serving/prefix-caching.ts with src/model/inference-service.ts):
// hits shorten the prefill by exactly the cached tokens' compute, a cold cache changes nothing, a shared system
// prompt hits for every request but the first, DRAM hits cost their transfer, cache-aware routing finds a
// conversation's replica.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation } from '../../src/engine/index.js';
import { InferenceService, type InferenceMetrics, type ServiceSpec } from '../../src/model/inference-service.js';
import { nodeFabric, replicaModel, type ReplicaModel } from '../../src/model/performance/index.js';
import type { PrefixCacheSpec } from '../../src/model/serving/prefix-caching.js';
import type { PrefixRef } from '../../src/model/serving/prefix-cache.js';
import { deviceProfile, nodeProfile } from '../performance/profiles.js';
import { propertyRuns } from '../support/property-runs.js';

const llama70: ReplicaModel = replicaModel({
  model: { params: 70.6e9, weightPrecision: 'fp8', kvCache: { layers: 80, kvHeads: 8, headDim: 128, precision: 'fp8' }, hiddenSize: 8192 },
  device: deviceProfile('h100-sxm-80gb'),
  tensorParallel: 2,
  scaleUp: nodeFabric(nodeProfile('dgx-h100')).scaleUp,
});

interface Submission {
  readonly time: number;
  readonly input: number;
  readonly output: number;
  readonly prefix?: PrefixRef;
}

const base: ServiceSpec = { replicas: 1, maxBatch: 256, slo: {}, warmup: 0 };
const cache = (extra: Partial<PrefixCacheSpec> = {}): PrefixCacheSpec => ({ blockTokens: 16, tiers: [], routeSlack: 32, ...extra });

function run(spec: ServiceSpec, submissions: readonly Submission[], horizon = 1000): InferenceMetrics {
  const sim = new Simulation();
  const service = new InferenceService(sim, llama70, spec, 0);
  for (let i = 0; i < spec.replicas; i++) service.replicaReady(i);
  for (const s of submissions) sim.scheduleAt(s.time, () => service.submit(s.input, s.output, s.prefix), undefined, 1);
  sim.run(horizon);
  return service.result(horizon - spec.warmup);
}

const conversation = (system: number, systemTokens: number, session: number, reusable = systemTokens): PrefixRef => ({ system, systemTokens, session, reusableTokens: reusable });

describe('prefix caching', () => {
  it('a hit shortens the prefill by exactly the compute of the cached tokens', () => {
    // Cold, the prompt's I tokens are computed; warm, I − h of them, whose attention reads the h cached ones.
    // The KV bytes read and written are the same (h read + (I − h) written = I written), the weights are read once
    // either way, so when both iterations are compute-bound the difference is h × (FLOPs per token ÷ compute rate
    // + the tensor-parallel all-reduce time per token).
    const h = 1008; // 63 blocks of 16
    const input = h + 2000;
    const m = llama70;
    expect((m.flopsPerToken * (input - h)) / m.computeRate).toBeGreaterThan(m.weightBytes / m.tensorParallel / (m.memoryBandwidth * m.memoryEfficiency));
    const first = { time: 0, input, output: 10, prefix: conversation(1, h, 1) };
    const second = { time: 100, input, output: 10, prefix: conversation(1, h, 2) };
    const spec = { ...base, warmup: 50, prefixCache: cache() };
    const warm = run(spec, [first, second]);
    const cold = run({ ...base, warmup: 50 }, [first, second]);
    expect(warm.prefix_cache?.hit_tokens).toBe(h);
    const saved = h * (m.flopsPerToken / m.computeRate + m.tensorParallelTraffic.perToken);
    expect(cold.ttft.mean - warm.ttft.mean).toBeCloseTo(saved, 12);
    // decode is the same: the context is the whole prompt either way
    expect(warm.tpot.mean).toBeCloseTo(cold.tpot.mean, 12);
  });

  it('with no prefix to reuse, a service with a cache gives the results of one without', () => {
    let x = 7;
    const u = (): number => {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      return (x + 0.5) / 2 ** 32;
    };
    const subs: Submission[] = [];
    let t = 0;
    for (let i = 0; i < 400; i++) {
      t += -Math.log(u()) / 8;
      const input = Math.ceil(-Math.log(u()) * 1500);
      // every request its own system prompt and conversation: nothing is ever reused
      subs.push({ time: t, input, output: Math.ceil(-Math.log(u()) * 200), prefix: conversation(i, Math.floor(input / 2), i) });
    }
    const spec: ServiceSpec = { ...base, replicas: 2, warmup: 5, maxBatchTokens: 4096 };
    const without = run(spec, subs, 80);
    const { prefix_cache, ...withCache } = run({ ...spec, prefixCache: cache() }, subs, 80);
    expect(prefix_cache?.hit_tokens).toBe(0);
    expect(prefix_cache?.requests).toBeGreaterThan(300);
    expect(withCache).toEqual(without);
  });

  it('one system prompt shared by every request, ample room: all but the first hit it', () => {
    const sys = 1000; // 62 whole blocks = 992 tokens
    const subs = Array.from({ length: 50 }, (_, i): Submission => ({ time: i * 2, input: sys + 50 + i, output: 20, prefix: conversation(0, sys, i) }));
    const m = run({ ...base, prefixCache: cache() }, subs);
    const pc = m.prefix_cache;
    expect(pc?.requests).toBe(50);
    expect(pc?.hit_requests).toBe(49);
    expect(pc?.hit_tokens).toBe(49 * 992);
    expect(pc?.request_hit_rate).toBeCloseTo(49 / 50, 12);
    expect(pc?.hit_tokens_by_tier).toEqual({ hbm: 49 * 992 });
  });

  it('a hit in host DRAM costs its KV bytes ÷ the DRAM bandwidth on top of the shortened prefill', () => {
    // HBM holds 1,100 tokens: prompt B's 1,008 push prompt A's to DRAM; A's next use loads them back.
    const a = conversation(1, 1008, 1);
    const b = conversation(2, 1008, 2);
    const bandwidth = 50e9;
    const dram = { name: 'dram', capacityTokens: 1_000_000, secondsPerToken: llama70.kvBytesPerToken / bandwidth };
    const again = { time: 200, input: 1508, output: 10, prefix: conversation(1, 1008, 3) };
    const subs = [
      { time: 0, input: 1508, output: 10, prefix: a },
      { time: 100, input: 1508, output: 10, prefix: b },
    ];
    const spec = { ...base, warmup: 150 };
    const tiered = run({ ...spec, prefixCache: cache({ hbmTokens: 1100, tiers: [dram] }) }, [...subs, again]);
    const inHbm = run({ ...spec, prefixCache: cache({ hbmTokens: 100_000 }) }, [...subs, again]);
    expect(tiered.prefix_cache?.hit_tokens_by_tier).toEqual({ hbm: 0, dram: 1008 });
    expect(inHbm.prefix_cache?.hit_tokens_by_tier).toEqual({ hbm: 1008 });
    const transfer = (1008 * llama70.kvBytesPerToken) / bandwidth;
    expect(tiered.prefix_cache?.load_seconds).toBeCloseTo(transfer, 15);
    expect(tiered.ttft.mean - inHbm.ttft.mean).toBeCloseTo(transfer, 12);
  });

  it("cache-aware routing sends a conversation's next turn to the replica holding it", () => {
    // turn 1 of conversations 1 and 2 run side by side (replicas 0 and 1); turn 2 of conversation 2 comes when
    // both are idle: least loaded picks replica 0 (ties to the lowest index), cache-aware picks replica 1
    const subs: Submission[] = [
      { time: 0, input: 600, output: 50, prefix: conversation(1, 200, 1, 0) },
      { time: 0.001, input: 600, output: 50, prefix: conversation(2, 200, 2, 0) },
      { time: 60, input: 900, output: 50, prefix: conversation(2, 200, 2, 650) },
    ];
    const spec: ServiceSpec = { ...base, replicas: 2, warmup: 30 };
    const aware = run({ ...spec, prefixCache: cache() }, subs);
    const blind = run({ ...spec, prefixCache: cache({ routeSlack: -1 }) }, subs);
    expect(aware.prefix_cache?.hit_tokens).toBe(640);
    expect(blind.prefix_cache?.hit_tokens).toBe(0);
    expect(aware.ttft.mean).toBeLessThan(blind.ttft.mean);
  });

  it('whatever the conversations and the cache: requests are conserved, hits never exceed the prompts, tiers add up', () => {
    const turn = fc.record({
      gap: fc.double({ min: 0, max: 5, noNaN: true }),
      system: fc.integer({ min: 0, max: 3 }),
      session: fc.integer({ min: 0, max: 12 }),
      user: fc.integer({ min: 1, max: 3000 }),
      output: fc.integer({ min: 1, max: 300 }),
    });
    const config = fc.record({
      hbm: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
      dram: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
      block: fc.constantFrom(1, 16),
      replicas: fc.integer({ min: 1, max: 3 }),
      chunk: fc.option(fc.integer({ min: 64, max: 4096 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(turn, { minLength: 1, maxLength: 40 }), config, (turns, c) => {
        const sent = new Map<number, number>();
        let t = 0;
        const subs = turns.map((x): Submission => {
          t += x.gap;
          const systemTokens = 200 * (x.system + 1);
          const before = sent.get(x.session) ?? systemTokens;
          sent.set(x.session, before + x.user + x.output);
          return { time: t, input: before + x.user, output: x.output, prefix: conversation(x.system, systemTokens, x.session * 10 + x.system, before) };
        });
        const tiers = c.dram === undefined ? [] : [{ name: 'dram', capacityTokens: c.dram, secondsPerToken: 1e-7 }];
        const spec: ServiceSpec = {
          ...base,
          replicas: c.replicas,
          ...(c.chunk !== undefined && { maxBatchTokens: c.chunk }),
          prefixCache: cache({ blockTokens: c.block, tiers, ...(c.hbm !== undefined && { hbmTokens: c.hbm }) }),
        };
        const m = run(spec, subs, 600);
        const pc = m.prefix_cache!;
        expect(m.submitted).toBe(m.completed + m.queued_at_end + m.running_at_end + m.rejected);
        expect(pc.hit_tokens).toBeLessThanOrEqual(pc.prompt_tokens - pc.requests);
        expect(pc.hit_requests).toBeLessThanOrEqual(pc.requests);
        expect(Object.values(pc.hit_tokens_by_tier).reduce((a, b) => a + b, 0)).toBe(pc.hit_tokens);
        expect(pc.hit_tokens % c.block).toBe(0);
      }),
      { numRuns: propertyRuns(40) },
    );
  });
});
