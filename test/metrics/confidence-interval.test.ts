import { describe, expect, it } from 'vitest';
import { estimate, logGamma, studentTQuantile } from '../../src/metrics/confidence-interval.js';
import { summariseReplications } from '../../src/metrics/summarise-replications.js';

describe('Student t confidence intervals', () => {
  // Two-sided 95% critical values t(0.975, df) from standard tables (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
  it.each([
    [1, 12.706],
    [2, 4.303],
    [4, 2.776],
    [9, 2.262],
    [19, 2.093],
    [29, 2.045],
    [100, 1.984],
  ])('t(0.975, %i) = %f', (df, t) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
  });

  it('tends to the normal quantile 1.95996 for large df', () => {
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 5);
  });

  it('logGamma matches factorials', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });

  it('computes mean, sd and half-width by hand for a small sample', () => {
    // values 1..5: mean 3, sample variance 2.5, sd 1.5811; hw = 2.776 × 1.5811 / √5 = 1.9632
    const e = estimate([1, 2, 3, 4, 5]);
    expect(e.mean).toBe(3);
    expect(e.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(e.half_width).toBeCloseTo(1.9632, 3);
    expect(e.low).toBeCloseTo(3 - 1.9632, 3);
    expect(e.n).toBe(5);
  });

  it('gives no interval for one replication', () => {
    expect(estimate([7])).toEqual({ mean: 7, half_width: null, low: null, high: null, sd: 0, n: 1 });
  });

  it('summarises every numeric leaf of same-shaped trees', () => {
    const s = summariseReplications([
      { a: 1, b: { c: 10 } },
      { a: 3, b: { c: 10 } },
    ]);
    expect(s.a.mean).toBe(2);
    expect(s.b.c.sd).toBe(0);
    expect(s.b.c.half_width).toBe(0);
  });
});
