/**
 * Probability distributions as plain data, plus samplers and closed-form moments.
 *
 * A spec is a discriminated union on `kind` so it can come straight from a
 * validated scenario. Parameters are in the caller's units (seconds, bytes…);
 * every sampler draws from a UniformSource (a RandomStream) and is a small
 * closure meant to be created once and called on hot paths.
 *
 * Validation throws RangeError naming the parameter and value.
 */
import { entry } from './entry.js';
export type Distribution =
  | { kind: 'constant'; value: number }
  /** Continuous uniform on [min, max). */
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'exponential'; mean: number }
  /** Unbounded: can return negative values. */
  | { kind: 'normal'; mean: number; sd: number }
  /** mu, sigma: mean and standard deviation of the underlying normal (of log X). */
  | { kind: 'lognormal'; mu: number; sigma: number }
  /** mean = shape·scale. */
  | { kind: 'gamma'; shape: number; scale: number }
  | { kind: 'weibull'; shape: number; scale: number }
  /** Type I Pareto; scale is the minimum value x_m. */
  | { kind: 'pareto'; shape: number; scale: number }
  /** Discrete choice among values, with optional non-negative weights (default equal). */
  | { kind: 'empirical'; values: readonly number[]; weights?: readonly number[] };

export type DistributionKind = Distribution['kind'];

/** Anything with uniform() in [0, 1), e.g. a RandomStream. */
export interface UniformSource {
  uniform(): number;
}

export type Sampler = () => number;

/** Returns a function drawing from `spec` with `source`. Validates the spec. */
export function makeSampler(spec: Distribution, source: UniformSource): Sampler {
  validateDistribution(spec);
  switch (spec.kind) {
    case 'constant': {
      const value = spec.value;
      return () => value;
    }
    case 'uniform': {
      const { min } = spec;
      const width = spec.max - spec.min;
      return () => min + width * source.uniform();
    }
    case 'exponential': {
      const mean = spec.mean;
      // Inverse transform; 1 - u is in (0, 1] so the log is finite.
      return () => -mean * Math.log1p(-source.uniform());
    }
    case 'normal': {
      const { mean, sd } = spec;
      const z = makeStandardNormal(source);
      return () => mean + sd * z();
    }
    case 'lognormal': {
      const { mu, sigma } = spec;
      const z = makeStandardNormal(source);
      return () => Math.exp(mu + sigma * z());
    }
    case 'gamma':
      return makeGamma(spec.shape, spec.scale, source);
    case 'weibull': {
      const { scale } = spec;
      const inverseShape = 1 / spec.shape;
      return () => scale * Math.pow(-Math.log1p(-source.uniform()), inverseShape);
    }
    case 'pareto': {
      const { scale } = spec;
      const exponent = -1 / spec.shape;
      return () => scale * Math.pow(1 - source.uniform(), exponent);
    }
    case 'empirical':
      return makeAlias(spec.values, spec.weights, source);
    default:
      return assertNever(spec);
  }
}

/** Closed-form mean; Infinity where it diverges (Pareto shape <= 1). */
export function distributionMean(spec: Distribution): number {
  validateDistribution(spec);
  switch (spec.kind) {
    case 'constant':
      return spec.value;
    case 'uniform':
      return (spec.min + spec.max) / 2;
    case 'exponential':
      return spec.mean;
    case 'normal':
      return spec.mean;
    case 'lognormal':
      return Math.exp(spec.mu + (spec.sigma * spec.sigma) / 2);
    case 'gamma':
      return spec.shape * spec.scale;
    case 'weibull':
      return spec.scale * gammaFunction(1 + 1 / spec.shape);
    case 'pareto':
      return spec.shape <= 1 ? Infinity : (spec.shape * spec.scale) / (spec.shape - 1);
    case 'empirical':
      return empiricalMoments(spec.values, spec.weights).mean;
    default:
      return assertNever(spec);
  }
}

/** Closed-form variance; Infinity where it diverges (Pareto shape <= 2). */
export function distributionVariance(spec: Distribution): number {
  validateDistribution(spec);
  switch (spec.kind) {
    case 'constant':
      return 0;
    case 'uniform':
      return (spec.max - spec.min) ** 2 / 12;
    case 'exponential':
      return spec.mean ** 2;
    case 'normal':
      return spec.sd ** 2;
    case 'lognormal': {
      const s2 = spec.sigma ** 2;
      return Math.expm1(s2) * Math.exp(2 * spec.mu + s2);
    }
    case 'gamma':
      return spec.shape * spec.scale ** 2;
    case 'weibull': {
      const g1 = gammaFunction(1 + 1 / spec.shape);
      const g2 = gammaFunction(1 + 2 / spec.shape);
      return spec.scale ** 2 * (g2 - g1 * g1);
    }
    case 'pareto': {
      const a = spec.shape;
      return a <= 2 ? Infinity : (spec.scale ** 2 * a) / ((a - 1) ** 2 * (a - 2));
    }
    case 'empirical':
      return empiricalMoments(spec.values, spec.weights).variance;
    default:
      return assertNever(spec);
  }
}

/** Lognormal spec with the given mean and standard deviation of X itself (mean > 0, sd >= 0). */
export function lognormalFromMeanSd(mean: number, sd: number): Distribution & { kind: 'lognormal' } {
  requireFinite('lognormal mean', mean);
  requireFinite('lognormal sd', sd);
  if (mean <= 0) throw new RangeError(`lognormal mean must be > 0, got ${mean}`);
  if (sd < 0) throw new RangeError(`lognormal sd must be >= 0, got ${sd}`);
  const sigma2 = Math.log1p((sd / mean) ** 2);
  return { kind: 'lognormal', mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

/** Throws RangeError naming the first invalid parameter of `spec`. */
export function validateDistribution(spec: Distribution): void {
  switch (spec.kind) {
    case 'constant':
      requireFinite('constant.value', spec.value);
      return;
    case 'uniform':
      requireFinite('uniform.min', spec.min);
      requireFinite('uniform.max', spec.max);
      if (spec.max < spec.min) throw new RangeError(`uniform.max must be >= min (${spec.min}), got ${spec.max}`);
      return;
    case 'exponential':
      requirePositive('exponential.mean', spec.mean);
      return;
    case 'normal':
      requireFinite('normal.mean', spec.mean);
      requireNonNegative('normal.sd', spec.sd);
      return;
    case 'lognormal':
      requireFinite('lognormal.mu', spec.mu);
      requireNonNegative('lognormal.sigma', spec.sigma);
      return;
    case 'gamma':
    case 'weibull':
    case 'pareto':
      requirePositive(`${spec.kind}.shape`, spec.shape);
      requirePositive(`${spec.kind}.scale`, spec.scale);
      return;
    case 'empirical':
      validateEmpirical(spec.values, spec.weights);
      return;
    default:
      assertNever(spec);
  }
}

function requireFinite(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${String(value)}`);
  }
}

function requirePositive(name: string, value: number): void {
  requireFinite(name, value);
  if (value <= 0) throw new RangeError(`${name} must be > 0, got ${value}`);
}

function requireNonNegative(name: string, value: number): void {
  requireFinite(name, value);
  if (value < 0) throw new RangeError(`${name} must be >= 0, got ${value}`);
}

function validateEmpirical(values: readonly number[], weights: readonly number[] | undefined): void {
  if (values.length === 0) throw new RangeError('empirical.values must not be empty');
  values.forEach((value, i) => requireFinite(`empirical.values[${i}]`, value));
  if (weights === undefined) return;
  if (weights.length !== values.length) {
    throw new RangeError(`empirical.weights must have ${values.length} entries (one per value), got ${weights.length}`);
  }
  let total = 0;
  weights.forEach((weight, i) => {
    requireNonNegative(`empirical.weights[${i}]`, weight);
    total += weight;
  });
  if (!(total > 0) || total === Infinity) throw new RangeError(`empirical.weights must have a finite positive sum, got ${total}`);
}

/** Standard normal by Marsaglia's polar method; the second variate of each pair is kept for the next call. */
function makeStandardNormal(source: UniformSource): Sampler {
  let spare = 0;
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let x: number;
    let y: number;
    let s: number;
    do {
      x = 2 * source.uniform() - 1;
      y = 2 * source.uniform() - 1;
      s = x * x + y * y;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    spare = y * factor;
    hasSpare = true;
    return x * factor;
  };
}

/**
 * Gamma(shape, scale) by Marsaglia & Tsang (2000), "A simple method for
 * generating gamma variables"; shape < 1 uses Gamma(shape + 1)·U^(1/shape).
 */
function makeGamma(shape: number, scale: number, source: UniformSource): Sampler {
  const boosted = shape < 1;
  const d = (boosted ? shape + 1 : shape) - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const inverseShape = 1 / shape;
  const normal = makeStandardNormal(source);
  return () => {
    let v: number;
    for (;;) {
      const x = normal();
      v = 1 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      const u = source.uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) break;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) break;
    }
    const sample = d * v * scale;
    return boosted ? sample * Math.pow(1 - source.uniform(), inverseShape) : sample;
  };
}

/** Discrete choice by Vose's alias method: O(n) setup, O(1) per draw with one uniform. */
function makeAlias(values: readonly number[], weights: readonly number[] | undefined, source: UniformSource): Sampler {
  // Zero-weight values are dropped so rounding can never give them a column.
  const kept: number[] = [];
  const mass: number[] = [];
  values.forEach((value, i) => {
    const weight = weights === undefined ? 1 : entry(weights, i);
    if (weight > 0) {
      kept.push(value);
      mass.push(weight);
    }
  });
  const n = kept.length;
  if (n === 1) {
    const only = entry(kept, 0);
    return () => only;
  }
  const total = mass.reduce((a, b) => a + b, 0);
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = mass.map((m) => (m * n) / total);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
  for (;;) {
    const s = small.at(-1);
    const l = large.at(-1);
    if (s === undefined || l === undefined) break;
    small.pop();
    large.pop();
    prob[s] = entry(scaled, s);
    alias[s] = l;
    const rest = entry(scaled, l) + entry(scaled, s) - 1;
    scaled[l] = rest;
    (rest < 1 ? small : large).push(l);
  }
  for (const i of large) prob[i] = 1;
  for (const i of small) prob[i] = 1;
  const table = Float64Array.from(kept);
  return () => {
    const u = source.uniform() * n;
    const i = Math.floor(u);
    return u - i < entry(prob, i) ? entry(table, i) : entry(table, entry(alias, i));
  };
}

function empiricalMoments(values: readonly number[], weights: readonly number[] | undefined): { mean: number; variance: number } {
  let total = 0;
  let sum = 0;
  values.forEach((value, i) => {
    const w = weights === undefined ? 1 : entry(weights, i);
    total += w;
    sum += w * value;
  });
  const mean = sum / total;
  let squares = 0;
  values.forEach((value, i) => {
    const w = weights === undefined ? 1 : entry(weights, i);
    squares += w * (value - mean) ** 2;
  });
  return { mean, variance: squares / total };
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Γ(x) for x > 0 by the Lanczos approximation (g = 7, n = 9), relative error ~1e-15. */
export function gammaFunction(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gammaFunction(1 - x));
  const z = x - 1;
  const t = z + 7.5;
  const a = LANCZOS.reduce((sum, c, i) => (i === 0 ? sum : sum + c / (z + i)), entry(LANCZOS, 0));
  return Math.sqrt(2 * Math.PI) * Math.pow(t, z + 0.5) * Math.exp(-t) * a;
}

function assertNever(value: never): never {
  throw new RangeError(`unknown distribution kind ${JSON.stringify((value as { kind?: unknown }).kind)}`);
}
