import { describe, expect, it } from 'vitest';
import { QUANTILE_RELATIVE_ACCURACY, SampleCollector } from '../../src/metrics/sample-summary.js';
import { RandomStreams } from '../../src/engine/random-streams.js';

/**
 * The streaming summary against the sorted sample itself: every percentile within the sketch's
 * relative accuracy of the exact order statistic, count, mean and max exact, percentiles in order.
 */
describe('sample summary', () => {
  const levels = { p10: 0.1, p25: 0.25, p50: 0.5, p75: 0.75, p90: 0.9, p95: 0.95, p99: 0.99, p99_9: 0.999 } as const;

  it('percentiles p10 … p99.9 agree with the exact order statistics within 1 %', () => {
    const rng = new RandomStreams(11).stream('sample-summary-test');
    const values: number[] = [];
    const c = new SampleCollector();
    for (let i = 0; i < 200_000; i++) {
      // a heavy-ish tail: lognormal(0, 1.5)
      const u1 = rng.uniformOpen();
      const u2 = rng.uniform();
      const v = Math.exp(1.5 * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
      values.push(v);
      c.add(v);
    }
    values.sort((a, b) => a - b);
    const s = c.summary();
    expect(s.count).toBe(values.length);
    expect(s.max).toBe(values[values.length - 1]);
    expect(s.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
    let previous = 0;
    for (const [key, p] of Object.entries(levels)) {
      // the sketch answers the rank ⌊p·(n−1)⌋ value within its relative accuracy
      const exact = values[Math.floor(p * (values.length - 1))]!;
      const got = s[key as keyof typeof levels];
      expect(Math.abs(got - exact) / exact, `${key}: ${got} vs exact ${exact}`).toBeLessThanOrEqual(QUANTILE_RELATIVE_ACCURACY * 1.0001);
      expect(got).toBeGreaterThanOrEqual(previous);
      previous = got;
    }
    expect(s.max).toBeGreaterThanOrEqual(previous);
  });

  it('an empty sample is all zeros; one value is every percentile', () => {
    expect(Object.values(new SampleCollector().summary()).every((v) => v === 0)).toBe(true);
    const one = new SampleCollector();
    one.add(42);
    const s = one.summary();
    for (const key of Object.keys(levels)) expect(s[key as keyof typeof levels]).toBe(42);
  });
});
