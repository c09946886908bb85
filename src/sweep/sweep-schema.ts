import { z } from 'zod';
import { MAX_REPLICATIONS } from '../scenario/scenario-schema.js';

/**
 * The sweep file format (docs/sweeps.md). Structure only: paths, value generators and expressions are
 * checked against the base scenario and the metric catalog by load-sweep.ts, with positions.
 */

const expression = z.string().min(1).max(2000);

/** One value of a parameter: anything a scenario field holds, but not .nan or .inf (they would reach the scenario as null). */
const sweepValue = z.unknown().refine((v) => typeof v !== 'number' || Number.isFinite(v), { message: 'is not a finite number (.nan or .inf); no scenario field takes it' });

const parameterSpec = z.union([
  z
    .strictObject({
      path: z.string().min(1).optional().describe("where the value goes in the scenario, e.g. 'sites.onprem.nodes.count'; omit for a value used only in expressions"),
      values: z
        .union([z.array(sweepValue), z.string().min(1)])
        .optional()
        .describe('a list of values, or range(start, stop, step), uniform(min, max), loguniform(min, max)'),
      expr: expression.optional().describe('a mathjs expression of other parameters, e.g. nodes * 8'),
      role: z
        .enum(['decision', 'assumption'])
        .optional()
        .describe(
          'decision (the default): a value we choose; assumption: a value we cannot choose (demand, prices); a sweep with assumptions judges each decision over all of them (docs/sweeps.md#robust-decisions)',
        ),
      description: z.string().optional(),
    })
    .describe('a named parameter'),
  z.array(sweepValue).describe('shorthand: the key is the path, these are the values'),
  z.string().min(1).describe('shorthand: the key is the path; range(…)/uniform(…)/loguniform(…) or an expression'),
  z.number().describe('shorthand: one value'),
  z.boolean().describe('shorthand: one value'),
]);

const seed = z
  .int()
  .min(0)
  .max(2 ** 32 - 1);

const sampling = z.union([
  z.enum(['grid']),
  z.strictObject({ kind: z.literal('grid') }),
  z.strictObject({
    kind: z.enum(['random', 'latin-hypercube']),
    samples: z.int().min(1).describe('number of variants to draw'),
    seed: seed.default(1).describe('seed of the draws (not of the simulations)'),
  }),
]);

const objective = z.union([z.strictObject({ minimise: expression }), z.strictObject({ minimize: expression }), z.strictObject({ maximise: expression }), z.strictObject({ maximize: expression })]);

export const sweepSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must start with a letter or digit and use only letters, digits, _ . -')
    .max(80)
    .optional()
    .describe('sweep name (default: the file name)'),
  description: z.string().optional(),
  base: z.string().min(1).optional().describe('the base scenario file, relative to this file'),
  scenario: z.record(z.string(), z.unknown()).optional().describe('the base scenario written inline (instead of base)'),
  seed: seed.optional().describe('master seed of every variant (default: the base scenario’s); variants share it: common random numbers'),
  replications: z.int().min(1).max(MAX_REPLICATIONS).optional().describe('replications of every variant (default: the base scenario’s)'),
  parameters: z.record(z.string(), parameterSpec).default({}).describe('name or path → values'),
  sampling: sampling.default('grid'),
  max_variants: z.int().min(1).optional().describe('the most variants this sweep may have (default 10,000): a guard against accidental huge grids'),
  objectives: z.array(objective).default([]).describe('what the best variants minimise or maximise, in priority order; two or more also give the Pareto front'),
  constraints: z.array(expression).default([]).describe("conditions a variant must meet to count as feasible, e.g. 'p95_wait < 2 h'"),
  assertions: z.array(expression).default([]).describe('CI gates: every variant must meet them or the sweep exits with code 1'),
  best: z.int().min(1).max(1000).default(10).describe('how many best variants to list'),
  robust: z
    .strictObject({
      quantile: z
        .number()
        .refine((q) => q > 0 && q <= 1, { error: (issue) => `must be in (0, 1], got ${String(issue.input)}: a share of the assumption scenarios, e.g. 0.9 for 90 %` })
        .default(1)
        .describe('share of the assumption scenarios in which a decision must meet every constraint (default 1: all of them)'),
    })
    .optional()
    .describe('how decisions are judged over the assumption parameters (docs/sweeps.md#robust-decisions)'),
});

export type SweepInput = z.output<typeof sweepSchema>;
export type ParameterSpecInput = z.output<typeof parameterSpec>;
