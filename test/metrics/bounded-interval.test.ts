import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimate, studentTQuantile } from '../../src/metrics/confidence-interval.js';
import { summariseReplications } from '../../src/metrics/summarise-replications.js';
import { quantityOf } from '../../src/simulate/summary-quantities.js';

// t(0.975, 2) from the tables (NIST/SEMATECH e-Handbook 1.3.6.7.2), to 6 digits
const T2 = 4.302653;

describe('intervals that respect their quantity: hand-computed cases', () => {
  it('a wait of [10, 20, 400] s: log scale, lower bound above 0, where the t interval goes negative', () => {
    // mean 143.333; deviations −133.33, −123.33, 256.67: Σ² = 98,866.7, s² = 49,433.3, s = 222.336;
    // se = s/√3 = 128.366; t·se = 552.32 → the t interval [−409, 696]. On the log scale k = t·se/mean = 3.85335:
    // [143.333·e^−3.85335, 143.333·e^3.85335] = [3.03990, 6758.27].
    const signed = estimate([10, 20, 400]);
    expect(signed.low).toBeCloseTo(143.3333 - 552.32, 1);
    expect(signed.method).toBeUndefined();

    const e = estimate([10, 20, 400], 'non-negative');
    expect(e.mean).toBeCloseTo(143.3333, 3);
    expect(e.sd).toBeCloseTo(222.336, 3);
    expect(e.method).toBe('log');
    expect(e.low).toBeGreaterThan(0);
    expect(e.low!).toBeCloseTo(3.0399, 3);
    expect(e.high! / 6758.27).toBeCloseTo(1, 5);
    expect(e.half_width!).toBeCloseTo((e.high! - e.low!) / 2, 9);
    expect(e.no_spread).toBeUndefined();
  });

  it('a utilisation of [0.98, 0.99, 1.0]: logit scale, upper bound ≤ 1', () => {
    // mean 0.99, s = 0.01, se = 0.0057735; k = t·se/(0.99·0.01) = 2.50923; logit(0.99) = 4.59512:
    // [expit(2.08589), expit(7.10435)] = [0.889524, 0.999179]. The t interval's upper bound is 1.01484.
    expect(estimate([0.98, 0.99, 1.0]).high!).toBeCloseTo(0.99 + T2 * 0.0057735, 4);
    const e = estimate([0.98, 0.99, 1.0], 'fraction');
    expect(e.method).toBe('logit');
    expect(e.high!).toBeLessThanOrEqual(1);
    expect(e.high!).toBeCloseTo(0.999179, 5);
    expect(e.low!).toBeCloseTo(0.889524, 5);
  });

  it('equal replications are flagged as no spread, not a certain value', () => {
    for (const quantity of ['signed', 'non-negative', 'fraction'] as const) {
      expect(estimate([0.5, 0.5, 0.5], quantity)).toEqual({ mean: 0.5, half_width: 0, low: 0.5, high: 0.5, sd: 0, n: 3, no_spread: true });
    }
    expect(estimate([0, 0, 0, 0], 'non-negative')).toMatchObject({ mean: 0, low: 0, high: 0, no_spread: true });
    // equal up to the rounding of sums taken in another order
    expect(estimate([0.1 + 0.2, 0.3, 0.3], 'non-negative').no_spread).toBe(true);
    expect(estimate([1, 1 + 1e-6], 'non-negative').no_spread).toBeUndefined();
  });

  it('one replication: no interval, as before', () => {
    expect(estimate([7], 'non-negative')).toEqual({ mean: 7, half_width: null, low: null, high: null, sd: 0, n: 1 });
  });

  it('a value outside the declared range keeps the symmetric t interval (a misclassified figure is unbounded, never wrong)', () => {
    const e = estimate([-1, 2, 5], 'non-negative');
    expect(e.method).toBeUndefined();
    expect(e.low!).toBeCloseTo(2 - T2 * (3 / Math.sqrt(3)), 4);
    expect(estimate([0.5, 1.2, 0.9], 'fraction').method).toBeUndefined();
  });

  it('one replication at 0 of three: still a positive interval around the mean', () => {
    // [0, 30, 60]: mean 30, s = 30, se = 17.3205, k = 4.302653·17.3205/30 = 2.48414: [2.50192, 359.723]
    const e = estimate([0, 30, 60], 'non-negative');
    expect(e.low!).toBeCloseTo(2.50192, 4);
    expect(e.high!).toBeCloseTo(359.723, 2);
  });
});

describe('which quantity a figure is: one table (src/simulate/summary-quantities.ts)', () => {
  it.each([
    [['pools', 'onprem/main', 'utilisation'], 'fraction'],
    [['links', 'a|b', 'busy_fraction'], 'fraction'],
    [['inference', 'chat', 'slo_attainment'], 'fraction'],
    [['inference', 'chat', 'regions', 'eu', 'slo_attainment'], 'fraction'],
    [['inference', 'chat', 'prefix_cache', 'token_hit_rate'], 'fraction'],
    [['utilisation'], 'fraction'],
    [['jobs', 'wait', 'p95'], 'non-negative'],
    [['cost', 'per_month', 'cash', '7'], 'non-negative'],
    [['cost', 'npv'], 'non-negative'],
    [['mean_wait'], 'non-negative'],
    [['toString'], 'non-negative'],
  ] as const)('%j is %s', (path, quantity) => {
    expect(quantityOf(path)).toBe(quantity);
  });

  it('the summary of a result uses it', () => {
    const s = summariseReplications(
      [
        { wait: 10, utilisation: 0.98 },
        { wait: 20, utilisation: 0.99 },
        { wait: 400, utilisation: 1 },
      ],
      quantityOf,
    );
    expect(s.wait.method).toBe('log');
    expect(s.utilisation.method).toBe('logit');
    expect(summariseReplications([{ x: 1 }, { x: 3 }]).x.method).toBeUndefined();
  });
});

describe('interval properties', () => {
  const spread = (xs: readonly number[]) => Math.max(...xs) - Math.min(...xs) > 1e-9 * Math.max(...xs.map(Math.abs));

  it('any non-negative sample: bounds ≥ 0, finite, and contain the mean', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e12, noNaN: true }), { minLength: 2, maxLength: 12 }), (xs) => {
        const e = estimate(xs, 'non-negative');
        expect(e.low!).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(e.high!)).toBe(true);
        expect(e.low!).toBeLessThanOrEqual(e.mean);
        expect(e.high!).toBeGreaterThanOrEqual(e.mean);
        expect(e.method === 'log').toBe(spread(xs));
      }),
    );
  });

  it('any sample of fractions: bounds in [0, 1] and contain the mean', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 12 }), (xs) => {
        const e = estimate(xs, 'fraction');
        expect(e.low!).toBeGreaterThanOrEqual(0);
        expect(e.high!).toBeLessThanOrEqual(1);
        expect(e.low!).toBeLessThanOrEqual(e.mean);
        expect(e.high!).toBeGreaterThanOrEqual(e.mean);
      }),
    );
  });

  it('signed figures keep mean ± t(0.975, n−1)·s/√n', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 12 }), (xs) => {
        fc.pre(spread(xs));
        const n = xs.length;
        const mean = xs.reduce((a, b) => a + b, 0) / n;
        const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
        const h = studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
        const e = estimate(xs);
        expect(e.method).toBeUndefined();
        expect(e.half_width!).toBeCloseTo(h, 6);
        expect(e.low!).toBeCloseTo(mean - h, 6);
        expect(e.high!).toBeCloseTo(mean + h, 6);
      }),
    );
  });

  it('a small spread against the mean gives nearly the t interval (x̄·e^(±k) = x̄ ± t·se + O(k²))', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e6, noNaN: true }), fc.array(fc.double({ min: -1e-3, max: 1e-3, noNaN: true }), { minLength: 3, maxLength: 10 }), (m, eps) => {
        const xs = eps.map((d) => m * (1 + d));
        fc.pre(spread(xs));
        const t = estimate(xs);
        const log = estimate(xs, 'non-negative');
        const k = t.half_width! / t.mean;
        expect(Math.abs(log.low! - t.low!)).toBeLessThanOrEqual(k * k * t.mean + 1e-9 * m);
        expect(Math.abs(log.high! - t.high!)).toBeLessThanOrEqual(k * k * t.mean + 1e-9 * m);
      }),
    );
  });
});
