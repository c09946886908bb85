import { z } from 'zod';
import { quantity } from './quantity-schema.js';
import type { FailureSpec } from '../model/types.js';
import { MIXED_PRECISION_ADAM_BYTES_PER_PARAM } from '../model/failures/goodput.js';

/** Kinds of failure domain: a node, a rack (its nodes share power and a top-of-rack switch), the nodes under one switch. */
const domainKinds = ['node', 'rack', 'switch'] as const;

const domain = z
  .strictObject({
    kind: z.enum(domainKinds).describe('node, rack or switch: what fails as a whole'),
    nodes: z.int().min(1).max(1_000_000).default(1).describe('consecutive nodes in one domain (node: 1; a rack of two 8-GPU servers: 2)'),
    mtbf: quantity('time', 'mean time between failures of one domain (e.g. 400000 h per rack)'),
    repair: quantity('time', 'time to repair a failed domain; a job without spares waits this long', { allowZero: true }),
  })
  .refine((d) => d.kind !== 'node' || d.nodes === 1, { message: 'a node domain is one node', path: ['nodes'] });

/**
 * `failures`: device failures during jobs, and (opt-in) the goodput model: checkpoint writes timed from
 * the model's state, correlated failure domains, hot spares and repair (docs/failures.md).
 */
export const failuresSchema = z
  .strictObject({
    mtbf: quantity('time', "mean time between failures of one device (e.g. 50000 h); default: the device profile's mtbf").optional(),
    checkpoint_interval: quantity('time', 'work between checkpoints; omit for no checkpoints').optional(),
    checkpoint_cost: quantity('time', 'time to write one checkpoint', { allowZero: true }).prefault('0 s'),
    restart_overhead: quantity('time', 'time to restart after a failure', { allowZero: true }).prefault('0 s'),
    checkpoint_write: z
      .strictObject({
        bandwidth: quantity('byteRate', 'storage write bandwidth a checkpoint gets (e.g. 2 TB/s)'),
        bytes_per_param: z
          .number()
          .positive()
          .max(1000)
          .default(MIXED_PRECISION_ADAM_BYTES_PER_PARAM)
          .describe('bytes of state per parameter: weights and optimizer state (16 for mixed-precision Adam)'),
      })
      .optional()
      .describe("a training job's checkpoint write = params × bytes_per_param ÷ bandwidth (other jobs keep checkpoint_cost)"),
    repair: quantity('time', "time to repair a failed device's node; a job without a spare waits this long", { allowZero: true }).optional(),
    domains: z.array(domain).min(1).max(16).optional().describe('failure domains that take down all their nodes at once (node, rack, switch)'),
    spares: z
      .record(
        z.string().min(1).max(200),
        z.strictObject({
          nodes: z.int().min(1).max(1_000_000).describe('nodes held out of scheduling as hot spares (paid, powered, idle)'),
          swap: quantity('time', 'time for a spare to replace a failed node', { allowZero: true }),
        }),
      )
      .optional()
      .describe("hot-spare pools by pool ('site' or 'site/pool'): a failed node is replaced by a spare after the swap time instead of the job waiting for its repair"),
  })
  .optional()
  .describe('device failures during jobs (batch, training and trace jobs; inference replicas are not failed)')
  .transform((f): FailureSpec | undefined => {
    if (!f) return undefined;
    const goodput = f.checkpoint_write !== undefined || f.repair !== undefined || f.domains !== undefined || f.spares !== undefined;
    return {
      ...(f.mtbf !== undefined && { mtbf: f.mtbf }),
      checkpointInterval: f.checkpoint_interval ?? Infinity,
      checkpointCost: f.checkpoint_cost,
      restartOverhead: f.restart_overhead,
      ...(goodput && {
        goodput: {
          ...(f.checkpoint_write && { checkpointWrite: { bytesPerParam: f.checkpoint_write.bytes_per_param, bandwidth: f.checkpoint_write.bandwidth } }),
          repair: f.repair ?? 0,
          domains: (f.domains ?? []).map((d) => ({ kind: d.kind, nodes: d.kind === 'node' ? 1 : d.nodes, mtbf: d.mtbf, repair: d.repair })),
          spares: Object.fromEntries(Object.entries(f.spares ?? {}).map(([pool, s]) => [pool, { nodes: s.nodes, swap: s.swap }])),
        },
      }),
    };
  });
