import { describe, expect, it } from 'vitest';
import { recordValidation } from '../support/validation-ledger.js';
import { RandomStreams } from '../../src/engine/index.js';
import { expectedFailures, jobMtbf, nextFailure, poolFailures } from '../../src/model/failures/index.js';

const Z99 = 2.5758293035489; // two-sided 99% normal quantile

describe('pool failures', () => {
  it('total count over replications lies in the 99% interval of Poisson(R·N·T/m)', () => {
    const N = 64;
    const m = 1000;
    const T = 500;
    const R = 2000;
    let total = 0;
    const perDevice = new Array<number>(N).fill(0);
    for (let rep = 0; rep < R; rep++) {
      const stream = new RandomStreams(42, rep).stream('failures/pool');
      let last = -Infinity;
      for (const f of poolFailures(N, m, stream, T)) {
        expect(f.time).toBeGreaterThan(last);
        expect(f.time).toBeLessThanOrEqual(T);
        last = f.time;
        perDevice[f.deviceIndex] = (perDevice[f.deviceIndex] ?? 0) + 1;
        total++;
      }
    }
    const lambda = R * expectedFailures(N, m, T); // 2000 · 32 = 64 000
    expect(lambda).toBe(64_000);
    // Poisson(λ) with λ = 64 000 is normal to well within the test's resolution.
    recordValidation({
      area: 'Failures and goodput',
      check: `device failures of a 64-device pool, MTBF 1,000 s, 500 s, ${R} replications`,
      reference: lambda,
      source: 'Poisson count R·N·T/m of independent exponential lifetimes',
      basis: 'closed form',
      ours: total,
      unit: 'failures',
      bound: 'within the 99 % interval of the Poisson count',
      interval: { low: lambda - Z99 * Math.sqrt(lambda), high: lambda + Z99 * Math.sqrt(lambda) },
      pass: Math.abs(total - lambda) <= Z99 * Math.sqrt(lambda),
    });
    expect(Math.abs(total - lambda)).toBeLessThanOrEqual(Z99 * Math.sqrt(lambda));
    // Failed device uniform over the pool: chi-square with 63 df, 99.9% quantile ≈ 103.4.
    const e = total / N;
    const chi2 = perDevice.reduce((s, o) => s + (o - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(103.4);
  });

  it('is empty for no devices or infinite MTBF, and lazily infinite without a horizon', () => {
    const s = new RandomStreams(1).stream('x');
    expect([...poolFailures(0, 100, s, 1e9)]).toEqual([]);
    expect([...poolFailures(10, Infinity, s, 1e9)]).toEqual([]);
    const gen = poolFailures(3, 10, s);
    let n = 0;
    for (const f of gen) {
      expect(f.deviceIndex).toBeGreaterThanOrEqual(0);
      expect(f.deviceIndex).toBeLessThan(3);
      if (++n === 1000) break;
    }
    expect(n).toBe(1000);
  });

  it('starts at `start` and is reproducible for a seed', () => {
    const a = [...poolFailures(8, 50, new RandomStreams(7).stream('p'), 100, 1000)];
    const b = [...poolFailures(8, 50, new RandomStreams(7).stream('p'), 100, 1000)];
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(0);
    for (const f of a) expect(f.time).toBeGreaterThan(1000);
  });
});

describe('job time to failure', () => {
  it('has mean m/n (memoryless superposition of n exponential lifetimes)', () => {
    const m = 1000;
    const n = 8;
    const draws = 100_000;
    const s = new RandomStreams(2024).stream('failures/job');
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < draws; i++) {
      const dt = nextFailure(500, n, m, s) - 500;
      expect(dt).toBeGreaterThan(0);
      sum += dt;
      sumSq += dt * dt;
    }
    const mean = sum / draws;
    const mu = jobMtbf(n, m); // 125
    expect(mu).toBe(125);
    // Exponential sd = mean, so the standard error is mu/sqrt(draws) ≈ 0.395; allow 4 SE.
    expect(Math.abs(mean - mu)).toBeLessThan((4 * mu) / Math.sqrt(draws));
    // Variance of an exponential is mu²: check within 5%.
    const variance = sumSq / draws - mean * mean;
    expect(variance / (mu * mu)).toBeGreaterThan(0.95);
    expect(variance / (mu * mu)).toBeLessThan(1.05);
  });

  it('never fails with no devices or infinite MTBF', () => {
    const s = new RandomStreams(1).stream('x');
    expect(nextFailure(10, 0, 100, s)).toBe(Infinity);
    expect(nextFailure(10, 4, Infinity, s)).toBe(Infinity);
  });

  it('expectedFailures = devices·horizon/mtbf', () => {
    expect(expectedFailures(1000, 50_000 * 3600, 30 * 86400)).toBeCloseTo((1000 * 30 * 24) / 50_000, 12);
    expect(expectedFailures(10, Infinity, 100)).toBe(0);
  });

  it('rejects bad inputs with a RangeError naming the value', () => {
    const s = new RandomStreams(1).stream('x');
    expect(() => nextFailure(0, -1, 100, s)).toThrow(/devices/);
    expect(() => nextFailure(0, 1.5, 100, s)).toThrow(RangeError);
    expect(() => nextFailure(0, 1, 0, s)).toThrow(/mtbf/);
    expect(() => nextFailure(Number.NaN, 1, 10, s)).toThrow(/now/);
    expect(() => [...poolFailures(4, 10, s, -1)]).toThrow(/horizon/);
    expect(() => expectedFailures(1, 10, -5)).toThrow(/horizon/);
  });
});
