import { describe, expect, it } from 'vitest';
import { RandomStreams, distributionMean, distributionVariance, gammaFunction, lognormalFromMeanSd, makeSampler, type Distribution } from '../../src/engine/index.js';

const N = 200_000;

/** Sample mean, variance and fourth central moment of n draws. */
function sampleMoments(spec: Distribution, seed: number, n = N) {
  const next = makeSampler(spec, new RandomStreams(seed).stream(spec.kind));
  const xs = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    xs[i] = next();
    sum += xs[i] as number;
  }
  const mean = sum / n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = (xs[i] as number) - mean;
    const d2 = d * d;
    m2 += d2;
    m4 += d2 * d2;
  }
  return { mean, variance: m2 / (n - 1), m4: m4 / n, min: Math.min(...xs.subarray(0, 1000)) };
}

const cases: [string, Distribution][] = [
  ['uniform', { kind: 'uniform', min: 2, max: 5 }],
  ['exponential', { kind: 'exponential', mean: 2 }],
  ['normal', { kind: 'normal', mean: 3, sd: 2 }],
  ['lognormal (from mean 5, sd 3)', lognormalFromMeanSd(5, 3)],
  ['gamma shape 0.5', { kind: 'gamma', shape: 0.5, scale: 2 }],
  ['gamma shape 3.5', { kind: 'gamma', shape: 3.5, scale: 1.5 }],
  ['weibull shape 1.5', { kind: 'weibull', shape: 1.5, scale: 2 }],
  ['weibull shape 0.8', { kind: 'weibull', shape: 0.8, scale: 1 }],
  ['pareto shape 5', { kind: 'pareto', shape: 5, scale: 1 }],
  ['empirical weighted', { kind: 'empirical', values: [1, 2, 4, 8], weights: [4, 3, 2, 1] }],
];

describe('distributions: sample moments match closed forms (n = 200k)', () => {
  it.each(cases)('%s', (_, spec) => {
    const { mean, variance, m4 } = sampleMoments(spec, 99);
    const trueMean = distributionMean(spec);
    const trueVariance = distributionVariance(spec);
    // Mean within 4 standard errors.
    expect(Math.abs(mean - trueMean)).toBeLessThan(4 * Math.sqrt(trueVariance / N));
    // Variance within 5 standard errors; SE of the sample variance ≈ sqrt((μ4 − σ⁴) / n), μ4 estimated.
    const seVariance = Math.sqrt(Math.max(m4 - variance * variance, 0) / N);
    expect(Math.abs(variance - trueVariance)).toBeLessThan(5 * seVariance);
  });

  it('constant is constant', () => {
    const next = makeSampler({ kind: 'constant', value: 3.25 }, new RandomStreams(1).stream('c'));
    expect([next(), next(), next()]).toEqual([3.25, 3.25, 3.25]);
    expect(distributionVariance({ kind: 'constant', value: 3.25 })).toBe(0);
  });

  it('respects supports: pareto >= scale, exponential/gamma/weibull/lognormal > 0, uniform in [min, max)', () => {
    const stream = new RandomStreams(4).stream('support');
    const check = (spec: Distribution, ok: (x: number) => boolean): void => {
      const next = makeSampler(spec, stream);
      for (let i = 0; i < 20_000; i++) {
        const x = next();
        if (!ok(x)) throw new Error(`${spec.kind} drew ${x}`);
      }
    };
    check({ kind: 'pareto', shape: 1.2, scale: 3 }, (x) => x >= 3 && Number.isFinite(x));
    check({ kind: 'exponential', mean: 1 }, (x) => x >= 0 && Number.isFinite(x));
    check({ kind: 'gamma', shape: 0.2, scale: 1 }, (x) => x >= 0 && Number.isFinite(x));
    check({ kind: 'weibull', shape: 0.5, scale: 1 }, (x) => x >= 0 && Number.isFinite(x));
    check({ kind: 'lognormal', mu: 0, sigma: 1 }, (x) => x > 0);
    check({ kind: 'uniform', min: -1, max: 1 }, (x) => x >= -1 && x < 1);
  });
});

describe('empirical', () => {
  it('draws each value with its weight (per-bin 4σ), never a zero-weight value', () => {
    const values = [10, 20, 30, 40, 50];
    const weights = [0.5, 0, 2, 1, 6.5];
    const total = weights.reduce((a, b) => a + b, 0);
    const next = makeSampler({ kind: 'empirical', values, weights }, new RandomStreams(8).stream('emp'));
    const counts = new Map<number, number>();
    for (let i = 0; i < N; i++) {
      const x = next();
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    values.forEach((value, i) => {
      const p = (weights[i] as number) / total;
      const observed = counts.get(value) ?? 0;
      if (p === 0) expect(observed).toBe(0);
      else expect(Math.abs(observed - N * p)).toBeLessThan(4 * Math.sqrt(N * p * (1 - p)));
    });
    expect([...counts.keys()].every((x) => values.includes(x))).toBe(true);
  });

  it('without weights draws values uniformly; a single value is constant', () => {
    const next = makeSampler({ kind: 'empirical', values: [1, 2, 3] }, new RandomStreams(9).stream('emp'));
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 30_000; i++) {
      const x = next();
      counts[x] = (counts[x] ?? 0) + 1;
    }
    for (const c of counts.slice(1)) expect(Math.abs(c - 10_000)).toBeLessThan(4 * Math.sqrt(30_000 * (1 / 3) * (2 / 3)));
    const one = makeSampler({ kind: 'empirical', values: [7], weights: [2] }, new RandomStreams(9).stream('one'));
    expect(one()).toBe(7);
    expect(distributionMean({ kind: 'empirical', values: [1, 2, 3] })).toBe(2);
    expect(distributionVariance({ kind: 'empirical', values: [1, 2, 3] })).toBeCloseTo(2 / 3, 14);
  });
});

describe('closed forms', () => {
  it('gamma function', () => {
    expect(gammaFunction(5)).toBeCloseTo(24, 11);
    expect(gammaFunction(0.5)).toBeCloseTo(Math.sqrt(Math.PI), 13);
    expect(gammaFunction(1)).toBeCloseTo(1, 14);
    expect(gammaFunction(2.5)).toBeCloseTo(1.329340388179137, 13);
  });

  it('moments that diverge are Infinity', () => {
    expect(distributionMean({ kind: 'pareto', shape: 1, scale: 2 })).toBe(Infinity);
    expect(distributionVariance({ kind: 'pareto', shape: 2, scale: 2 })).toBe(Infinity);
    expect(distributionMean({ kind: 'pareto', shape: 2, scale: 2 })).toBe(4);
    expect(distributionVariance({ kind: 'pareto', shape: 3, scale: 1 })).toBeCloseTo(0.75, 14);
  });

  it('special cases agree: weibull shape 1 is exponential; gamma shape 1 is exponential', () => {
    expect(distributionMean({ kind: 'weibull', shape: 1, scale: 3 })).toBeCloseTo(3, 12);
    expect(distributionVariance({ kind: 'weibull', shape: 1, scale: 3 })).toBeCloseTo(9, 11);
    expect(distributionVariance({ kind: 'gamma', shape: 1, scale: 3 })).toBe(9);
  });

  it('lognormalFromMeanSd inverts the lognormal moments', () => {
    const spec = lognormalFromMeanSd(5, 3);
    expect(distributionMean(spec)).toBeCloseTo(5, 12);
    expect(distributionVariance(spec)).toBeCloseTo(9, 11);
    expect(lognormalFromMeanSd(2, 0)).toEqual({ kind: 'lognormal', mu: Math.log(2), sigma: 0 });
  });

  it('same stream seed gives the same samples', () => {
    const spec: Distribution = { kind: 'gamma', shape: 2.5, scale: 1 };
    const a = makeSampler(spec, new RandomStreams(5).stream('g'));
    const b = makeSampler(spec, new RandomStreams(5).stream('g'));
    for (let i = 0; i < 100; i++) expect(a()).toBe(b());
  });
});

describe('validation names the parameter and value', () => {
  const stream = new RandomStreams(1).stream('v');
  it.each([
    [{ kind: 'exponential', mean: -1 }, 'exponential.mean must be > 0, got -1'],
    [{ kind: 'exponential', mean: 0 }, 'exponential.mean must be > 0, got 0'],
    [{ kind: 'normal', mean: 0, sd: -2 }, 'normal.sd must be >= 0, got -2'],
    [{ kind: 'normal', mean: NaN, sd: 1 }, 'normal.mean must be a finite number, got NaN'],
    [{ kind: 'uniform', min: 3, max: 1 }, 'uniform.max must be >= min (3), got 1'],
    [{ kind: 'lognormal', mu: 0, sigma: -1 }, 'lognormal.sigma must be >= 0, got -1'],
    [{ kind: 'gamma', shape: 0, scale: 1 }, 'gamma.shape must be > 0, got 0'],
    [{ kind: 'weibull', shape: 1, scale: Infinity }, 'weibull.scale must be a finite number, got Infinity'],
    [{ kind: 'pareto', shape: -1, scale: 1 }, 'pareto.shape must be > 0, got -1'],
    [{ kind: 'empirical', values: [] }, 'empirical.values must not be empty'],
    [{ kind: 'empirical', values: [1, 2], weights: [1] }, 'empirical.weights must have 2 entries'],
    [{ kind: 'empirical', values: [1, 2], weights: [1, -1] }, 'empirical.weights[1] must be >= 0, got -1'],
    [{ kind: 'empirical', values: [1, 2], weights: [0, 0] }, 'finite positive sum, got 0'],
    [{ kind: 'empirical', values: [1, NaN] }, 'empirical.values[1] must be a finite number, got NaN'],
    [{ kind: 'erlang', k: 2 } as unknown as Distribution, 'unknown distribution kind "erlang"'],
  ] as [Distribution, string][])('%o', (spec, message) => {
    expect(() => makeSampler(spec, stream)).toThrow(RangeError);
    expect(() => makeSampler(spec, stream)).toThrow(message);
    expect(() => distributionMean(spec)).toThrow(message);
  });

  it('lognormalFromMeanSd validates its inputs', () => {
    expect(() => lognormalFromMeanSd(0, 1)).toThrow('lognormal mean must be > 0, got 0');
    expect(() => lognormalFromMeanSd(1, -1)).toThrow('lognormal sd must be >= 0, got -1');
  });
});
