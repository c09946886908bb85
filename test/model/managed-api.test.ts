import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RandomStreams, Simulation } from '../../src/engine/index.js';
import { ApiLatencySampler, Z90 } from '../../src/model/serving/api-latency.js';
import { SlidingRateLimit } from '../../src/model/serving/api-rate-limit.js';
import { overflows } from '../../src/model/serving/overflow-rule.js';
import { ManagedApi, tokensSince } from '../../src/model/serving/managed-api.js';
import type { ApiOffering } from '../../src/model/serving/api-offering.js';

const offering = (over: Partial<ApiOffering> = {}): ApiOffering => ({
  id: 'test-api',
  provider: 'Test',
  pricedOn: '2026-10',
  price: { input: 0.5, output: 1.5 },
  latency: { ttftMedian: 0.2, speedMedian: 100 },
  ...over,
});

describe('sliding-minute rate limit', () => {
  it('admits exactly N requests in any 60 s and the N+1st only once the first has left the window', () => {
    const limit = new SlidingRateLimit({ tier: 't', requestsPerMinute: 30 });
    // 200 requests at one per 0.5 s (t = 0 … 99.5): 30 at t = 0 … 14.5, none until t = 60 when the first leaves the
    // window, then 30 more at t = 60 … 74.5 as each of the first 30 leaves, and none after (the window is full to 134.5)
    const times: number[] = [];
    for (let i = 0; i < 200; i++) if (limit.admit(i * 0.5, 10, 10)) times.push(i * 0.5);
    expect(times).toHaveLength(60);
    expect(times[29]).toBe(14.5);
    expect(times[30]).toBe(60);
    expect(times[59]).toBe(74.5);
  });

  it('refuses on tokens per minute: 12,000 tok/min admits 12 requests of 1,000 tokens', () => {
    const limit = new SlidingRateLimit({ tier: 't', tokensPerMinute: 12_000 });
    const results = Array.from({ length: 20 }, (_, i) => limit.admit(i, 800, 200));
    expect(results.filter(Boolean)).toHaveLength(12);
    expect(results.slice(12).every((r) => !r)).toBe(true);
  });

  it('limits input and output tokens separately', () => {
    const limit = new SlidingRateLimit({ tier: 't', outputTokensPerMinute: 1000 });
    expect(limit.admit(0, 1_000_000, 600)).toBe(true);
    expect(limit.admit(1, 1, 401)).toBe(false);
    expect(limit.admit(2, 1, 400)).toBe(true);
    expect(limit.admit(60.5, 1, 600)).toBe(true); // the first (t = 0) has left the window
  });
});

describe('API latency draws', () => {
  it('are the median every time without a tail percentile', () => {
    const streams = new RandomStreams(1, 0);
    const s = new ApiLatencySampler({ ttftMedian: 0.3, speedMedian: 200 }, streams.stream('a'), streams.stream('b'));
    for (let i = 0; i < 5; i++) {
      const d = s.draw();
      expect(d.ttft).toBeCloseTo(0.3, 12);
      expect(d.tpot).toBeCloseTo(1 / 200, 12);
    }
  });

  it('match the median and tail percentiles given (lognormal): quantiles of 20,000 draws within 3 %', () => {
    const streams = new RandomStreams(7, 0);
    const s = new ApiLatencySampler({ ttftMedian: 0.5, ttftP90: 1.5, speedMedian: 100, speedP10: 40 }, streams.stream('a'), streams.stream('b'));
    const ttft: number[] = [];
    const speed: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const d = s.draw();
      ttft.push(d.ttft);
      speed.push(1 / d.tpot);
    }
    const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor(p * xs.length)] as number;
    expect(q(ttft, 0.5)).toBeCloseTo(0.5, 1);
    expect(Math.abs(q(ttft, 0.5) / 0.5 - 1)).toBeLessThan(0.03);
    expect(Math.abs(q(ttft, 0.9) / 1.5 - 1)).toBeLessThan(0.03);
    expect(Math.abs(q(speed, 0.5) / 100 - 1)).toBeLessThan(0.03);
    expect(Math.abs(q(speed, 0.1) / 40 - 1)).toBeLessThan(0.03);
    expect(Z90).toBeCloseTo(1.28155, 5);
  });
});

describe('overflow rule', () => {
  it('fires only when more than N requests per live replica wait', () => {
    const rule = { offering: offering(), queuePerReplica: 8 };
    expect(overflows(rule, 32, 4)).toBe(false);
    expect(overflows(rule, 33, 4)).toBe(true);
    expect(overflows(rule, 0, 0)).toBe(true);
    expect(overflows({ ...rule, queuePerReplica: 0 }, 0, 2)).toBe(false);
    expect(overflows({ ...rule, queuePerReplica: 0 }, 1, 2)).toBe(true);
  });
});

describe('managed API requests', () => {
  it('end at arrival + TTFT + (output − 1) / speed and count their tokens; a 429 counts apart', () => {
    const sim = new Simulation();
    const streams = new RandomStreams(3, 0);
    const seen: number[] = [];
    const o = offering({ rateLimits: { tier: 't', requestsPerMinute: 2 } });
    const limit = new SlidingRateLimit(o.rateLimits ?? { tier: 'none' });
    const api = new ManagedApi(sim, o, 'api', { ttft: streams.stream('t'), speed: streams.stream('s') }, 0, { ttft: 1 }, (_t, _p, e2e) => seen.push(e2e), limit);
    sim.scheduleAt(
      0,
      () => {
        expect(api.submit(1000, 101)).toBe(true);
        expect(api.submit(500, 1)).toBe(true);
        expect(api.submit(10, 10)).toBe(false);
      },
      undefined,
    );
    sim.run(100);
    // 0.2 + 100 / 100 = 1.2 s; one output token: 0.2 s
    expect(seen).toEqual([0.2, expect.closeTo(1.2, 12)]);
    const m = api.metrics(100);
    expect(m).toMatchObject({ requests: 2, rate_limited: 1, input_tokens: 1500, output_tokens: 102, completed: 2, slo_met: 2 });
    expect(m.tokens_per_second).toBeCloseTo(102 / 100, 12);
  });

  it('counts the output tokens emitted after the warm-up only', () => {
    expect(tokensSince(10, 11, 0.1, 50)).toBe(50);
    // first token at 9, then every 0.5 s: 9, 9.5, 10 → two before 10, the one at 10 counts
    expect(tokensSince(10, 9, 0.5, 10)).toBe(8);
  });
});

describe('sliding-minute rate limit, any arrivals (property)', () => {
  it('never admits more than the limits in any 60 s window, and refuses only when admitting would exceed one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gap: fc.double({ min: 0, max: 20, noNaN: true }), input: fc.integer({ min: 1, max: 500 }), output: fc.integer({ min: 1, max: 500 }) }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 500, max: 5000 }),
        (requests, rpm, tpm) => {
          const limit = new SlidingRateLimit({ tier: 't', requestsPerMinute: rpm, tokensPerMinute: tpm });
          const admitted: { t: number; tokens: number }[] = [];
          let t = 0;
          for (const r of requests) {
            t += r.gap;
            const inWindow = admitted.filter((a) => a.t > t - 60);
            const fits = inWindow.length + 1 <= rpm && inWindow.reduce((s, a) => s + a.tokens, 0) + r.input + r.output <= tpm;
            // the limiter and a brute-force count of the last 60 s agree on every request
            expect(limit.admit(t, r.input, r.output)).toBe(fits);
            if (fits) admitted.push({ t, tokens: r.input + r.output });
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
