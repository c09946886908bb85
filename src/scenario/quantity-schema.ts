import { z } from 'zod';
import { canonicalUnits, dimensionExamples, parseFraction, parseQuantity, QuantityError, type Dimension } from './units.js';
import type { DistributionSpec } from '../model/types.js';
import { lognormalFromMeanSd, validateDistribution } from '../engine/distributions.js';

/**
 * zod builders for quantities with units and for distributions over them. They validate and convert
 * in one pass, so every unit error is a zod issue with a path, which `input-error.ts` maps back to
 * a line and column of the YAML file.
 */

export interface QuantityBounds {
  /** Allow 0 (default: strictly positive). */
  readonly allowZero?: boolean;
  /** Largest plausible value, in the canonical unit: anything above is rejected as absurd. */
  readonly max?: number;
}

function checkBounds(n: number, text: string, dim: Dimension, bounds: QuantityBounds, ctx: z.RefinementCtx): boolean {
  if (n < 0 || (n === 0 && !bounds.allowZero)) {
    ctx.addIssue({ code: 'custom', message: `'${text}' must be ${bounds.allowZero ? 'zero or more' : 'greater than zero'}` });
    return false;
  }
  if (bounds.max !== undefined && n > bounds.max) {
    ctx.addIssue({
      code: 'custom',
      message: `'${text}' is implausibly large (more than ${bounds.max} ${canonicalUnits[dim]})`,
    });
    return false;
  }
  return true;
}

function addQuantityIssue(err: unknown, ctx: z.RefinementCtx): void {
  if (err instanceof QuantityError) {
    ctx.addIssue({ code: 'custom', message: err.message + (err.hint ? `; ${err.hint}` : '') });
  } else {
    throw err;
  }
}

/** A quantity string such as `'80 GB'`, returned as a number in the dimension's canonical unit. */
export function quantity(dim: Dimension, description: string, bounds: QuantityBounds = {}) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? 'is required' : `expected ${dimensionExamples[dim]}, got ${typeof iss.input === 'number' ? String(iss.input) : JSON.stringify(iss.input)}`) })
    .describe(`${description} (${dimensionExamples[dim]})`)
    .transform((text, ctx) => {
      try {
        const n = parseQuantity(text, dim);
        return checkBounds(n, text, dim, bounds, ctx) ? n : z.NEVER;
      } catch (err) {
        addQuantityIssue(err, ctx);
        return z.NEVER;
      }
    });
}

/** A dimensionless fraction written as `0.4` or `'40 %'`, in [0, 1] unless `max` says otherwise. */
export function fraction(description: string, max = 1, options: { allowZero?: boolean } = {}) {
  return z
    .union([z.number(), z.string()])
    .describe(`${description} (a number such as 0.4 or a percentage such as '40 %')`)
    .transform((v, ctx) => {
      try {
        const n = parseFraction(v);
        if (!Number.isFinite(n) || n < 0 || (n === 0 && !options.allowZero) || n > max) {
          ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} must be ${options.allowZero ? 'at least 0' : 'greater than 0'} and at most ${max} (${max * 100} %)` });
          return z.NEVER;
        }
        return n;
      } catch (err) {
        addQuantityIssue(err, ctx);
        return z.NEVER;
      }
    });
}

const positiveNumber = (description: string) => z.number().positive().finite().describe(description);

/**
 * A distribution of a quantity: either a constant written as a quantity string, or an object with a
 * `kind`. Location/scale parameters carry units; shape parameters are plain numbers.
 */
export function distribution(dim: Dimension | 'count', description: string) {
  // 'count': plain numbers (parameters, tokens) — no unit.
  const q = (what: string, bounds: QuantityBounds = {}) =>
    dim === 'count'
      ? z
          .number()
          .finite()
          .describe(what)
          .refine((n) => n > 0 || (n === 0 && bounds.allowZero === true), `must be greater than zero`)
      : quantity(dim, what, bounds);
  const example = dim === 'count' ? 'a number such as 7e9' : dimensionExamples[dim].replace(/^.* such as /, '');
  const variants = z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('constant'), value: q('the value') }),
    z.strictObject({ kind: z.literal('exponential'), mean: q('mean') }),
    z.strictObject({ kind: z.literal('uniform'), min: q('minimum', { allowZero: true }), max: q('maximum') }),
    z.strictObject({ kind: z.literal('normal'), mean: q('mean'), sd: q('standard deviation') }),
    z.strictObject({ kind: z.literal('lognormal'), mean: q('mean'), sd: q('standard deviation') }),
    z.strictObject({ kind: z.literal('gamma'), shape: positiveNumber('shape k'), scale: q('scale θ (mean = k·θ)') }),
    z.strictObject({ kind: z.literal('weibull'), shape: positiveNumber('shape k'), scale: q('scale λ') }),
    z.strictObject({ kind: z.literal('pareto'), shape: positiveNumber('shape α'), scale: q('scale: the minimum value') }),
    z.strictObject({
      kind: z.literal('empirical'),
      values: z.array(q('a value')).min(1).max(100_000),
      weights: z.array(z.number().nonnegative().finite()).optional().describe('relative weights, one per value'),
    }),
  ]);
  return z
    .union([q(description), variants])
    .describe(`${description}: a constant such as ${example}, or {kind: exponential|uniform|normal|lognormal|gamma|weibull|pareto|empirical, …}`)
    .transform((v, ctx): DistributionSpec => {
      if (typeof v === 'number') return { kind: 'constant', value: v };
      const before = ctx.issues.length;
      const spec = toSpec(v, ctx);
      return ctx.issues.length === before ? samplable(spec, ctx) : spec;
    });
}

/**
 * The engine's own check of a distribution, as a schema issue: parameters each valid on their own can
 * still make a distribution the engine cannot sample (weights whose sum overflows, a lognormal whose
 * sd/mean ratio overflows σ). Reported here so they are input errors, never internal ones.
 */
function samplable(spec: DistributionSpec, ctx: z.RefinementCtx): DistributionSpec {
  try {
    validateDistribution(spec);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    ctx.addIssue({ code: 'custom', message: `cannot be sampled: ${err.message}`, ...(spec.kind === 'empirical' && { path: ['weights'] }) });
  }
  return spec;
}

type DistInput =
  | { kind: 'constant'; value: number }
  | { kind: 'exponential'; mean: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'normal'; mean: number; sd: number }
  | { kind: 'lognormal'; mean: number; sd: number }
  | { kind: 'gamma' | 'weibull' | 'pareto'; shape: number; scale: number }
  | { kind: 'empirical'; values: number[]; weights?: number[] | undefined };

function toSpec(v: DistInput, ctx: z.RefinementCtx): DistributionSpec {
  switch (v.kind) {
    case 'lognormal': {
      const { mu, sigma } = lognormalFromMeanSd(v.mean, v.sd);
      if (!Number.isFinite(mu) || !Number.isFinite(sigma)) {
        ctx.addIssue({ code: 'custom', message: `sd is ${(v.sd / v.mean).toExponential(1)} times the mean: too large a ratio for a lognormal (σ overflows)`, path: ['sd'] });
      }
      return { kind: 'lognormal', mu, sigma };
    }
    case 'uniform':
      if (v.min > v.max) ctx.addIssue({ code: 'custom', message: 'min must not exceed max', path: ['min'] });
      return v;
    case 'empirical': {
      const { weights } = v;
      if (weights === undefined) return { kind: 'empirical', values: v.values };
      if (weights.length !== v.values.length) {
        ctx.addIssue({ code: 'custom', message: `has ${weights.length} weights for ${v.values.length} values`, path: ['weights'] });
      } else {
        weightProblem(weights, ctx);
      }
      return { kind: 'empirical', values: v.values, weights };
    }
    default:
      return v;
  }
}

/** Relative weights must give a probability: at least one positive, and a sum a double can hold. */
function weightProblem(weights: readonly number[], ctx: z.RefinementCtx): void {
  if (!weights.some((w) => w > 0)) {
    ctx.addIssue({ code: 'custom', message: `needs at least one positive weight, got ${JSON.stringify(weights)}`, path: ['weights'] });
  } else if (!Number.isFinite(weights.reduce((a, b) => a + b, 0))) {
    ctx.addIssue({ code: 'custom', message: 'the weights add up to more than a number can hold; scale them down (only their ratios matter)', path: ['weights'] });
  }
}

/** An empirical choice of device counts: `{kind: empirical, values: [1, 2, 8], weights: [0.5, 0.3, 0.2]}`. */
export const empiricalDeviceCounts = z.strictObject({
  kind: z.literal('empirical'),
  values: z.array(z.int().min(1).max(1_000_000)).min(1),
  weights: z.array(z.number().nonnegative().finite()).optional().describe('relative weights, one per value'),
});

/** The distribution of an empirical choice of device counts, its weights checked. */
export function empiricalDevices(v: z.infer<typeof empiricalDeviceCounts>, ctx: z.RefinementCtx): DistributionSpec {
  if (v.weights !== undefined && v.weights.length !== v.values.length) {
    ctx.addIssue({ code: 'custom', message: `has ${v.weights.length} weights for ${v.values.length} values`, path: ['weights'] });
  } else if (v.weights !== undefined) {
    weightProblem(v.weights, ctx);
  }
  // (integers in [1, 10^6] with valid weights always sample)
  return v.weights === undefined ? { kind: 'empirical', values: v.values } : { kind: 'empirical', values: v.values, weights: v.weights };
}

/** Devices per job: a positive integer or an empirical choice of positive integers. */
export const deviceCount = z
  .union([z.int().min(1).max(1_000_000), empiricalDeviceCounts])
  .describe('devices per job: an integer, or {kind: empirical, values: [1, 2, 8], weights: [0.5, 0.3, 0.2]}')
  .transform((v, ctx): DistributionSpec => (typeof v === 'number' ? { kind: 'constant', value: v } : empiricalDevices(v, ctx)));
